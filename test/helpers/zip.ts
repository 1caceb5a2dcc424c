/**
 * A minimal zip writer for tests that need archives no real tool would write: bombs, archives that lie
 * about their sizes, millions of entries. Real archives come from exceljs, docx and mammoth's test files.
 */
import zlib from 'node:zlib';

export interface RawEntry {
  name: string;
  data: Buffer;
  /** 8 deflate (default) or 0 stored */
  method?: 0 | 8;
  /** write this uncompressed size in the headers instead of the truth */
  declaredSize?: number;
  /** already-deflated bytes (to build large bombs once and reuse them) */
  deflated?: Buffer;
}

const crcTable = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();
function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function buildZip(entries: RawEntry[], options: { declaredCount?: number } = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const method = entry.method ?? 8;
    const body = entry.deflated ?? (method === 8 ? zlib.deflateRawSync(entry.data) : entry.data);
    const name = Buffer.from(entry.name, 'utf8');
    const size = entry.declaredSize ?? entry.data.length;
    const crc = entry.deflated ? 0 : crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const count = options.declaredCount ?? entries.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** `size` zero bytes deflated (100 MB deflate to about 100 KB). */
export function deflatedZeros(size: number): Buffer {
  return zlib.deflateRawSync(Buffer.alloc(size), { level: 9 });
}

const XLSX_SKELETON: RawEntry[] = [
  { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>') },
  { name: '_rels/.rels', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>') },
  { name: 'xl/workbook.xml', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>') },
  { name: 'xl/_rels/workbook.xml.rels', data: Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>') },
];

/** An .xlsx bomb: a valid workbook skeleton whose sheet1.xml inflates to `size` bytes of spaces inside a cell. */
export function xlsxBomb(size: number): Buffer {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>';
  const tail = '</t></is></c></row></sheetData></worksheet>';
  const sheet = Buffer.concat([Buffer.from(head), Buffer.alloc(Math.max(0, size - head.length - tail.length), 0x20), Buffer.from(tail)]);
  return buildZip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: sheet }]);
}

/** `count` repetitions of `unit` between `head` and `tail`, deflated in a stream (never whole in memory). */
export async function deflatedRepeat(head: string, unit: string, count: number, tail: string): Promise<{ deflated: Buffer; size: number }> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const parts: Buffer[] = [];
  deflate.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  const block = Buffer.from(unit.repeat(Math.max(1, Math.floor((1024 * 1024) / unit.length))));
  const perBlock = Math.max(1, Math.floor((1024 * 1024) / unit.length));
  let size = Buffer.byteLength(head) + Buffer.byteLength(tail);
  deflate.write(head);
  for (let left = count; left > 0; left -= perBlock) {
    const piece = left >= perBlock ? block : Buffer.from(unit.repeat(left));
    size += piece.length;
    if (!deflate.write(piece)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end(tail);
  await done;
  return { deflated: Buffer.concat(parts), size };
}

/** An .xlsx bomb shaped like the one of issue #13: a valid skeleton whose sheet repeats one small row `rows` times. */
export async function xlsxRowBomb(rows: number): Promise<Buffer> {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>';
  const { deflated, size } = await deflatedRepeat(head, '<row><c t="inlineStr"><is><t>Nguyễn Văn A</t></is></c><c><v>2015</v></c></row>', rows, '</sheetData></worksheet>');
  return buildZip([...XLSX_SKELETON, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(0), deflated, declaredSize: size }]);
}

/** A gzip bomb: `size` bytes of `fill` gzipped in a stream (never whole in memory): ≈ 1 MB per GB. */
export async function gzipBomb(size: number, fill = 0x0a): Promise<Buffer> {
  const gzip = zlib.createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gzip.on('data', (c: Buffer) => parts.push(c));
  const done = new Promise<void>((resolve, reject) => gzip.on('end', resolve).on('error', reject));
  const block = Buffer.alloc(4 * 1024 * 1024, fill);
  for (let left = size; left > 0; left -= block.length) {
    if (!gzip.write(left >= block.length ? block : block.subarray(0, left))) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(parts);
}
