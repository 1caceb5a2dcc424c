/**
 * Workbooks read off the event loop (src/input/xlsx.ts): the cells as the imports expect them, the
 * row, time and memory limits with their bilingual refusals, a pool that survives a killed worker,
 * and — the point of it — an event loop that keeps turning while exceljs reads a large workbook.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import { InputLimitError } from '../../src/input/limits.ts';
import { denseTable, readXlsxRows, XlsxPool, XlsxUnreadableError } from '../../src/input/xlsx.ts';
import { worstPauseWhile } from '../helpers/event-loop.ts';
import { childrenWorkbook } from '../helpers/workbooks.ts';

const pools: XlsxPool[] = [];
const pool = (options: ConstructorParameters<typeof XlsxPool>[0]) => {
  const p = new XlsxPool(options);
  pools.push(p);
  return p;
};
after(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

const register = (n: number) => childrenWorkbook(n);

async function refusal(promise: Promise<unknown>): Promise<InputLimitError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof InputLimitError, `expected an input limit refusal, got ${String(error)}`);
    return error;
  }
  assert.fail('the workbook was read');
}

test('cells come back as the imports read them: formula results, rich text, hyperlinks, dates, numbers; blank lines keep their numbers', async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Trang 1');
  ws.addRow(['Họ và tên', 'Ngày sinh', 'Số', 'Công thức', 'Liên kết']);
  ws.addRow([{ richText: [{ text: 'Lò Thị ' }, { font: { bold: true }, text: 'Mỷ' }] }, new Date(Date.UTC(2015, 2, 9)), 18670, { formula: 'C2*2', result: 37340 }, { text: 'Cổng thông tin', hyperlink: 'https://example.vn' }]);
  ws.addRow([]);
  ws.getCell('A5').value = 'Đặng Văn Ấn';
  wb.addWorksheet('Trang 2').addRow(['không đọc']);
  const rows = await readXlsxRows(Buffer.from(await wb.xlsx.writeBuffer()));
  assert.deepEqual(rows, [
    { line: 1, cells: ['Họ và tên', 'Ngày sinh', 'Số', 'Công thức', 'Liên kết'] },
    { line: 2, cells: ['Lò Thị Mỷ', '2015-03-09', '18670', '37340', 'Cổng thông tin'] },
    { line: 5, cells: ['Đặng Văn Ấn'] },
  ]);
  assert.deepEqual(denseTable(rows).map((r) => r[0] ?? null), ['Họ và tên', 'Lò Thị Mỷ', null, null, 'Đặng Văn Ấn']);
});

test('a file exceljs cannot read is XlsxUnreadableError (each route answers its own 400), and the worker stays usable', async () => {
  await assert.rejects(readXlsxRows(Buffer.from('PK\u0003\u0004 not really a workbook')), XlsxUnreadableError);
  const rows = await readXlsxRows(await register(2));
  assert.equal(rows.length, 3);
});

test('more rows than allowed: a 413 xlsx_too_many_rows in Vietnamese and English', async () => {
  const e = await refusal(readXlsxRows(await register(120), { maxRows: 100 }));
  assert.equal(e.statusCode, 413);
  assert.equal(e.code, 'xlsx_too_many_rows');
  assert.match(e.messageVi, /quá nhiều dòng \(tối đa 100 dòng/);
  assert.match(e.messageEn, /at most 100 rows/);
  assert.equal((await readXlsxRows(await register(99), { maxRows: 100 })).length, 100, 'the limit itself is allowed');
});

test('a parse over its time limit is ended (413 xlsx_too_slow) and the next parse gets a fresh worker', async () => {
  const p = pool({});
  const big = await register(6_000);
  const e = await refusal(p.read(big, { timeoutMs: 50 }));
  assert.equal(e.statusCode, 413);
  assert.equal(e.code, 'xlsx_too_slow');
  assert.match(e.messageVi, /giây/);
  assert.equal(p.size, 0, 'the slow worker was ended');
  assert.equal((await p.read(await register(3))).length, 4);
});

test('a worker out of memory (resourceLimits) is a 413 xlsx_too_large, not a crash of the server', async () => {
  const p = pool({ maxMemoryMb: 24 });
  const e = await refusal(p.read(await register(20_000), { timeoutMs: 120_000 }));
  assert.equal(e.statusCode, 413);
  assert.equal(e.code, 'xlsx_too_large');
  assert.equal(p.size, 0);
});

test('parses beyond the workers and the queue are a 503 xlsx_busy; the queued one is read after the first', async () => {
  const p = pool({ maxWorkers: 1, maxQueue: 1 });
  const small = await register(5);
  const first = p.read(small);
  const second = p.read(small);
  const e = await refusal(p.read(small));
  assert.equal(e.statusCode, 503);
  assert.equal(e.code, 'xlsx_busy');
  assert.equal((await first).length, 6);
  assert.equal((await second).length, 6);
});

test('the event loop keeps turning while a large workbook (40.000 rows) is read: its pauses far shorter than exceljs on the main thread', async () => {
  const big = await register(40_000);
  const offloaded = await worstPauseWhile(() => readXlsxRows(big, { timeoutMs: 120_000 }));
  // the control, measured now on this machine: what the server did before (exceljs on the event loop)
  const control = await worstPauseWhile(async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(big as never);
    return wb.worksheets[0].actualRowCount;
  });
  console.log(`xlsx.offload: 40.001 rows read in ${offloaded.tookMs.toFixed(0)} ms, worst event-loop pause ${offloaded.worstMs.toFixed(0)} ms, loop stopped ${(offloaded.blockedShare * 100).toFixed(0)} % of the time; on the main thread ${control.tookMs.toFixed(0)} ms, worst pause ${control.worstMs.toFixed(0)} ms, stopped ${(control.blockedShare * 100).toFixed(0)} %`);
  assert.equal(offloaded.result.length, 40_001);
  assert.equal(control.result, 40_001);
  assert.deepEqual(offloaded.result[40_000].cells.slice(0, 3), ['Nguyễn Thị Thử 39999', '04/03/2015', 'Nam']);
  // on the main thread exceljs stops the loop for most of the parse; in the worker only for the copies of its chunks
  assert.ok(control.blockedShare > 0.4, `the control held the loop ${(control.blockedShare * 100).toFixed(0)} % of its time`);
  assert.ok(offloaded.blockedShare < control.blockedShare / 2, `the event loop stopped ${(offloaded.blockedShare * 100).toFixed(0)} % of the time (main thread: ${(control.blockedShare * 100).toFixed(0)} %)`);
});
