// Loaded with `node --import`: every module the process loads is appended to PCP_LOADED_LOG (one
// URL a line), for test/lazy-modules.test.ts. Module hooks run on their own thread; this is that thread's code.
import { register } from 'node:module';

register('./loaded-modules-hooks.mjs', import.meta.url, { data: { log: process.env.PCP_LOADED_LOG } });
