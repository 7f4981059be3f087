// autocannon ships no type definitions; what bench/load.ts uses of it.
declare module 'autocannon' {
  function autocannon(opts: { url: string; connections?: number; duration?: number; headers?: Record<string, string> }): Promise<unknown>;
  export default autocannon;
}
