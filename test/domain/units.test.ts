import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ancestors, ancestorsAt, buildTree, coveringUnitsAt, isValidAt, isWithin, partialDateRange, predecessorChain, searchKey, successorChain, unitsAt, type SuccessionRecord, type UnitRecord } from '../../src/domain/units.ts';

const U = (id: number, code: string, level: string, parentId: number | null, validFrom = '1900-01-01', validTo: string | null = null, name = code): UnitRecord => ({ id, code, name, level, parentId, validFrom, validTo });
// VN; Kiên Giang + An Giang (old) → An Giang (new) on 2025-07-01; Thanh Hóa (continuous) with Hoằng Hóa district and Hoằng Kim commune → successor commune
const units = [
  U(1, 'VN', 'nation', null),
  U(2, '91', 'province', 1, '1900-01-01', '2025-07-01', 'Kiên Giang'),
  U(3, '89', 'province', 1, '1900-01-01', '2025-07-01', 'An Giang cũ'),
  U(4, '91', 'province', 1, '2025-07-01', null, 'An Giang'),
  U(5, '38', 'province', 1, '1900-01-01', null, 'Thanh Hóa'),
  U(6, '388', 'district', 5, '1900-01-01', '2025-07-01', 'Hoằng Hóa'),
  U(7, 'HK', 'commune', 6, '1900-01-01', '2025-07-01', 'Hoằng Kim'),
  U(8, 'HK2', 'commune', 5, '2025-07-01', null, 'Xã mới'),
  U(9, 'X', 'commune', 6, '1900-01-01', '2025-07-01', 'Xã không kế thừa'),
];
const succ: SuccessionRecord[] = [
  { predecessorId: 2, successorId: 4, effectiveDate: '2025-07-01', kind: 'merge' },
  { predecessorId: 3, successorId: 4, effectiveDate: '2025-07-01', kind: 'merge' },
  { predecessorId: 7, successorId: 8, effectiveDate: '2025-07-01', kind: 'merge' },
];

test('validity is [valid_from, valid_to)', () => {
  assert.equal(isValidAt(units[1], '2025-06-30'), true);
  assert.equal(isValidAt(units[1], '2025-07-01'), false);
  assert.equal(isValidAt(units[3], '2025-07-01'), true);
  assert.deepEqual(unitsAt(units, '2026-01-01').filter((u) => u.level === 'province').map((u) => u.name), ['An Giang', 'Thanh Hóa']);
  assert.deepEqual(unitsAt(units, '2021-05-18').filter((u) => u.level === 'province').map((u) => u.name), ['Kiên Giang', 'An Giang cũ', 'Thanh Hóa']);
});

test('partial dates cover their month or year', () => {
  assert.deepEqual(partialDateRange('2023-05'), { from: '2023-05-01', to: '2023-05-31' });
  assert.deepEqual(partialDateRange('2024-02'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(partialDateRange('2014'), { from: '2014-01-01', to: '2014-12-31' });
});

test('covering units: itself, successors forward, predecessors backward, parent when abolished', () => {
  assert.deepEqual(coveringUnitsAt(units, succ, 2, '2021-01-01').map((u) => u.id), [2]);
  assert.deepEqual(coveringUnitsAt(units, succ, 2, '2026-01-01').map((u) => u.name), ['An Giang']);
  assert.deepEqual(coveringUnitsAt(units, succ, 4, '2021-01-01').map((u) => u.name).sort(), ['An Giang cũ', 'Kiên Giang']);
  assert.deepEqual(coveringUnitsAt(units, succ, 7, '2025-08-01').map((u) => u.id), [8]);
  assert.deepEqual(coveringUnitsAt(units, succ, 9, '2025-08-01').map((u) => u.name), ['Thanh Hóa']); // no successor: district gone → province
  assert.deepEqual(coveringUnitsAt(units, succ, 6, '2025-08-01').map((u) => u.name), ['Thanh Hóa']);
});

test('ancestors, ancestors at a date, chains, membership, cycles stop', () => {
  assert.deepEqual(ancestors(units, 7).map((u) => u.id), [6, 5, 1]);
  assert.deepEqual(ancestorsAt(units, succ, 7, '2025-08-01').map((u) => u.name), ['Thanh Hóa', 'VN']);
  assert.deepEqual(successorChain(succ, 2), [4]);
  assert.deepEqual(predecessorChain(succ, 4).sort(), [2, 3]);
  assert.equal(isWithin(units, 7, 5), true);
  assert.equal(isWithin(units, 7, 2), false);
  const loop = [U(1, 'a', 'province', 2), U(2, 'b', 'district', 1)];
  assert.deepEqual(ancestors(loop, 1).map((u) => u.id), [2]);
  assert.deepEqual(successorChain([{ predecessorId: 1, successorId: 2, effectiveDate: 'x', kind: 'merge' }, { predecessorId: 2, successorId: 1, effectiveDate: 'x', kind: 'merge' }], 1), [2]);
});

test('search keys ignore diacritics and đ; the tree nests by parent', () => {
  assert.equal(searchKey('xã Hoằng Kim'), 'xa hoang kim');
  assert.equal(searchKey('Điện  Biên'), 'dien bien');
  assert.equal(searchKey('Hoàng Kim'), searchKey('Hoằng Kim'));
  const tree = buildTree(unitsAt(units, '2021-01-01'));
  assert.equal(tree.length, 1);
  assert.deepEqual(tree[0].children.map((c) => c.unit.code), ['38', '89', '91']);
  assert.deepEqual(tree[0].children[0].children[0].children.map((c) => c.unit.code), ['HK', 'X']);
});
