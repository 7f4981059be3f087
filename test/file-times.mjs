// A reporter for node's test runner (test/run.ts adds it; plain JavaScript, as node loads reporters
// before tsx): one line of JSON per test file when the file's process ends, with how long it took,
// so that each pass can print its slowest files.

/** @param {AsyncIterable<import('node:test/reporters').TestEvent>} source */
export default async function* fileTimes(source) {
  for await (const e of source) {
    // The runner's own per-file test: named after the file, completed when its process ends.
    if (e.type === 'test:complete' && e.data.nesting === 0 && e.data.file && e.data.name === e.data.file) {
      yield `${JSON.stringify({ file: e.data.file, ms: Math.round(e.data.details.duration_ms), passed: e.data.details.passed })}\n`;
    }
  }
}
