import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
const configs = (process.env.CONFIGS ?? '').split('|');
const paths = ['/', '/projects', '/reports/2026-27-Q2', '/reports/2026-27-Q3'];
const cpuMs = (pid: number) => { const st = readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = st.slice(st.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; };
for (const flags of configs) {
  const child = spawn(process.execPath, [...flags.split(' ').filter(Boolean), 'bin/pcp.js', 'start'], {
    cwd: '/work/main', env: { ...process.env, PORT: '0', PCP_LOG_LEVEL: 'warn', NODE_ENV: 'production', PCP_DATA_DIR: '/tmp/probe-folder', DATABASE_URL: '' }, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  const hwm = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]) / 1024;
  const base = await new Promise<string>((res) => child.stdout.on('data', (d) => { out += d; const m = /is running at (http:\/\/\S+)/.exec(out); if (m) res(m[1].replace('localhost', '127.0.0.1')); }));
  const page = await fetch(`${base}/sign-in`);
  const pre = page.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const r = await fetch(`${base}/sign-in`, { method: 'POST', redirect: 'manual', headers: { cookie: pre.join('; '), 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ email: 'probe@bench.example', password: 'kettle orbit marmalade lantern', _csrf: csrf }).toString() });
  const cookie = [...pre, ...r.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ');
  const line: string[] = [];
  for (const p of paths) {
    await (await fetch(`${base}${p}`, { headers: { cookie } })).arrayBuffer();
    const rates: number[] = []; const cpus: number[] = [];
    for (let round = 0; round < 3; round++) {
      const c0 = cpuMs(child.pid!);
      const res = await autocannon({ url: `${base}${p}`, connections: 32, duration: 5, headers: { cookie } });
      cpus.push((cpuMs(child.pid!) - c0) / res.requests.total);
      rates.push(res.requests.average);
    }
    const med = (x: number[]) => [...x].sort((a, b) => a - b)[1];
    line.push(`${p.padEnd(20)} ${med(rates).toFixed(0).padStart(5)} req/s cpu ${med(cpus).toFixed(2)} ms hwm ${hwm().toFixed(0)}`);
  }
  console.log(`== ${flags || '(none)'}\n  ${line.join('\n  ')}`);
  child.kill('SIGTERM');
  await new Promise((r) => child.on('exit', r));
}
