/**
 * The documents write every number and date through THE formatter (src/domain/format.ts): the
 * indicator table, the budget sentences and the targets in words of the real seed 001 (Kiên Giang)
 * read as the formatter writes them, and nasty values (negative zero, a range without its upper
 * bound, a boolean) come out as it writes them too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDate, formatNumberVi, formatRateVi } from '../../src/domain/format.ts';
import { budgetSection, indicatorTableBlock, planDocument, reportDocument } from '../../src/domain/documents/compose.ts';
import { targetCell, targetLevelWords, valueWithUnit } from '../../src/domain/documents/wording.ts';
import type { Block, TableBlock } from '../../src/domain/documents/official.ts';
import { kienGiangPlan, kienGiangReport, kienGiangTargets } from '../fixtures/documents/kien-giang.ts';

const texts = (blocks: Block[]): string => JSON.stringify(blocks);

test('seed 001: the indicator table of the yearly report writes baselines, targets and results as the formatter does', () => {
  const report = kienGiangReport('yearly', 2024);
  const table = indicatorTableBlock(report) as TableBlock;
  const cells = table.rows.map((row) => row.map((c) => c.text));
  for (const [i, r] of report.indicators.entries()) {
    const row = cells[i];
    assert.equal(row[0], r.number);
    assert.equal(row[2], r.baseline === null ? '' : `${formatRateVi(r.baseline, r.unit)} (${r.baselineYear})`);
    assert.equal(row[5], r.result === null ? '—' : formatRateVi(r.result, r.unit));
  }
  assert.deepEqual(cells.map((r) => r[5]), ['76,2%', '9,8‰', '—', '98,7%']);
  assert.deepEqual(cells.map((r) => r[2]), ['68,5% (2020)', '10,2‰ (2020)', '610/100.000 (2020)', '97,1% (2020)']);
  // the targets of seed 001 as cells and in words
  const t3a = kienGiangTargets().find((t) => t.measure === '3a' && t.year === 2025 && !t.group)!;
  assert.equal(targetCell(t3a), `${t3a.comparator === '<' ? '< ' : '≤ '}${formatRateVi(t3a.value, 'per_1000')}`);
  const doc = JSON.stringify(reportDocument(report));
  assert.ok(doc.includes(`ngày ${formatDate('2021-05-18')}`), 'the plan referred to with its date as 18/05/2021');
  assert.ok(doc.includes('Tỷ lệ báo cáo đầy đủ: 66,7%; tỷ lệ báo cáo đúng hạn: 33,3%.'));
  const plan = JSON.stringify(planDocument(kienGiangPlan()));
  assert.ok(plan.includes(`là ${formatNumberVi(18670)} triệu đồng`) && plan.includes('là 18.670 triệu đồng'));
});

test('budget sentences: amounts with thousands dots, rates with one decimal at most, no figure never "0"', () => {
  const text = texts(budgetSection({ rows: [{ activity: 'Truyền thông', planned: 1234.5, spent: 1000 }, { activity: 'Tập huấn', planned: 300, spent: null }], planned: 1534.5, spent: 1000 }));
  assert.ok(text.includes('Kinh phí dự toán: 1.534,5 triệu đồng; đã thực hiện: 1.000 triệu đồng (đạt 65,2%).'), text);
  assert.ok(text.includes('"1.234,5"') && text.includes('"65,2%"'), text);
  assert.ok(text.includes('"81%"'), 'the activity rate 1000/1234,5 = 81,0% is written "81%"');
  assert.ok(text.includes('chưa báo cáo kinh phí (không tính là 0)'));
  const none = texts(budgetSection({ rows: [], planned: 0, spent: null }));
  assert.ok(none.includes('Kinh phí dự toán: 0 triệu đồng; đã thực hiện: chưa có số liệu.'), none);
});

test('nasty values: negative zero, a range without its upper bound, booleans, an unknown group', () => {
  const target = (over: object) => ({ measure: 'x', year: 2025, comparator: '=', value: -0.0001, valueMax: null, unit: 'percent', group: null, ...over }) as NonNullable<Parameters<typeof targetCell>[0]>;
  assert.equal(targetCell(target({})), '0%', 'never "-0%"');
  assert.equal(targetCell(target({ comparator: 'range', value: 1.25, valueMax: null, unit: 'per_10000' })), '1,25/10.000–');
  assert.equal(targetCell(target({ comparator: '<=', value: 550, unit: 'per_100000', group: 'rural' })), '≤ 550/100.000 (nông thôn)');
  assert.equal(targetCell(target({ comparator: '>=', value: 90, group: 'ethnic_minority' })), '≥ 90% (ethnic_minority)');
  assert.equal(targetCell(target({ comparator: 'zero', value: null })), '0');
  assert.equal(valueWithUnit(1, 'boolean'), 'có');
  assert.equal(valueWithUnit(0, 'boolean'), 'không');
  assert.equal(valueWithUnit(550, 'per_100000'), '550/100.000 trẻ em');
  assert.equal(valueWithUnit(1.5, 'per_10000', 'trẻ em dưới 5 tuổi'), '1,5/10.000 trẻ em dưới 5 tuổi');
  // a count is whole (issue #19.11): "≤ 18.670,5" means "≤ 18.670"
  assert.equal(targetLevelWords(target({ comparator: '<=', value: 18670.5, unit: 'count' }), 'decrease'), 'xuống 18.670');
  assert.equal(targetLevelWords(target({ comparator: 'range', value: 3, valueMax: 5 })), 'từ 3% đến 5%');
});

test('the documents have no number or date formatter of their own', () => {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/domain/documents');
  assert.equal(fs.existsSync(path.join(dir, 'format.ts')), false, 'src/domain/documents/format.ts is gone: src/domain/format.ts is the formatter');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    assert.doesNotMatch(source, /toFixed\(|\\B\(\?=|toLocaleString\(|function (formatNumberVi|parseNumberVi|dateVi|valueShort)\b/, file);
  }
});
