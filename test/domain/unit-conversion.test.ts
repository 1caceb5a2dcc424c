/** The conversion table's checks on the office's real file and on broken copies of it: rows named, nothing accepted silently. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { checkConversion, readConversionTable, readCsv } from '../../src/domain/unit-lists.ts';

const SHARED = path.join(import.meta.dirname, '..', '..', '..', 'shared', 'domain', 'units');
const conversion = fs.readFileSync(path.join(SHARED, 'conversion-2025-07-01.csv'), 'utf8');
const newCommunes = new Map(readCsv(fs.readFileSync(path.join(SHARED, 'units-from-2025-07-01.csv'), 'utf8')).slice(1).map((r) => [r[3].trim(), r[4].trim()]));

test('the office\'s conversion table passes: every one of the 3.321 new communes has a row', () => {
  const rows = readConversionTable(conversion);
  assert.equal(newCommunes.size, 3321);
  assert.equal(rows.length, 10571);
  assert.deepEqual(checkConversion(rows, newCommunes), []);
});

test('a new commune missing from the table is named; a row for a commune not in the list is named with its line', () => {
  const lines = conversion.split('\n');
  // drop the rows of Phường Ba Đình (00004) and add one for a commune that does not exist
  const broken = lines.filter((l) => !l.includes(',Phường Ba Đình,00004,')).concat(['Thành phố Hà Nội (01),Phường Không Có,99999,Phường Phúc Xá,00001,Nhập toàn bộ,Quận Ba Đình (001),Thành phố Hà Nội (01),']).join('\n');
  const problems = checkConversion(readConversionTable(broken), newCommunes);
  assert.equal(problems.length, 2);
  assert.match(problems[0].vi, /Phường Không Có \(99999\) không có trong danh mục mới/);
  assert.ok(problems[0].lines[0] > 11000);
  assert.match(problems[1].vi, /Thiếu 1 xã mới.*Phường Ba Đình \(00004\)/);
});

test('shares that do not sum to 1 are refused, naming the old commune and the lines', () => {
  const rows = readConversionTable(conversion);
  const kimMa = rows.filter((r) => r.oldCode === '00028');
  assert.equal(kimMa.length, 3);
  const withShares = rows.map((r) => (r.oldCode === '00028' ? { ...r, share: 0.3 } : r));
  const problems = checkConversion(withShares, newCommunes);
  assert.equal(problems.length, 1);
  assert.match(problems[0].vi, /Kim Mã \(00028\): tổng tỷ lệ 0,9 khác 1/);
  assert.deepEqual(problems[0].lines, kimMa.map((r) => r.line));
  const good = rows.map((r) => (r.oldCode === '00028' ? { ...r, share: r.newCode === '00004' ? 0.5 : 0.25 } : r));
  assert.deepEqual(checkConversion(good, newCommunes), []);
});
