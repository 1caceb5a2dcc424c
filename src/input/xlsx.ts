/**
 * Reading an uploaded workbook (.xlsx) without holding the server: exceljs parses the file in a
 * worker thread (./xlsx-worker.mjs), with a time limit, a memory limit (`resourceLimits`) and a cap on
 * the rows of the first sheet. The zip guard (./zip-guard.ts) has already refused bombs by then; this
 * bounds what is left — a large legitimate workbook takes seconds of CPU that would otherwise stall
 * every other request.
 *
 * A small pool: at most `maxWorkers` parses at once (the others wait in a bounded queue), each worker
 * kept for the next parse and ended after `idleMs` without work; a worker that runs over time or out
 * of memory is ended and replaced. Workers are unref'd: they never keep the process alive.
 *
 * Refusals are `InputLimitError`s (bilingual, 413 or 503); a file exceljs cannot read is an
 * `XlsxUnreadableError`, which each route turns into its own 400.
 */
import { Worker } from 'node:worker_threads';
import { InputLimitError } from './limits.ts';

export interface XlsxRow {
  /** the row's number in the sheet (1 = first line) */
  line: number;
  /** the cells as text, column A first: formulas give their result, dates yyyy-mm-dd */
  cells: string[];
}

export interface XlsxReadLimits {
  /** most rows with a value in the first sheet (default 100.000) */
  maxRows?: number;
  /** most milliseconds one parse may take, waiting for a worker not counted (default 60 s) */
  timeoutMs?: number;
}

export interface XlsxPoolOptions {
  /** parses at once (default 1: two cores are shared with the server and PostgreSQL) */
  maxWorkers?: number;
  /** parses waiting for a worker before a 503 (default 8) */
  maxQueue?: number;
  /** heap of a worker in MB (`resourceLimits.maxOldGenerationSizeMb`, default 768) */
  maxMemoryMb?: number;
  /** a worker without work is ended after this long (default 30 s) */
  idleMs?: number;
}

export const XLSX_MAX_ROWS = 100_000;
export const XLSX_TIMEOUT_MS = 60_000;

/** exceljs could not read the file (not a workbook, damaged): the route answers its own 400. */
export class XlsxUnreadableError extends Error {
  constructor() {
    super('the workbook cannot be read');
    this.name = 'XlsxUnreadableError';
  }
}

/** The worker's messages: rows a chunk at a time, then the end (./xlsx-worker.mjs). */
type Message = { id: number; rows: XlsxRow[]; ok?: undefined } | { id: number; ok: true } | { id: number; ok: false; reason: 'too_many_rows' | 'unreadable' };

interface Job {
  bytes: Uint8Array;
  maxRows: number;
  timeoutMs: number;
  resolve(rows: XlsxRow[]): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  idleTimer?: NodeJS.Timeout;
}

const WORKER_URL = new URL('./xlsx-worker.mjs', import.meta.url);
const vn = (n: number) => n.toLocaleString('vi-VN');

export function tooManyRows(maxRows: number): InputLimitError {
  return new InputLimitError(413, 'xlsx_too_many_rows', `Bảng tính có quá nhiều dòng (tối đa ${vn(maxRows)} dòng có dữ liệu).`, `The worksheet has too many rows (at most ${maxRows} rows with data).`);
}
function tooSlow(timeoutMs: number): InputLimitError {
  return new InputLimitError(413, 'xlsx_too_slow', `Bảng tính quá lớn để đọc trong ${vn(Math.round(timeoutMs / 1000))} giây; hãy chia thành các tệp nhỏ hơn.`, `The workbook is too large to read within ${Math.round(timeoutMs / 1000)} seconds; split it into smaller files.`);
}
function tooLarge(): InputLimitError {
  return new InputLimitError(413, 'xlsx_too_large', 'Bảng tính cần quá nhiều bộ nhớ để đọc; hãy chia thành các tệp nhỏ hơn.', 'The workbook needs too much memory to read; split it into smaller files.');
}
function busy(): InputLimitError {
  return new InputLimitError(503, 'xlsx_busy', 'Máy chủ đang đọc nhiều bảng tính khác; hãy thử lại sau ít phút.', 'The server is reading many other workbooks; try again in a few minutes.');
}

