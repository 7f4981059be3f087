if (process.env.PCP_MEM_PROBE) {
  const v8 = require('node:v8');
  const { isMainThread } = require('node:worker_threads');
  setInterval(() => {
    const s = Object.fromEntries(v8.getHeapSpaceStatistics().map((x) => [x.space_name, (x.space_size / 1048576).toFixed(0)]));
    const m = process.memoryUsage();
    process.stderr.write(`${isMainThread ? 'M' : 'W'} new=${s.new_space} old=${s.old_space} code=${s.code_space} lo=${s.large_object_space} total=${(m.heapTotal/1048576).toFixed(0)}\n`);
  }, 2000).unref();
}
