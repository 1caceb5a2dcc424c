/** The importer's drafts of the five seed plans are accepted by the plan model as they are. */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { parsePlanText } from '../../src/importer/index.ts';
import { importToPlanInput } from '../../src/importer/to-plan.ts';

const SEEDS = [path.resolve(import.meta.dirname, '../../../shared/seeds'), path.resolve(import.meta.dirname, '../../../../shared/seeds'), '/work/shared/seeds'].find((d) => fs.existsSync(d))!;
const UNIT_QUERY: Record<string, string> = { '000': 'level=commune&q=Hoang Kim', '001': 'level=province&code=91&at=2021-01-01', '002': 'level=district&q=Nam Dong', '003': 'level=district&q=Tuan Giao', '004': 'level=province&code=40' };

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

test('each imported seed saves as a draft under the unit it names', async () => {
  assert.ok(SEEDS, 'the seed plans are available');
  const files = fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  assert.equal(files.length, 5);
  const saved: Record<string, any> = {};
  for (const f of files) {
    const unitId = (await ctx.request({ url: `/api/units?${UNIT_QUERY[f.slice(0, 3)]}` })).json.items[0].id;
    const { plan } = importToPlanInput(parsePlanText(fs.readFileSync(path.join(SEEDS, f), 'utf8')), { issuerUnitId: unitId });
    const r = await ctx.request({ method: 'POST', url: '/api/plans', payload: plan });
    assert.equal(r.statusCode, 201, `${f}: ${r.body}`);
    assert.equal(r.json.status, 'draft');
    saved[f.slice(0, 3)] = r.json;
  }
  assert.equal(saved['001'].number, '107/KH-UBND');
  assert.equal(saved['001'].indicators.length, 24);
  assert.equal(saved['000'].indicators.length, 24);
  assert.equal(saved['000'].issuerUnit.name, 'xã Hoằng Kim');
});
