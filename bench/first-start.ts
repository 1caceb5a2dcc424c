/**
 * A real first start: `node bin/vitreem.mjs start` on a fresh embedded database (a new temporary
 * data directory, the whole country's units), timed from process start to the server's "listening"
 * line, with the CPU the server used (the machine's load lengthens the wall time, hardly the CPU).
 * Aim (issue 18): < 10 s. Prints `name: value unit` lines; the web app is built beforehand (not timed).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { buildWebIfNeeded } from '../src/server/web-build.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
await buildWebIfNeeded();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vitreem-first-start-'));
const t0 = performance.now();
const child = spawn(process.execPath, [path.join(ROOT, 'bin/vitreem.mjs'), 'start'], {
  cwd: ROOT,
  env: { ...process.env, VITREEM_DATA_DIR: dir, PORT: '0', DATABASE_URL: '', VITREEM_BUILTIN_UNITS: 'all', VITREEM_NOTIFICATIONS: 'off', VITREEM_ADMIN_PASSWORD: 'first-start-bench-1' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let out = '';
let listeningMs = null as number | null;
let cpuSeconds = null as number | null;
/** the server's CPU so far (Linux: utime + stime of /proc/<pid>/stat, in clock ticks of 1/100 s) */
const serverCpu = (): number | null => {
  try {
    const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};
const onData = (d: Buffer) => {
  out += d.toString();
  if (listeningMs === null && /listening/i.test(out)) {
    listeningMs = performance.now() - t0;
    cpuSeconds = serverCpu();
    child.kill('SIGTERM');
  }
};
child.stdout.on('data', onData);
child.stderr.on('data', onData);
const status = await new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
fs.rmSync(dir, { recursive: true, force: true });
if (listeningMs === null) {
  console.error(`the server did not start (exit ${status}):\n${out.slice(-3000)}`);
  process.exit(1);
}
console.log(`first_start.listening: ${(listeningMs / 1000).toFixed(1)} s (fresh embedded database, every real unit; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
if (cpuSeconds !== null) console.log(`first_start.server_cpu: ${cpuSeconds.toFixed(1)} s (user + system, to listening)`);
