/**
 * Several app server processes on one machine and one port (`vitreem serve --workers N`,
 * `VITREEM_WORKERS`), on PostgreSQL only: node:cluster hands the port's connections to N worker
 * processes, each a whole, stateless vitreem server (src/server/start.ts) — sessions, caches'
 * tokens and aggregates live in PostgreSQL, exactly as with several machines behind a proxy
 * (docs/deployment.md §3). One Node process uses one core; on deadline day the server process, not
 * PostgreSQL, was the bottleneck of a 2-core machine (docs/deployment.md §8).
 *
 * The primary process only supervises: it builds the web app once, starts the workers, prints the
 * address when all of them listen, forwards SIGTERM/SIGINT, and starts a worker again when one dies
 * (at most RESTARTS_PER_MINUTE a minute, so a worker that cannot start does not spin).
 */
import cluster, { type Worker } from 'node:cluster';

const RESTARTS_PER_MINUTE = 10;

export interface WorkerReady {
  type: 'vitreem:listening';
  url: string;
  database: string;
}

export function workersWanted(option: string | undefined): number {
  const raw = option ?? process.env.VITREEM_WORKERS ?? '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw Object.assign(new Error(`invalid --workers ${raw}`), {
      vi: `Số tiến trình máy chủ (--workers / VITREEM_WORKERS) phải là số nguyên từ 1 đến 64, không phải "${raw}".`,
      en: `The number of server processes (--workers / VITREEM_WORKERS) must be an integer from 1 to 64, not "${raw}".`,
    });
  }
  return n;
}

/** In the primary: start `count` workers (they run this same command) and supervise them. */
export async function superviseWorkers(count: number, announce: (ready: WorkerReady) => void): Promise<void> {
  let stopping = false;
  let exitCode = 0;
  const restarts: number[] = [];
  const listening = new Set<number>();
  let announced = false;

  const fork = (): Worker => {
    const worker = cluster.fork({ VITREEM_WORKER: '1' });
    worker.on('message', (message: WorkerReady) => {
      if (message?.type !== 'vitreem:listening') return;
      listening.add(worker.id);
      if (!announced && listening.size >= count) {
        announced = true;
        announce(message);
      }
    });
    return worker;
  };

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(exitCode);
      return;
    }
    const now = Date.now();
    while (restarts.length && now - restarts[0] > 60_000) restarts.shift();
    if (restarts.length >= RESTARTS_PER_MINUTE) {
      console.error(`Tiến trình máy chủ dừng quá nhiều lần; dừng hệ thống. / Server processes keep dying; stopping (last: code ${code}, signal ${signal}).`);
      void shutdown(1);
      return;
    }
    restarts.push(now);
    console.error(`Tiến trình máy chủ ${worker.process.pid} đã dừng (mã ${code ?? signal}); khởi động lại. / Server process ${worker.process.pid} died (${code ?? signal}); starting another.`);
    fork();
  });

  const shutdown = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    exitCode = code;
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => Boolean(w));
    if (!workers.length) process.exit(exitCode);
    for (const w of workers) w.process.kill('SIGTERM');
    // whoever has not stopped after 20 s is stopped hard
    setTimeout(() => {
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGKILL');
      process.exit(exitCode);
    }, 20_000).unref();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  for (let i = 0; i < count; i++) fork();
}

/** In a worker: tell the primary this process listens. */
export function reportListening(ready: Omit<WorkerReady, 'type'>): void {
  if (cluster.isWorker && process.send) process.send({ type: 'vitreem:listening', ...ready } satisfies WorkerReady);
}

export const isWorker = () => cluster.isWorker;
