// The worker thread of src/input/xlsx.ts: reads the first sheet of a workbook with exceljs, off the
// server's event loop. Plain JavaScript on purpose: Node 20 does not carry tsx's loader into worker
// threads (neither `--import tsx` nor tsx's register()), so a .ts worker would not start in production
// (`npm start` registers tsx in the main thread only). Keep it small: the rules live in xlsx.ts.
//
// in:  { id, bytes: Uint8Array, maxRows: number }
// out: { id, rows: [{ line, cells: string[] }] } … (rows with a value, in sheet order, CHUNK at a time: the
//      server copies each message in on its event loop, so small messages keep its pauses short), then
//      { id, ok: true } or { id, ok: false, reason: 'too_many_rows' | 'unreadable' }
import { parentPort } from 'node:worker_threads';
import ExcelJS from 'exceljs';

const CHUNK = 1000;

/** One cell value as text: formulas give their result, rich text and hyperlinks their text, dates yyyy-mm-dd. */
function cellText(v, depth = 0) {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v !== 'object') return String(v);
  if (depth > 3) return '';
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) return cellText(v.result, depth + 1);
  if ('richText' in v) return (Array.isArray(v.richText) ? v.richText : []).map((t) => String(t?.text ?? '')).join('');
  if ('text' in v) return cellText(v.text, depth + 1);
  if ('error' in v) return '';
  return '';
}

parentPort.on('message', async (message) => {
  const { id, bytes, maxRows } = message;
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch {
    parentPort.postMessage({ id, ok: false, reason: 'unreadable' });
    return;
  }
  const ws = wb.worksheets[0];
  const rows = [];
  let tooMany = false;
  ws?.eachRow({ includeEmpty: false }, (row, line) => {
    if (tooMany) return;
    if (rows.length >= maxRows) {
      tooMany = true;
      return;
    }
    const values = Array.isArray(row.values) ? row.values : [];
    const cells = [];
    for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
    rows.push({ line, cells });
  });
  if (tooMany) {
    parentPort.postMessage({ id, ok: false, reason: 'too_many_rows' });
    return;
  }
  for (let i = 0; i < rows.length; i += CHUNK) parentPort.postMessage({ id, rows: rows.slice(i, i + CHUNK) });
  parentPort.postMessage({ id, ok: true });
});
