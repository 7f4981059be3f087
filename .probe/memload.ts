import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
const path = process.argv[2] ?? '/';
const child = spawn(process.execPath, ['--require', '/work/main/.probe/mem.cjs', ...(process.env.FLAGS ?? '').split(' ').filter(Boolean), 'bin/pcp.js', 'start'], {
  cwd: '/work/main', env: { ...process.env, PORT: '0', PCP_LOG_LEVEL: 'warn', NODE_ENV: 'production', PCP_DATA_DIR: '/tmp/probe-folder', DATABASE_URL: '', PCP_MEM_PROBE: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
const rss = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
let lastErr = '';
child.stderr.on('data', (d) => { lastErr = String(d); process.stderr.write(`[${rss().toFixed(0)}] ${d}`); });
const base = await new Promise<string>((res) => child.stdout.on('data', (d) => { out += d; const m = /is running at (http:\/\/\S+)/.exec(out); if (m) res(m[1].replace('localhost', '127.0.0.1')); }));
const page = await fetch(`${base}/sign-in`);
const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]);
const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
const r = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'probe@bench.example', password: 'kettle orbit marmalade lantern', _csrf: csrf }).toString() });
const cookie = [...pre, ...r.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
let paths = path.split(',');
if (path === 'ALL') {
  const html = await (await fetch(`${base}/reports`, { headers: { cookie } })).text();
  const links = [...new Set([...html.matchAll(/href="(\/reports\/[^"\/]+)"/g)].map((m) => m[1]))];
  const home = await (await fetch(`${base}/`, { headers: { cookie } })).text();
  const slug = /\/o\/([a-z0-9-]+)/.exec(home)?.[1];
  console.log(links.slice(0, 6), slug);
  paths = ['/', '/projects', links[1], links[0]];
}
for (const p of paths) {
  const first = await fetch(`${base}${p}`, { headers: { cookie } });
  await first.arrayBuffer();
  console.log(`first ${p} ${first.status}: hwm ${hwm().toFixed(0)}`);
  for (let round = 0; round < 3; round++) {
    const res = await autocannon({ url: `${base}${p}`, connections: 32, duration: Number(process.env.DUR ?? 5), headers: { cookie } });
    console.log(`${p} round ${round}: ${res.requests.average} req/s non2xx ${res.non2xx} hwm ${hwm().toFixed(0)} rss ${rss().toFixed(0)}`);
  }
}
child.kill('SIGTERM');
