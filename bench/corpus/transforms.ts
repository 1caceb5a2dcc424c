/**
 * The damage real copies of plan documents have, applied to real texts (corpus entries with `transforms`),
 * and the bad inputs every importer must refuse clearly and fast. Used by bench/import.ts and the tests.
 */
import { deflateRawSync, crc32 as zlibCrc32 } from 'node:zlib';

export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Re-wrap every line at `width` columns (a fixed-width web copy). */
export function rewrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (line.includes('\t') || line.length <= width) return line;
      const out: string[] = [];
      let cur = '';
      for (const word of line.split(' ')) {
        if (cur && cur.length + 1 + word.length > width) {
          out.push(cur);
          cur = word;
        } else cur = cur ? `${cur} ${word}` : word;
      }
      if (cur) out.push(cur);
      return out.join('\n');
    })
    .join('\n');
}

const HEAD_LEFT = /^(?:ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|UBND)\b/u;
const HEAD_RIGHT = /^CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/u;

/**
 * The header as a web page's table gives it: "ỦY BAN NHÂN DÂN | CỘNG HÒA … |" on one line,
 * "Số: 138/KH-UBND | Hà Nội, ngày … |" on the next; the rule lines and the motto dropped.
 */
export function flattenHeader(text: string): string {
  const lines = text.split('\n');
  const head = lines.slice(0, 25);
  const at = (re: RegExp) => head.findIndex((l) => re.test(l.trim()));
  const left = at(HEAD_LEFT);
  const right = at(HEAD_RIGHT);
  const number = at(/^Số\s*:/u);
  const date = at(/ngày\s*(?:\d{1,2}|\.{2,}|…)?\s*tháng/u);
  if (left < 0 || right < 0 || number < 0 || date < 0) return text;
  const drop = new Set<number>();
  for (let i = 0; i < head.length; i++) {
    const t = head[i].trim();
    if (/^[-_=]{3,}$/.test(t) || /^Độc lập\s*-\s*Tự do/u.test(t)) drop.add(i);
  }
  // the unit's second line ("TỈNH KIÊN GIANG") follows the left cell
  const leftText = [head[left].trim()];
  if (left + 1 < head.length && /^(?:TỈNH|HUYỆN|XÃ|THÀNH PHỐ|QUẬN|THỊ XÃ|PHƯỜNG)\b/u.test(head[left + 1].trim())) {
    leftText.push(head[left + 1].trim());
    drop.add(left + 1);
  }
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (i === left) out.push(`${leftText.join(' ')} | ${head[right].trim()} |`);
    else if (i === number) out.push(`${head[number].trim()} | ${head[date].trim()} |`);
    else if (i === right || i === date || drop.has(i)) continue;
    else out.push(lines[i]);
  }
  return out.join('\n');
}

/** Drop the "KẾ HOẠCH" heading line: the title then starts the document. */
export function dropHeading(text: string): string {
  const lines = text.split('\n');
  const i = lines.slice(0, 40).findIndex((l) => /^\s*KẾ HOẠCH\s*$/u.test(l));
  if (i >= 0) lines.splice(i, 1);
  return lines.join('\n');
}

export function transformText(text: string, transforms: string[], chrome: string): string {
  let out = text;
  for (const t of transforms) {
    if (t === 'strip_diacritics') out = stripDiacritics(out);
    else if (t === 'flatten_header') out = flattenHeader(out);
    else if (t === 'drop_heading') out = dropHeading(out);
    else if (t === 'legal_preamble') out = `${legalPreamble(chrome)}\n${out}`;
    else if (t.startsWith('wrap:')) out = rewrap(out, Number(t.slice(5)));
    else throw new Error(`unknown transform ${t}`);
  }
  return out;
}

/** The navigation text and metadata block of a legal-database page (from a real one, r12), without its document. */
function legalPreamble(chrome: string): string {
  const end = chrome.indexOf('ỦY BAN NHÂN DÂN');
  return end > 0 ? chrome.slice(0, end).trimEnd() : chrome;
}

// ── bad inputs ────────────────────────────────────────────────────────────────

function crc32(data: Uint8Array): number {
  return zlibCrc32(data) >>> 0;
}

/**
 * A zip archive written by hand, so that an entry can also lie about its size.
 * `declared` replaces the uncompressed size written in the headers.
 */
