import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { parsePlanText } from '../../src/importer/index.ts';
import { importToPlanInput } from '../../src/importer/to-plan.ts';
import { PlanDocumentInputSchema } from '../../src/domain/plan-document.ts';
import { SEED_DIR } from './helpers.ts';

const SEEDS = SEED_DIR; // shared/seeds beside the repository (or /work/shared/seeds from a worktree)
const seeds = fs.existsSync(SEEDS) ? fs.readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];

for (const file of seeds) {
  test(`seed ${file.slice(0, 3)}: the imported draft is a valid plan document`, () => {
    const result = parsePlanText(fs.readFileSync(path.join(SEEDS, file), 'utf8'));
    const { plan } = importToPlanInput(result, { issuerUnitId: 1 });
    const parsed = PlanDocumentInputSchema.safeParse(plan);
    assert.equal(parsed.success, true, parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3)));
    assert.equal(plan.status, 'draft');
  });
}

test('seed 001 keeps its numbers, targets and budget in million VND', () => {
  const result = parsePlanText(fs.readFileSync(path.join(SEEDS, seeds.find((f) => f.startsWith('001'))!), 'utf8'));
  const { plan } = importToPlanInput(result);
  assert.equal(plan.number, '107/KH-UBND');
  assert.equal(plan.issueDate, '2021-05-18');
  const i3 = plan.indicators!.find((i) => i.catalogue === '3')!;
  assert.deepEqual(
    i3.targets!.filter((t) => t.measure === '3a').map((t) => [t.year, t.comparator, t.value]),
    [[2025, '<', 9.5], [2030, '<', 9]],
  );
  const total = plan.budget!.lines!.reduce((s, l) => s + l.amount, 0);
  assert.equal(total, 18670);
  assert.equal(plan.budget!.statedTotal, 18670);
});

test('seed 000 keeps its partial date (May 2023, no day)', () => {
  const result = parsePlanText(fs.readFileSync(path.join(SEEDS, seeds.find((f) => f.startsWith('000'))!), 'utf8'));
  const { plan } = importToPlanInput(result);
  assert.equal(plan.number, null);
  assert.equal(plan.issueDate, null);
  assert.equal(plan.issueDateText, '2023-05');
});
