/**
 * `vitreem import FILE [--json]`: prints the draft plan (JSON, or a Vietnamese summary)
 * and returns the exit code (0 ok, 2 import error). Nothing is stored here.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { importPlanDocument } from './index.ts';
import { ImportError, MAX_FILE_BYTES, type ImportResult } from './types.ts';

export async function runImportCli(file: string, opts: { json: boolean }): Promise<number> {
  try {
    const info = await stat(file).catch(() => {
      throw new ImportError('not_found', `Không tìm thấy tệp "${file}".`, `File not found: "${file}".`);
    });
    if (info.size > MAX_FILE_BYTES) {
      throw new ImportError('too_large', `Tệp quá lớn (${(info.size / 1048576).toFixed(1)} MB, tối đa 20 MB).`, `File too large (${(info.size / 1048576).toFixed(1)} MB, limit 20 MB).`);
    }
    const bytes = await readFile(file);
    const result = await importPlanDocument(new Uint8Array(bytes), basename(file));
    // --json: warnings with their code ({ code: 'truncated', message } first when the copy is cut short)
    const json = { ...result, warnings: result.warningDetails ?? result.warnings.map((message) => ({ code: 'reading', message })), warningDetails: undefined };
    process.stdout.write(opts.json ? `${JSON.stringify(json, null, 2)}\n` : summary(result));
    return 0;
  } catch (err) {
    const e = err instanceof ImportError ? err : new ImportError('unsupported_type', `Không đọc được tệp: ${(err as Error).message}`, `Could not read the file: ${(err as Error).message}`);
    process.stderr.write(`Lỗi: ${e.messageVi}\nError: ${e.messageEn}\n`);
    return 2;
  }
}

function summary(r: ImportResult): string {
  const d = r.document;
  const lines = [
    `Văn bản: ${d.number ?? '(chưa có số)'} — ${d.issuer ?? '?'} (${d.level ?? '?'}), ${d.place ?? ''} ${d.date ?? ''}`,
    `Tiêu đề: ${d.title ?? '?'}`,
    `Giai đoạn: ${d.period.from ?? '?'}–${d.period.to ?? '?'}; người ký: ${d.signer ?? '?'}`,
    `Mục tiêu: ${r.objectives.length}; chỉ tiêu: ${r.indicators.length}; chỉ tiêu con (targets): ${r.indicators.reduce((s, i) => s + i.targets.length, 0)}`,
  ];
  for (const i of r.indicators) {
    const t = i.targets.map((x) => `${x.measure}/${x.year} ${x.comparator} ${x.value ?? ''}${x.valueMax != null ? `–${x.valueMax}` : ''}${x.group ? ` (${x.group})` : ''}`).join('; ');
    lines.push(`  - Chỉ tiêu ${i.number ?? i.key} [${i.catalogue ?? 'địa phương'}]: ${t || '(không có số liệu)'}`);
  }
  lines.push(`Phân công: ${r.assignments.filter((a) => a.indicators.length > 0).map((a) => `${a.agency} → ${a.indicators.join(', ')}`).join('; ') || '(không có)'}`);
  lines.push(`Báo cáo: ${r.reporting.map((x) => `${x.reporter ?? '?'} → ${x.recipient ?? '?'} trước ${x.due.day}/${x.due.month}${x.due.year ? `/${x.due.year}` : ' hằng năm'}`).join('; ') || '(không có)'}`);
  if (r.reviews.length) lines.push(`Sơ kết/tổng kết: ${r.reviews.map((x) => `${x.kind === 'midterm' ? 'sơ kết' : 'tổng kết'} ${x.year}`).join(', ')}`);
  if (r.budget) lines.push(`Kinh phí: ${r.budget.statedTotal ?? '?'} triệu đồng (tính được ${r.budget.computedTotal ?? '?'}), ${r.budget.checks.filter((c) => !c.ok).length} chỗ lệch tổng`);
  if (r.warnings.length) lines.push('Cảnh báo:', ...r.warnings.map((w) => `  ! ${w}`));
  return `${lines.join('\n')}\n`;
}
