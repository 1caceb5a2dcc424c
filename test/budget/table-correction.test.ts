/**
 * The budget table's checks and the one correction they can point at (src/domain/budget/table.ts):
 * seed 001's Phụ lục 01 (activity 7's 200 written one column left) and nasty tables.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePlanText } from '../../src/importer/index.ts';
import {
  acceptBudgetCorrection,
  budgetCheckWarning,
  budgetTableLines,
  budgetWarnings,
  checkBudgetTable,
  suggestBudgetCorrection,
  type BudgetTable,
} from '../../src/domain/budget/table.ts';
import { seedText, SEEDS } from '../importer/helpers.ts';

const text001 = seedText(SEEDS.s001);
const r001 = parsePlanText(text001);

/** Seed 001 with its activity rows rewritten: `edit(fields)` gets the tab fields of the row "N\t…". */
function editRow(text: string, number: string, edit: (fields: string[]) => void): string {
  const lines = text.split('\n');
  const i = lines.findIndex((l) => l.startsWith(`${number}\t`) && l.split('\t').length > 20);
  assert.ok(i >= 0, `row ${number} found`);
  const fields = lines[i].split('\t');
  edit(fields);
  lines[i] = fields.join('\t');
  return lines.join('\n');
}

test('seed 001: the checks point at activity 7, 2024 mobilised → 2025 local, 200', () => {
  const b = r001.budget!;
  const s = b.suggestion!;
  assert.ok(s, 'a suggestion');
  assert.equal(s.kind, 'move_cell');
  assert.equal(s.activityNumber, '7');
  assert.match(s.activity, /^Tổ chức sơ kết/);
  assert.deepEqual([s.from.year, s.from.source, s.from.column], [2024, 'mobilised', 9]);
  assert.deepEqual([s.to.year, s.to.source, s.to.column], [2025, 'local', 10]);
  assert.equal(s.from.label, 'huy động, xã hội hóa');
  assert.equal(s.to.label, 'Địa phương');
  assert.equal(s.amount, 200);
  // it fixes exactly the 4 failing checks
  const failing = b.checks.filter((c) => !c.ok);
  assert.equal(failing.length, 4);
  assert.deepEqual(s.fixes.map((c) => c.what).sort(), failing.map((c) => c.what).sort());
  assert.deepEqual(s.fixes.map((c) => c.what).sort(), ['cột 2024 huy động, xã hội hóa', 'cột 2025 ngân sách địa phương', 'dòng 7, tổng huy động, xã hội hóa', 'dòng 7, tổng ngân sách địa phương']);
  // Vietnamese first, Vietnamese number format; English second
  assert.match(s.message, /^Hoạt động 7: số 200 ghi ở cột năm 2024 – huy động, xã hội hóa, .*thuộc cột năm 2025 – Địa phương/);
  assert.match(s.message, /cột 2025 ngân sách địa phương \(ghi 1\.495, cộng được 1\.295\)/);
  assert.match(s.messageEn, /^Activity 7: 200 is written in the 2024 mobilised .* belongs to 2025 local/);
  assert.match(s.messageEn, /1,495/);
  // the warnings say so, after the failing checks
  assert.ok(r001.warnings.some((w) => /hoạt động 7 có lẽ bị ghi lệch một cột/.test(w)));
  assert.ok(r001.warnings.includes('Ngân sách: cột 2025 ngân sách địa phương ghi 1.495, cộng lại được 1.295 / budget total mismatch'));
  // never applied by the importer: the lines are as written
  const line = (year: number, source: string) => b.lines.find((l) => l.activityNumber === '7' && l.year === year && l.source === source)?.amount;
  assert.equal(line(2024, 'mobilised'), 200);
  assert.equal(line(2025, 'local'), undefined);
  assert.equal(b.correction, undefined);
});

