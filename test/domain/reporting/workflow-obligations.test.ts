import { test } from 'node:test';
import assert from 'node:assert/strict';
import { transition } from '../../../src/domain/reporting/workflow.ts';
import { deriveObligations, periodsForYear, deadlineState, type UnitNode } from '../../../src/domain/reporting/obligations.ts';

test('workflow: draft → submitted → approved; returned → resubmitted; approved → reopened', () => {
  assert.deepEqual(transition('draft', 'submit'), { ok: true, to: 'submitted', aggregateDelta: 1 });
  assert.deepEqual(transition('submitted', 'approve'), { ok: true, to: 'approved', aggregateDelta: 0 });
  assert.deepEqual(transition('submitted', 'return'), { ok: true, to: 'returned', aggregateDelta: -1 });
  assert.deepEqual(transition('returned', 'submit'), { ok: true, to: 'submitted', aggregateDelta: 1 });
  assert.deepEqual(transition('approved', 'reopen'), { ok: true, to: 'draft', aggregateDelta: -1 });
  const bad = transition('approved', 'save');
  assert.equal(bad.ok, false);
  assert.equal(transition('draft', 'approve').ok, false);
  if (!bad.ok) assert.match(bad.vi, /đã phê duyệt/);
});

// province 1 → district 2 → communes 3,4 (until 2025-07-01); after the reform commune 5 (merged from 3,4) under the province
const units: UnitNode[] = [
  { id: 1, parentId: null, level: 'province', validFrom: '1900-01-01', validTo: null },
  { id: 2, parentId: 1, level: 'district', validFrom: '1900-01-01', validTo: '2025-07-01' },
  { id: 3, parentId: 2, level: 'commune', validFrom: '1900-01-01', validTo: '2025-07-01' },
  { id: 4, parentId: 2, level: 'commune', validFrom: '1900-01-01', validTo: '2025-07-01' },
  { id: 5, parentId: 1, level: 'commune', validFrom: '2025-07-01', validTo: null },
];
const plan = { id: 1, issuerUnitId: 1, periodFrom: 2021, periodTo: 2030, reviews: [{ kind: 'midterm' as const, year: 2025 }, { kind: 'final' as const, year: 2030 }] };
const measures = [{ planIndicatorId: 10, measureId: 100 }, { planIndicatorId: 11, measureId: 110 }];

test('lower units cascade; data is entered at the leaves; districts consolidate', () => {
  const rules = [{ reporterKind: 'lower_units' as const, reporterAgencyId: null, recipientUnitId: null, recipientAgencyId: null, dueDay: 1, dueMonth: 12, dueYear: null, recurrence: 'yearly' as const }];
  const o2023 = deriveObligations({ plan, year: 2023, kind: 'annual', rules, measures, assignments: [], units, agencies: [] });
  assert.deepEqual(o2023.map((o) => [o.unitId, o.recipientUnitId, o.dueDate, o.role]), [[2, 1, '2023-12-01', 'consolidation'], [3, 2, '2023-11-21', 'data'], [4, 2, '2023-11-21', 'data']]);
  assert.ok(o2023[1].measures.every((m) => m.feeds));
  const o2026 = deriveObligations({ plan, year: 2026, kind: 'annual', rules, measures, assignments: [], units, agencies: [] });
  assert.deepEqual(o2026.map((o) => [o.unitId, o.recipientUnitId, o.role]), [[5, 1, 'data']]);
  assert.deepEqual(periodsForYear(plan, 2025), ['annual', 'midterm']);
  assert.deepEqual(periodsForYear(plan, 2031), []);
  assert.equal(deriveObligations({ plan, year: 2024, kind: 'midterm', rules, measures, assignments: [], units, agencies: [] }).length, 0);
});

test('commune plan: agencies report their assigned indicators to the commune by 01/11; the commune reports the rest', () => {
  const commune: UnitNode[] = [{ id: 7, parentId: 2, level: 'commune', validFrom: '1900-01-01', validTo: null }, { ...units[1], validTo: null }];
  const rules = [
    { reporterKind: 'agencies' as const, reporterAgencyId: null, recipientUnitId: 7, recipientAgencyId: null, dueDay: 1, dueMonth: 11, dueYear: null, recurrence: 'yearly' as const },
    { reporterKind: 'unit' as const, reporterAgencyId: null, recipientUnitId: 2, recipientAgencyId: null, dueDay: 20, dueMonth: 11, dueYear: null, recurrence: 'yearly' as const },
  ];
  const out = deriveObligations({
    plan: { ...plan, issuerUnitId: 7 }, year: 2024, kind: 'annual', rules, measures,
    assignments: [{ planIndicatorId: 10, agencyId: 70, role: 'lead' }, { planIndicatorId: 10, agencyId: 71, role: 'partner' }],
    units: commune, agencies: [{ id: 70, unitId: 7, validFrom: '1900-01-01', validTo: null }, { id: 71, unitId: 7, validFrom: '1900-01-01', validTo: null }],
  });
  const police = out.find((o) => o.agencyId === 70)!;
  assert.equal(police.dueDate, '2024-11-01');
  assert.deepEqual(police.measures.map((m) => [m.measureId, m.feeds]), [[100, true]]);
  const own = out.find((o) => o.agencyId === null)!;
  assert.equal(own.recipientUnitId, 2);
  assert.deepEqual(own.measures.map((m) => [m.measureId, m.feeds]), [[100, false], [110, true]]);
  // the partner agency leads nothing: it gets a consolidation report with all measures, feeding none
  const partner = out.find((o) => o.agencyId === 71)!;
  assert.equal(partner.role, 'consolidation');
});

test('deadline state', () => {
  assert.equal(deadlineState('draft', '2025-11-01', '2025-11-02', null), 'overdue');
  assert.equal(deadlineState('draft', '2025-11-01', '2025-10-02', null), 'due');
  assert.equal(deadlineState('submitted', '2025-11-01', '2025-11-09', false), 'late');
  assert.equal(deadlineState('returned', '2025-11-01', '2025-10-09', true), 'returned');
});
