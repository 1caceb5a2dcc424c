/**
 * npm run bench:import — target precision/recall over the labelled corpus in
 * bench/corpus/ (seed texts read from ../shared/seeds), time per document, and heap
 * growth over 1,000 runs.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importPlanDocument } from '../src/importer/index.ts';
import type { ImportedTarget } from '../src/importer/types.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = resolve(repoRoot, 'bench/corpus');
const seedDirs = [resolve(repoRoot, '../shared/seeds'), resolve(repoRoot, '../../shared/seeds'), '/work/shared/seeds'];

interface Label {
  measure: string;
  year: number;
  comparator: string;
  value: number | null;
  valueMax: number | null;
  group: string | null;
}

export function targetKey(t: Label | ImportedTarget): string {
  return [t.measure, t.year, t.comparator, t.value ?? 'null', t.valueMax ?? 'null', t.group ?? 'null'].join('|');
}

function gcFn(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

async function main(): Promise<void> {
  const seedDir = seedDirs.find((d) => existsSync(d));
  if (!seedDir) {
    console.log('import.corpus_documents: 0 count');
    console.error('seed directory ../shared/seeds not found; nothing to measure');
    return;
  }
  const docs = readdirSync(corpusDir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(resolve(corpusDir, f), 'utf8')) as { seed: string; targets: Label[] });
  let tp = 0;
  let fp = 0;
  let fn = 0;
  const times: number[] = [];
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  for (const doc of docs) {
    const path = resolve(seedDir, doc.seed);
    if (!existsSync(path)) continue;
    const bytes = new Uint8Array(readFileSync(path));
    inputs.push({ name: doc.seed, bytes });
    const result = await importPlanDocument(bytes, doc.seed);
    const found = new Map<string, number>();
    for (const t of result.indicators.flatMap((i) => i.targets)) found.set(targetKey(t), (found.get(targetKey(t)) ?? 0) + 1);
    const expected = new Map<string, number>();
    for (const t of doc.targets) expected.set(targetKey(t), (expected.get(targetKey(t)) ?? 0) + 1);
    for (const [k, n] of expected) {
      const hit = Math.min(n, found.get(k) ?? 0);
      tp += hit;
      fn += n - hit;
      if (n - hit > 0 && process.env.BENCH_VERBOSE) console.error(`missed ${doc.seed}: ${k}`);
    }
    for (const [k, n] of found) {
      const extra = n - Math.min(n, expected.get(k) ?? 0);
      fp += extra;
      if (extra > 0 && process.env.BENCH_VERBOSE) console.error(`extra ${doc.seed}: ${k}`);
    }
    const runs = 20;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await importPlanDocument(bytes, doc.seed);
    const ms = (performance.now() - t0) / runs;
    times.push(ms);
    console.log(`import.ms_per_document.seed_${doc.seed.slice(0, 3)}: ${ms.toFixed(1)} ms`);
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  console.log(`import.targets.precision: ${precision.toFixed(3)} ratio`);
  console.log(`import.targets.recall: ${recall.toFixed(3)} ratio`);
  console.log(`import.ms_per_document.mean: ${(times.reduce((a, b) => a + b, 0) / Math.max(1, times.length)).toFixed(1)} ms`);
  const gc = gcFn();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1000; i++) {
    const input = inputs[i % inputs.length];
    await importPlanDocument(input.bytes, input.name);
  }
  gc();
  const after = process.memoryUsage().heapUsed;
  console.log(`import.heap_growth_1000_runs: ${((after - before) / 1048576).toFixed(2)} MB`);
  console.log(`import.corpus_documents: ${inputs.length} count`);
}

await main();
