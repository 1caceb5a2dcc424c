/** A report's issuer is named by the unit's own kind: UBND thành phố Hà Nội, not "tỉnh Hà Nội" (issue 18). */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { reportData } from '../../src/storage/documents.ts';
import { issuerOf } from '../../src/documents/adapters.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx?.close());

test('the yearly report of a city under central authority is issued by "Ủy ban nhân dân thành phố …"; a province keeps "tỉnh"', async () => {
  const db = ctx.database.db;
  const planId = (await sql<{ id: number }>`select id from plan where number = '23/QĐ-TTg'`.execute(db)).rows[0].id;
  const province = async (code: string) => (await sql<{ id: number }>`select id from admin_unit where level = 'province' and code = ${code} and valid_to is null`.execute(db)).rows[0].id;
  const haNoi = await reportData(db, { unitId: await province('01'), planId, year: 2025, kind: 'yearly' });
  assert.deepEqual([haNoi.issuer.name, haNoi.unitName], ['THÀNH PHỐ HÀ NỘI', 'Ủy ban nhân dân thành phố Hà Nội']);
  const hcm = await reportData(db, { unitId: await province('79'), planId, year: 2025, kind: 'yearly' });
  assert.equal(hcm.issuer.name, 'THÀNH PHỐ HỒ CHÍ MINH');
  const thanhHoa = await reportData(db, { unitId: await province('38'), planId, year: 2025, kind: 'yearly' });
  assert.deepEqual([thanhHoa.issuer.name, thanhHoa.unitName], ['TỈNH THANH HÓA', 'Ủy ban nhân dân tỉnh Thanh Hóa']);
  // a commune-level unit keeps its kind too
  assert.equal(issuerOf(null, { name: 'đặc khu Côn Đảo', level: 'commune' }).name, 'ĐẶC KHU CÔN ĐẢO');
});