test('seed 001: accepting moves the amount and every check passes; the total is unchanged', () => {
  const b = r001.budget!;
  const after = acceptBudgetCorrection(b, b.suggestion!)!;
  assert.ok(after);
  assert.ok(after.checks.every((c) => c.ok), JSON.stringify(after.checks.filter((c) => !c.ok)));
  assert.equal(after.checks.length, b.checks.length);
  const line = (year: number, source: string) => after.lines.find((l) => l.activityNumber === '7' && l.year === year && l.source === source)?.amount;
  assert.equal(line(2025, 'local'), 200);
  assert.equal(line(2024, 'mobilised'), undefined);
  assert.equal(line(2030, 'local'), 200);
  assert.equal(after.lines.length, b.lines.length);
  assert.equal(after.computedTotal, 18670);
  assert.equal(after.suggestion, null);
  assert.deepEqual(after.correction, b.suggestion);
  // the as-written reading is untouched
  assert.equal(b.lines.find((l) => l.activityNumber === '7' && l.year === 2024)?.amount, 200);
  assert.equal(b.checks.filter((c) => !c.ok).length, 4);
  // nothing left to suggest on the corrected table
  assert.equal(suggestBudgetCorrection(after.table, after.statedTotal), null);
  // the review's warnings lose the budget ones, keep the others
  const warnings = budgetWarnings(r001.warnings, b, after);
  assert.ok(!warnings.some((w) => w.startsWith('Ngân sách')));
  assert.equal(warnings.length, r001.warnings.filter((w) => !w.startsWith('Ngân sách')).length);
  assert.ok(warnings.length > 0);
});

test('a correction that no longer fits the table is refused', () => {
  const b = r001.budget!;
  const s = b.suggestion!;
  assert.equal(acceptBudgetCorrection(b, { ...s, amount: 300 }), null, 'another amount');
  assert.equal(acceptBudgetCorrection(b, { ...s, row: 5 }), null, 'another row');
  assert.equal(acceptBudgetCorrection(b, { ...s, to: { ...s.to, column: 11 } }), null, 'not adjacent');
  assert.equal(acceptBudgetCorrection(b, { ...s, to: { ...s.to, source: 'central' } }), null, 'another column');
  assert.equal(acceptBudgetCorrection({ ...b, table: null }, s), null, 'no table (an extraction stored before tables were kept)');
  const twice = acceptBudgetCorrection(b, s)!;
  assert.equal(acceptBudgetCorrection(twice, s), null, 'applied once only');
});

test('seed 001 written correctly: every check passes, nothing to suggest', () => {
  const fixed = editRow(text001, '7', (f) => {
    f[10] = f[9];
    f[9] = '';
  });
  const b = parsePlanText(fixed).budget!;
  assert.ok(b.checks.length > 30);
  assert.ok(b.checks.every((c) => c.ok));
  assert.equal(b.suggestion, null);
  assert.equal(b.lines.find((l) => l.activityNumber === '7' && l.year === 2025 && l.source === 'local')?.amount, 200);
});

test('two misplaced cells: no single move explains the checks → no suggestion', () => {
  // activity 5's 2026 amount (75) also written one column right, into 2026 mobilised
  const two = editRow(text001, '5', (f) => {
    f[13] = f[12];
    f[12] = '';
  });
  const b = parsePlanText(two).budget!;
  assert.ok(b.checks.filter((c) => !c.ok).length >= 6);
  assert.equal(b.suggestion, null);
});

test('a move that fixes the columns but breaks the row → no suggestion', () => {
  // activity 7's row totals written to agree with the misplaced cell: local 200, mobilised 200
  const rowAgrees = editRow(text001, '7', (f) => {
    f[22] = '200';
    f[23] = '200';
  });
  const b = parsePlanText(rowAgrees).budget!;
  const failing = b.checks.filter((c) => !c.ok).map((c) => c.what);
  assert.ok(failing.includes('cột 2025 ngân sách địa phương') && failing.includes('cột 2024 huy động, xã hội hóa'));
  assert.ok(!failing.some((w) => w.startsWith('dòng 7')), 'the row agrees as written');
  assert.equal(b.suggestion, null);
});