export function makeZip(entries: { name: string; data: Uint8Array; declared?: number }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const compressed = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const size = e.declared ?? e.data.byteLength;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.byteLength, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.byteLength, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.byteLength + compressed.byteLength;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';

/** A .docx of about 100 KB whose word/document.xml inflates to `mb` megabytes. */
export function zipBombDocx(mb = 100, lie = false): Uint8Array {
  const xml = Buffer.alloc(mb * 1024 * 1024, 0x20);
  Buffer.from('<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>').copy(xml, 0);
  return makeZip([
    { name: '[Content_Types].xml', data: Buffer.from(CONTENT_TYPES) },
    { name: 'word/document.xml', data: xml, declared: lie ? 4096 : undefined },
  ]);
}

/**
 * What Word writes for a password-protected .docx: not a zip but an OLE compound file holding the
 * streams "EncryptionInfo" and "EncryptedPackage" (MS-OFFCRYPTO). Only its signature and directory names matter here.
 */
export function encryptedDocx(): Uint8Array {
  const buf = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(buf, 0);
  Buffer.from('EncryptionInfo', 'utf16le').copy(buf, 1024);
  Buffer.from('EncryptedPackage', 'utf16le').copy(buf, 1152);
  for (let i = 2048; i < 4096; i++) buf[i] = (i * 7919) & 0xff;
  return new Uint8Array(buf);
}

async function pdfkitBytes(build: (doc: PDFKit.PDFDocument) => void, options: PDFKit.PDFDocumentOptions = {}): Promise<Uint8Array> {
  const PDFDocument = (await import('pdfkit')).default;
  const doc = new PDFDocument({ size: 'A4', ...options });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolveDone) => doc.on('end', () => resolveDone()));
  build(doc);
  doc.end();
  await done;
  return new Uint8Array(Buffer.concat(chunks));
}

/** A PDF whose pages are pictures only (what a scanner gives): no text layer. */
export function scannedPdf(): Promise<Uint8Array> {
  return pdfkitBytes((doc) => {
    for (let p = 0; p < 2; p++) {
      if (p) doc.addPage();
      for (let y = 60; y < 760; y += 14) doc.rect(60, y, 300 + ((y * 37) % 170), 6).fill('#333');
    }
  });
}

/** A PDF that opens only with a password (RC4/AES as pdfkit writes it). */
export function passwordPdf(): Promise<Uint8Array> {
  return pdfkitBytes((doc) => doc.text('KE HOACH thuc hien cong tac tre em nam 2024'), { userPassword: 'mat-khau', ownerPassword: 'chu-so-huu', pdfVersion: '1.7' });
}

export interface BadInput {
  id: string;
  name: string;
  bytes: Uint8Array;
  expect: string;
}

export async function badInputs(): Promise<BadInput[]> {
  const random = new Uint8Array(64 * 1024);
  let x = 12345;
  for (let i = 0; i < random.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    random[i] = x & 0xff;
  }
  const shortLines = Buffer.from('a\n'.repeat(200_000));
  return [
    { id: 'empty_file', name: 'ke-hoach.txt', bytes: new Uint8Array(0), expect: 'empty_file' },
    { id: 'whitespace_only', name: 'ke-hoach.txt', bytes: new TextEncoder().encode(' \n\t\n  \r\n'), expect: 'empty_file' },
    { id: 'binary_renamed_txt', name: 'ke-hoach.txt', bytes: random, expect: 'binary_file' },
    { id: 'text_50mb', name: 'ke-hoach.txt', bytes: new Uint8Array(50 * 1024 * 1024).fill(0x61), expect: 'too_large' },
    { id: 'short_lines_200k', name: 'ke-hoach.txt', bytes: new Uint8Array(shortLines), expect: 'no_plan_found' },
    { id: 'zip_bomb_docx', name: 'ke-hoach.docx', bytes: zipBombDocx(100), expect: 'archive_too_large' },
    { id: 'zip_bomb_docx_lying_sizes', name: 'ke-hoach.docx', bytes: zipBombDocx(100, true), expect: 'archive_too_large' },
    { id: 'password_docx', name: 'ke-hoach.docx', bytes: encryptedDocx(), expect: 'encrypted' },
    { id: 'password_pdf', name: 'ke-hoach.pdf', bytes: await passwordPdf(), expect: 'encrypted' },
    { id: 'scanned_pdf', name: 'ke-hoach.pdf', bytes: await scannedPdf(), expect: 'no_text_layer' },
  ];
}
