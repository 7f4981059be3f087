import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
const child = spawn(process.execPath, ['bin/pcp.js', 'start'], {
  cwd: '/work/main', env: { ...process.env, PORT: '0', PCP_LOG_LEVEL: 'warn', NODE_ENV: 'production', PCP_DATA_DIR: '/tmp/probe-folder', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
let out = '';
const base = await new Promise<string>((res) => child.stdout.on('data', (d) => { out += d; const m = /is running at (http:\/\/\S+)/.exec(out); if (m) res(m[1].replace('localhost', '127.0.0.1')); }));
const page = await fetch(`${base}/sign-in`);
const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]);
const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
const r = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'probe@bench.example', password: 'kettle orbit marmalade lantern', _csrf: csrf }).toString() });
const cookie = [...pre, ...r.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
function smaps(label: string) {
  const text = readFileSync(`/proc/${child.pid}/smaps`, 'utf8');
  const maps: { name: string; size: number; rss: number }[] = [];
  let cur: any;
  for (const line of text.split('\n')) {
    const h = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (h) { cur = { name: h[3] || '[anon]', size: (parseInt(h[2], 16) - parseInt(h[1], 16)) / 1048576, rss: 0 }; maps.push(cur); continue; }
    const m = /^Rss:\s+(\d+)/.exec(line); if (m && cur) cur.rss = Number(m[1]) / 1024;
  }
  const total = maps.reduce((a, m) => a + m.rss, 0);
  console.log(`${label}: total ${total.toFixed(0)}`);
  const by: Record<string, [number, number]> = {};
  for (const m of maps) { const k = m.name === '[anon]' ? (m.size < 0.6 ? 'anon<=512K' : m.size > 1000 ? 'anon>1G' : 'anon other') : m.name; by[k] ??= [0, 0]; by[k][0] += m.rss; by[k][1]++; }
  for (const [k, [v, n]] of Object.entries(by).sort((a, b) => b[1][0] - a[1][0]).slice(0, 8)) console.log(`   = ${v.toFixed(1).padStart(7)} MB in ${n} maps  ${k}`);
  const big = maps.filter((m) => m.rss > 3).sort((a, b) => b.rss - a.rss).slice(0, 15);
  for (const m of big) console.log(`   ${m.rss.toFixed(1).padStart(7)} MB rss of ${m.size.toFixed(0).padStart(7)} MB  ${m.name}`);
}
await (await fetch(`${base}/`, { headers: { cookie } })).arrayBuffer();
smaps('after first page');
for (const p of (process.argv[2] ?? '/').split(',')) await autocannon({ url: `${base}${p}`, connections: 32, duration: 5, headers: { cookie } });
smaps('after load');
child.kill('SIGTERM');