export class XlsxPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly maxWorkers: number;
  private readonly maxQueue: number;
  private readonly maxMemoryMb: number;
  private readonly idleMs: number;
  private closed = false;

  constructor(options: XlsxPoolOptions = {}) {
    this.maxWorkers = Math.max(1, options.maxWorkers ?? 1);
    this.maxQueue = Math.max(0, options.maxQueue ?? 8);
    this.maxMemoryMb = options.maxMemoryMb ?? 768;
    this.idleMs = options.idleMs ?? 30_000;
  }

  /** The rows with a value of the first sheet; refused past the limits, `XlsxUnreadableError` for a damaged file. */
  read(bytes: Uint8Array, limits: XlsxReadLimits = {}): Promise<XlsxRow[]> {
    return new Promise<XlsxRow[]>((resolve, reject) => {
      if (this.closed) return reject(new Error('xlsx pool closed'));
      const job: Job = { bytes, maxRows: limits.maxRows ?? XLSX_MAX_ROWS, timeoutMs: limits.timeoutMs ?? XLSX_TIMEOUT_MS, resolve, reject };
      const slot = this.freeSlot();
      if (slot) return this.run(slot, job);
      if (this.queue.length >= this.maxQueue) return reject(busy());
      this.queue.push(job);
    });
  }

  /** Ends every worker (server shutdown, tests); waiting parses are refused. */
  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('xlsx pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  /** Workers alive now (tests). */
  get size(): number {
    return this.slots.length;
  }

  private freeSlot(): Slot | null {
    const idle = this.slots.find((s) => !s.busy);
    if (idle) return idle;
    if (this.slots.length >= this.maxWorkers) return null;
    const worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: this.maxMemoryMb, maxYoungGenerationSizeMb: 32 } });
    worker.unref();
    const slot: Slot = { worker, busy: false };
    this.slots.push(slot);
    return slot;
  }

  private drop(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    void slot.worker.terminate();
  }

  private run(slot: Slot, job: Job): void {
    slot.busy = true;
    clearTimeout(slot.idleTimer);
    const { worker } = slot;
    let settled = false;
    const finish = (outcome: { rows: XlsxRow[] } | { error: Error }, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) {
        slot.busy = false;
        slot.idleTimer = setTimeout(() => this.drop(slot), this.idleMs);
        slot.idleTimer.unref();
      } else this.drop(slot);
      if ('rows' in outcome) job.resolve(outcome.rows);
      else job.reject(outcome.error);
      this.next();
    };
    const rows: XlsxRow[] = [];
    const onMessage = (m: Message) => {
      if (m.ok === undefined) {
        for (const row of m.rows) rows.push(row);
        return;
      }
      if (m.ok) finish({ rows }, true);
      else finish({ error: m.reason === 'too_many_rows' ? tooManyRows(job.maxRows) : new XlsxUnreadableError() }, true);
    };
    // out of memory (ERR_WORKER_OUT_OF_MEMORY) or any other death of the worker
    const onError = (error: Error & { code?: string }) => finish({ error: error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? tooLarge() : error }, false);
    const onExit = () => finish({ error: tooLarge() }, false);
    const timer = setTimeout(() => finish({ error: tooSlow(job.timeoutMs) }, false), job.timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    // a copy: the caller's Buffer may share its memory with other buffers
    worker.postMessage({ id: 1, bytes: new Uint8Array(job.bytes), maxRows: job.maxRows });
  }

  private next(): void {
    if (this.closed || this.queue.length === 0) return;
    const slot = this.freeSlot();
    if (slot) this.run(slot, this.queue.shift()!);
  }
}

let shared: XlsxPool | null = null;

/** The process's pool (created on first use). */
export function xlsxPool(): XlsxPool {
  shared ??= new XlsxPool();
  return shared;
}

/** The rows with a value of a workbook's first sheet, read off the event loop by the process's pool. */
export function readXlsxRows(bytes: Uint8Array, limits: XlsxReadLimits = {}): Promise<XlsxRow[]> {
  return xlsxPool().read(bytes, limits);
}

/** Rows as a table indexed by line (table[0] = line 1), blank lines as empty rows: row numbers stay the sheet's. */
export function denseTable(rows: XlsxRow[]): string[][] {
  const table: string[][] = [];
  for (const r of rows) table[r.line - 1] = r.cells;
  return Array.from(table, (r) => r ?? []);
}