test('a failing stated total in the text is never explained by a move', () => {
  const other = text001.replace(/18,670 tỷ đồng/, '18,000 tỷ đồng');
  assert.notEqual(other, text001);
  const b = parsePlanText(other).budget!;
  assert.equal(b.checks.find((c) => c.what === 'tổng kinh phí nêu trong văn bản')?.ok, false);
  assert.equal(b.suggestion, null);
});

// small tables: years 2024, 2025 × sources local, mobilised; optional total columns and total row
function table(rows: { n: string; cells: (number | null)[]; totals?: [number | null, number | null] }[], totalRow: (number | null)[] | null, withTotals = true): BudgetTable {
  const columns = [
    { year: null, source: 'total', total: false },
    { year: null, source: 'total', total: false },
    { year: 2024, source: 'local', total: false },
    { year: 2024, source: 'mobilised', total: false },
    { year: 2025, source: 'local', total: false },
    { year: 2025, source: 'mobilised', total: false },
    ...(withTotals ? [{ year: null, source: 'local', total: true }, { year: null, source: 'mobilised', total: true }] : []),
  ];
  const out: BudgetTable = { columns, rows: rows.map((r) => ({ number: r.n, activity: `Hoạt động ${r.n}`, cells: [null, null, ...r.cells, ...(withTotals ? r.totals ?? [null, null] : [])], total: false })) };
  if (totalRow) out.rows.push({ number: null, activity: 'Tổng cộng', cells: [null, null, ...totalRow], total: true });
  return out;
}

test('a small table: the cell one column right is found, and one column left too', () => {
  // activity 2 wrote its 2025 local 50 in 2024 mobilised (one left)
  const left = table(
    [
      { n: '1', cells: [10, null, 10, null], totals: [20, 0] },
      { n: '2', cells: [null, 50, null, null], totals: [50, 0] },
    ],
    [10, 0, 60, 0, 70, 0],
  );
  const s = suggestBudgetCorrection(left, null)!;
  assert.deepEqual([s.activityNumber, s.from.year, s.from.source, s.to.year, s.to.source, s.amount], ['2', 2024, 'mobilised', 2025, 'local', 50]);
  assert.match(s.message, /ô liền bên phải/);
  // activity 2 wrote its 2024 mobilised 50 in 2025 local (one right): the move goes left
  const right = table(
    [
      { n: '1', cells: [10, null, 10, null], totals: [20, 0] },
      { n: '2', cells: [null, null, 50, null], totals: [0, 50] },
    ],
    [10, 50, 10, 0, 20, 50],
  );
  const t = suggestBudgetCorrection(right, 70)!;
  assert.deepEqual([t.from.year, t.from.source, t.to.year, t.to.source], [2025, 'local', 2024, 'mobilised']);
  assert.match(t.message, /ô liền bên trái/);
  assert.match(t.messageEn, /to the left/);
  const accepted = acceptBudgetCorrection({ table: right, lines: budgetTableLines(right), statedTotal: 70, computedTotal: 70, checks: checkBudgetTable(right, 70) }, t)!;
  assert.ok(accepted.checks.every((c) => c.ok));
});

test('ambiguous: two rows could each hold the misplaced amount (no row totals) → no suggestion', () => {
  const twoRows = table(
    [
      { n: '1', cells: [null, 50, null, null] },
      { n: '2', cells: [null, 50, null, null] },
    ],
    [0, 50, 50, 0],
    false,
  );
  assert.ok(checkBudgetTable(twoRows, null).some((c) => !c.ok));
  assert.equal(suggestBudgetCorrection(twoRows, null), null);
  // with row totals the row is pinned down: activity 2 states 50 local
  const pinned = table(
    [
      { n: '1', cells: [null, 50, null, null], totals: [0, 50] },
      { n: '2', cells: [null, 50, null, null], totals: [50, 0] },
    ],
    [0, 50, 50, 0, 50, 50],
  );
  assert.equal(suggestBudgetCorrection(pinned, null)?.activityNumber, '2');
});

