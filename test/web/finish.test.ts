/** Issue #19: the web app's words and dates — pure helpers of the screens, on real messages of the importer and the audit log. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bilingualPart } from '../../web/src/lib/i18n.ts';
import { withoutDataNotes } from '../../web/src/lib/api.ts';
import { documentDateText, documentDateValue } from '../../web/src/pages/imports/dates.ts';
import { actionLabel, changeSummary, tableLabel } from '../../web/src/pages/admin/audit-labels.ts';
import { languageFindings } from '../../test-browser/language.ts';
import { budgetCheckWarning } from '../../src/domain/budget/table.ts';
import { parsePlanText } from '../../src/importer/index.ts';
import fs from 'node:fs';
import path from 'node:path';

const vi = (a: string) => a;

test('an importer warning shows the half of the reader’s language', () => {
  const w = budgetCheckWarning({ what: 'cột 2025 ngân sách địa phương', expected: 1495, found: 1295.5, ok: false });
  assert.equal(bilingualPart(w, 'vi'), 'Ngân sách: cột 2025 ngân sách địa phương ghi 1.495, cộng lại được 1.295,5');
  assert.equal(bilingualPart(w, 'en'), 'budget total mismatch');
  assert.equal(bilingualPart('Không tìm thấy ngày ban hành / no issue date found', 'vi'), 'Không tìm thấy ngày ban hành');
  // a slash inside Vietnamese text is not a language boundary
  assert.equal(bilingualPart('Số 107/KH-UBND ngày 07/01/2021 / Hà Nội', 'vi'), 'Số 107/KH-UBND ngày 07/01/2021 / Hà Nội');
  assert.equal(bilingualPart('Chỉ tiêu 3 giống chỉ tiêu quốc gia 5 / looks like national indicator 5', 'vi'), 'Chỉ tiêu 3 giống chỉ tiêu quốc gia 5');
});

test('every warning of the real seed plans, as the review shows it in Vietnamese, has no English', () => {
  const dir = fs.existsSync(path.resolve('../shared/seeds')) ? path.resolve('../shared/seeds') : path.resolve('data-seed/plans');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'));
  assert.ok(files.length >= 3, `seed plans in ${dir}`);
  let warnings = 0;
  for (const f of files) {
    for (const w of parsePlanText(fs.readFileSync(path.join(dir, f), 'utf8')).warnings) {
      warnings++;
      assert.deepEqual(languageFindings(bilingualPart(w, 'vi')), [], `${f}: ${w}`);
    }
  }
  assert.ok(warnings > 0);
});

test('data notes in names are dropped, "(mới)" stays', () => {
  const body = JSON.parse('{"items":[{"name":"xã Hoằng Kim (mới, cần xác minh)"},{"name":"Tiêu chí 5 (cần đối chiếu)"},{"name":"xã Hoằng Phú (mới)"}]}', withoutDataNotes);
  assert.deepEqual(body.items.map((x: { name: string }) => x.name), ['xã Hoằng Kim (mới)', 'Tiêu chí 5', 'xã Hoằng Phú (mới)']);
});

test('document dates are typed and shown dd/mm/yyyy (month-only dates mm/yyyy)', () => {
  assert.equal(documentDateValue('15/05/2023'), '2023-05-15');
  assert.equal(documentDateValue('2023-05-15'), '2023-05-15');
  assert.equal(documentDateValue('05/2023'), '2023-05');
  assert.equal(documentDateValue(''), null);
  assert.equal(documentDateValue('31/02/2023'), undefined);
  assert.equal(documentDateValue('13/2023'), undefined);
  assert.equal(documentDateText('2023-05-15'), '15/05/2023');
  assert.equal(documentDateText('2023-05'), '05/2023');
});

test('audit rows read as Vietnamese words, never as table names or raw JSON, and never spell out encrypted columns', () => {
  assert.equal(`${actionLabel('update', vi)} ${tableLabel('child_case', vi)}`, 'Sửa hồ sơ trường hợp');
  assert.equal(tableLabel('some_new_table', vi), 'dữ liệu');
  assert.equal(actionLabel('frobnicate', vi), 'Thao tác khác');
  const summary = changeSummary({ action: 'update', before: { status: 'open', name_enc: 'x1', updated_at: '2026-01-01' }, after: { status: 'closed', name_enc: 'x2', updated_at: '2026-01-02' }, detail: null }, vi);
  assert.equal(summary, 'trạng thái: mở → đã đóng');
  const insert = changeSummary({ action: 'insert', before: null, after: { id: 3, step: 'close', due_at: '2026-12-07T13:32:56.337+00:00', full_name_enc: 'secret' }, detail: null }, vi);
  assert.match(insert, /^bước: đóng hồ sơ; hạn: 07\/12\/2026/);
  assert.doesNotMatch(insert, /secret/);
  assert.equal(changeSummary({ action: 'insert', before: null, after: { step: 'follow_up', note: 'q8Zk3J2mP0fXq+iPm/jCWPyC==' }, detail: null }, vi), 'ghi chú: (đã mã hóa); bước: theo dõi');
  for (const text of [summary, `${actionLabel('insert', vi)} ${tableLabel('case_approval', vi)}`]) assert.deepEqual(languageFindings(text), [], text);
});

test('the language check finds English and developer notes and lets codes, names and Vietnamese through', () => {
  assert.deepEqual(languageFindings('Kế hoạch 107/KH-UBND; xuất DHIS2 (ADX), tệp XLSX, PDF; demo.officer, can thiệp, bình an, in ấn, do UBND'), []);
  assert.ok(languageFindings('tổng các phân tổ theo "sex" không bằng số tổng').some((f) => /sex/.test(f)));
  assert.ok(languageFindings('Ngân sách: tổng local ghi 400').some((f) => /local/.test(f)));
  assert.ok(languageFindings('update child_case {"status":"open"}').length >= 2);
  assert.ok(languageFindings('xã Hoằng Kim (mới, cần xác minh)').some((f) => /xác minh/.test(f)));
  assert.ok(languageFindings('(trường: on)').some((f) => /\bon\b/.test(f)));
});
