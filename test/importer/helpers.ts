import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ImportResult, ImportedTarget } from '../../src/importer/types.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SEED_DIR = [resolve(repoRoot, '../shared/seeds'), '/work/shared/seeds'].find((d) => existsSync(d)) ?? resolve(repoRoot, '../shared/seeds');
export const SEEDS = {
  s000: '000_db9dc28792237889.txt',
  s001: '001_3e73f236a6fd4bf4.txt',
  s002: '002_cb0f9611b4ff258c.txt',
  s003: '003_56ba5f4b2d7277a4.txt',
  s004: '004_d09b366dc0c06149.txt',
};

export function seedText(name: string): string {
  return readFileSync(resolve(SEED_DIR, name), 'utf8');
}

export function corpus(prefix: string): { targets: { measure: string; year: number; comparator: string; value: number | null; valueMax: number | null; group: string | null; unit?: string; relative?: unknown }[] } {
  return JSON.parse(readFileSync(resolve(repoRoot, `bench/corpus/seed_${prefix}.json`), 'utf8'));
}

export function key(t: { measure: string; year: number; comparator: string; value: number | null; valueMax?: number | null; group?: string | null }): string {
  return [t.measure, t.year, t.comparator, t.value ?? 'null', t.valueMax ?? 'null', t.group ?? 'null'].join('|');
}

export function allTargets(r: ImportResult): ImportedTarget[] {
  return r.indicators.flatMap((i) => i.targets);
}

export function targetKeys(r: ImportResult): string[] {
  return allTargets(r).map(key).sort();
}

/** Re-wrap prose lines at `width` columns (tables untouched). */
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

export function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/‰/g, '‰');
}

/** A minimal valid PDF with a text layer (standard Helvetica, ASCII text). */
export function makePdf(lines: string[]): Uint8Array {
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += 60) pages.push(lines.slice(i, i + 60));
  const objs: string[] = ['<< /Type /Catalog /Pages 2 0 R >>', '', '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'];
  const kids: number[] = [];
  for (const page of pages) {
    const content = `BT /F1 8 Tf 20 820 Td 12 TL\n${page.map((l) => `(${l.replace(/[\\()]/g, (m) => `\\${m}`)}) Tj T*`).join('\n')}\nET`;
    objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    const contentId = objs.length;
    objs.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contentId} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`);
    kids.push(objs.length);
  }
  objs[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