test('ambiguous: row totals alone cannot say which year (no total row) → no suggestion', () => {
  // 2024 local (left) and 2025 local (right) both make the row add up
  const noTotalRow = table([{ n: '7', cells: [null, 200, null, null], totals: [200, 0] }], null);
  assert.equal(checkBudgetTable(noTotalRow, null).filter((c) => !c.ok).length, 2);
  assert.equal(suggestBudgetCorrection(noTotalRow, null), null);
});

test('a move never lands on a written figure, and goes one column only', () => {
  // the neighbours of the only candidate hold figures: nothing to propose
  const full = table([{ n: '1', cells: [10, 50, 10, null], totals: [70, 0] }], [10, 0, 70, 0, 70, 0]);
  assert.equal(suggestBudgetCorrection(full, null), null);
  // two columns off (2024 local written, 2025 local meant): the only neighbour move breaks the row → nothing
  const twoOff = table([{ n: '1', cells: [50, null, null, null], totals: [50, 0] }], [0, 0, 50, 0, 50, 0]);
  assert.ok(checkBudgetTable(twoOff, null).some((c) => !c.ok));
  assert.equal(suggestBudgetCorrection(twoOff, null), null);
});

test('empty and zero amounts', () => {
  assert.equal(suggestBudgetCorrection(null, null), null);
  assert.equal(suggestBudgetCorrection({ columns: [], rows: [] }, 100), null);
  const empty = table([{ n: '1', cells: [null, null, null, null], totals: [null, null] }], [null, null, null, null, null, null]);
  assert.ok(checkBudgetTable(empty, null).every((c) => c.ok));
  assert.equal(suggestBudgetCorrection(empty, null), null);
  assert.deepEqual(budgetTableLines(empty), []);
  // a template pre-filled with zeros: the 0 where the amount belongs is no obstacle; zeros are never moved
  const zeros = table(
    [
      { n: '1', cells: [0, 0, 0, 0], totals: [0, 0] },
      { n: '2', cells: [0, 30, 0, 0], totals: [30, 0] },
    ],
    [0, 0, 30, 0, 30, 0],
  );
  const s = suggestBudgetCorrection(zeros, null)!;
  assert.deepEqual([s.activityNumber, s.from.column, s.to.column, s.amount], ['2', 3, 4, 30]);
  const after = acceptBudgetCorrection({ table: zeros, lines: budgetTableLines(zeros), statedTotal: null, computedTotal: 30, checks: checkBudgetTable(zeros, null) }, s)!;
  assert.ok(after.checks.every((c) => c.ok));
  assert.equal(after.lines.find((l) => l.activityNumber === '2' && l.year === 2025 && l.source === 'local')?.amount, 30);
  assert.equal(after.lines.some((l) => l.activityNumber === '2' && l.year === 2024 && l.source === 'mobilised'), false);
  // a check that fails on zeros alone (the total row states 100, every cell is 0): no move of a 0 explains it
  const onlyZeros = table([{ n: '1', cells: [0, 0, 0, 0], totals: [0, 0] }], [100, 0, 0, 0, 0, 0]);
  assert.equal(checkBudgetTable(onlyZeros, null).filter((c) => !c.ok).length, 1);
  assert.equal(suggestBudgetCorrection(onlyZeros, null), null);
});

test('the check warnings use the Vietnamese number format', () => {
  assert.equal(budgetCheckWarning({ what: 'cột 2025 ngân sách địa phương', expected: 1495, found: 1295.5, ok: false }), 'Ngân sách: cột 2025 ngân sách địa phương ghi 1.495, cộng lại được 1.295,5 / budget total mismatch');
});
