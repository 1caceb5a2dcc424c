/**
 * Real plan documents as officers have them (bench/corpus: web copies, legal-database pages, cut short,
 * hard-wrapped, header flattened, without diacritics) and bad files: what the importer must do with each.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importPlanDocument, parsePlanText, ImportError } from '../../src/importer/index.ts';
import { badInputs, stripDiacritics } from '../../bench/corpus/transforms.ts';

const corpus = resolve(dirname(fileURLToPath(import.meta.url)), '../../bench/corpus');
const text = (id: string) => readFileSync(resolve(corpus, `text/${id}.txt`), 'utf8');
const labels = (id: string) => (JSON.parse(readFileSync(resolve(corpus, `${id}.json`), 'utf8')) as { targets: { year: number; comparator: string; value: number | null; group: string | null }[] }).targets;
const keys = (ts: { year: number; comparator: string; value: number | null; group: string | null }[]) => ts.map((t) => `${t.year}|${t.comparator}|${t.value}|${t.group}`).sort();

test('a web copy with the header flattened into a table, no KẾ HOẠCH line, cut short: imported from its …/KH-UBND number', () => {
  const r = parsePlanText(text('r02_hanoi_138'));
  assert.equal(r.document.number, '138/KH-UBND');
  assert.equal(r.document.date, '2021-06-03');
  assert.match(r.document.title ?? '', /^THỰC HIỆN CHƯƠNG TRÌNH HÀNH ĐỘNG QUỐC GIA VÌ TRẺ EM/);
  assert.deepEqual(r.document.period, { from: 2021, to: 2030 });
  assert.equal(r.warningDetails?.[0]?.code, 'truncated');
  assert.deepEqual(keys(r.indicators.flatMap((i) => i.targets)), keys(labels('r02_hanoi_138')));
});

test('the same text without diacritics reads the same', () => {
  const plain = parsePlanText(text('r02_hanoi_138'));
  const folded = parsePlanText(stripDiacritics(text('r02_hanoi_138')));
  assert.deepEqual(keys(folded.indicators.flatMap((i) => i.targets)), keys(plain.indicators.flatMap((i) => i.targets)));
});

test('a legal-database page: its chrome is dropped, a one-year plan dates its prose targets to its year', () => {
  const r = parsePlanText(text('r06_thuathienhue_113'));
  assert.ok(!/Hệ thống pháp luật/.test(r.text.slice(0, 200)), 'chrome dropped');
  assert.equal(r.document.number, '113/KH-UBND');
  assert.deepEqual(r.document.period, { from: 2023, to: 2023 });
  const targets = r.indicators.flatMap((i) => i.targets);
  assert.ok(targets.length >= 5);
  assert.ok(targets.every((t) => t.year === 2023));
  assert.deepEqual(keys(targets), keys(labels('r06_thuathienhue_113')));
});

test('hard-wrapped header words and dates are joined ("ỦY" / "BAN NHÂN DÂN", "Nghệ" / "An, ngày …")', () => {
  const r = parsePlanText(text('r07_nghean_197'));
  assert.equal(r.document.number, '197/KH-UBND');
  assert.equal(r.document.place, 'Nghệ An');
  assert.equal(r.document.date, '2022-03-24');
  assert.match(r.document.title ?? '', /^THỰC HIỆN CÔNG TÁC TRẺ EM TRÊN ĐỊA BÀN TỈNH NGHỆ AN NĂM 2022$/);
  assert.deepEqual(r.document.period, { from: 2022, to: 2022 });
});

test('prose targets: a year before the value, relative changes, counts opening a bullet', () => {
  const r = parsePlanText(text('r16_ninhbinh_149'));
  assert.deepEqual(keys(r.indicators.flatMap((i) => i.targets)), keys(labels('r16_ninhbinh_149')));
  const rel = r.indicators.flatMap((i) => i.targets).filter((t) => t.relative);
  assert.ok(rel.some((t) => t.relative?.perYear && t.relative.by === 5 && t.relative.byMax === 10));
});

test('footnote digits and grams are not targets ("dưới 24%1", "dưới 2.500 gram")', () => {
  const r = parsePlanText(text('r08_langson_54'));
  const values = r.indicators.flatMap((i) => i.targets).map((t) => t.value);
  assert.ok(!values.includes(2500) && !values.includes(1) && !values.includes(2));
  assert.deepEqual(keys(r.indicators.flatMap((i) => i.targets)), keys(labels('r08_langson_54')));
});

test('what is not a plan is refused: a decision with no plan in it, a letter, a report', () => {
  for (const id of ['r18_hcm_1269_qd', 'r24_ldtbxh_cv375', 'r25_ldtbxh_bc02']) {
    assert.throws(() => parsePlanText(text(id)), (e: unknown) => e instanceof ImportError && e.code === 'no_plan_found' && e.messageVi.length > 10 && e.messageEn.length > 10, id);
  }
});

test('a plan whose excerpt holds no objectives yet is still imported (not "no plan")', () => {
  for (const id of ['r09_langson_32', 'r13_bacninh_675', 'r27_hcm_2022_2014']) {
    const r = parsePlanText(text(id));
    assert.ok(r.document.number?.includes('/KH-UBND'), id);
  }
});

test('bad files end in their own bilingual error, fast, never a crash', async () => {
  for (const bad of await badInputs()) {
    const t0 = performance.now();
    await assert.rejects(importPlanDocument(bad.bytes, bad.name), (e: unknown) => {
      assert.ok(e instanceof ImportError, `${bad.id}: ${String(e)}`);
      assert.equal(e.code, bad.expect, bad.id);
      assert.ok(e.messageVi.length > 10 && e.messageEn.length > 10);
      return true;
    });
    assert.ok(performance.now() - t0 < 15_000, `${bad.id} took too long`);
  }
  const scanned = (await badInputs()).find((b) => b.id === 'scanned_pdf')!;
  await assert.rejects(importPlanDocument(scanned.bytes, scanned.name), (e: ImportError) => /ảnh quét, không có lớp chữ/.test(e.messageVi) && /OCR/.test(e.messageVi) && /OCR/.test(e.messageEn));
});
