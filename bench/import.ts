/**
 * npm run bench:import — how well the importer reads plan documents as they really come.
 *
 * The corpus (bench/corpus/*.json, README there):
 * - the five seeds (seed_NNN.json, texts in ../shared/seeds), which must stay exact;
 * - real documents as they were found on the web (r*.json, texts in bench/corpus/text/), labelled by reading;
 * - damaged variants of real texts (d*.json, s*.json): the transforms named in the file are applied here.
 *
 * Prints precision, recall and F1 of the targets (year, comparator, value, range, group; a relative target by its
 * change), over the corpus and per failure class; whether each document is accepted or refused as it should be;
 * time and heap per document; then the bad-input cases (each must end in its own clear error, fast).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importPlanDocument, ImportError } from '../src/importer/index.ts';
import type { ImportedTarget, ImportResult } from '../src/importer/types.ts';
import { badInputs, transformText } from './corpus/transforms.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const corpusDir = resolve(repoRoot, 'bench/corpus');
const seedDir = [resolve(repoRoot, '../shared/seeds'), resolve(repoRoot, '../../shared/seeds'), '/work/shared/seeds'].find((d) => existsSync(d));

interface Label {
  measure?: string;
  year: number;
  comparator: string;
  value: number | null;
  valueMax: number | null;
  group: string | null;
  unit?: string;
  quote?: string;
  relative?: { by: number } | null;
}

interface CorpusDoc {
  id: string;
  seed?: string;
  text?: string;
  derivedFrom?: string;
  labelsFrom?: string;
  transforms?: string[];
  classes: string[];
  expect: 'plan' | 'refuse';
  number?: string;
  targets?: Label[];
}

/** What is compared: not the measure key (a plan-local indicator's key is the importer's own numbering). */
export function targetKey(t: Label | ImportedTarget): string {
  const by = t.relative ? `rel${t.relative.by}` : '';
  return [t.year, t.comparator, t.value ?? 'null', t.valueMax ?? 'null', t.group ?? 'null', by].join('|');
}

function gcFn(): () => void {
  setFlagsFromString('--expose_gc');
  return runInNewContext('gc') as () => void;
}

function loadDocs(): CorpusDoc[] {
  const all = readdirSync(corpusDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(resolve(corpusDir, f), 'utf8')) as CorpusDoc;
      if (!doc.id) doc.id = f.replace(/\.json$/, '');
      if (!doc.classes) doc.classes = ['seed'];
      if (!doc.expect) doc.expect = 'plan';
      return doc;
    });
  return all;
}

function textOf(doc: CorpusDoc, byId: Map<string, CorpusDoc>): string | null {
  let raw: string | null = null;
  if (doc.seed) {
    if (!seedDir || !existsSync(resolve(seedDir, doc.seed))) return null;
    raw = readFileSync(resolve(seedDir, doc.seed), 'utf8');
  } else if (doc.derivedFrom) {
    const base = byId.get(doc.derivedFrom);
    raw = base ? textOf(base, byId) : null;
  } else if (doc.text) {
    raw = readFileSync(resolve(corpusDir, doc.text), 'utf8');
  }
  if (raw === null) return null;
  return transformText(raw, doc.transforms ?? [], readFileSync(resolve(corpusDir, 'text/r12_gialai_1369_navchrome.txt'), 'utf8'));
}

function labelsOf(doc: CorpusDoc): Label[] {
  if (doc.labelsFrom) return (JSON.parse(readFileSync(resolve(corpusDir, doc.labelsFrom), 'utf8')) as { targets: Label[] }).targets;
  return doc.targets ?? [];
}

interface Score {
  tp: number;
  fp: number;
  fn: number;
}

const f1 = (s: Score) => {
  const p = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
  const r = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  return { p, r, f: p + r === 0 ? 0 : (2 * p * r) / (p + r) };
};

function compare(found: ImportedTarget[], labels: Label[], verbose: string | null): Score {
  const f = new Map<string, number>();
  for (const t of found) f.set(targetKey(t), (f.get(targetKey(t)) ?? 0) + 1);
  const e = new Map<string, number>();
  for (const t of labels) e.set(targetKey(t), (e.get(targetKey(t)) ?? 0) + 1);
  const s: Score = { tp: 0, fp: 0, fn: 0 };
  for (const [k, n] of e) {
    const hit = Math.min(n, f.get(k) ?? 0);
    s.tp += hit;
    s.fn += n - hit;
    if (n > hit && verbose) console.error(`  missed ${verbose}: ${k}`);
  }
  for (const [k, n] of f) {
    const extra = n - Math.min(n, e.get(k) ?? 0);
    s.fp += extra;
    if (extra > 0 && verbose) console.error(`  extra  ${verbose}: ${k}`);
  }
  return s;
}

async function main(): Promise<void> {
  const docs = loadDocs();
  const byId = new Map(docs.map((d) => [d.id, d]));
  const verbose = Boolean(process.env.BENCH_VERBOSE);
  const total: Score = { tp: 0, fp: 0, fn: 0 };
  const seeds: Score = { tp: 0, fp: 0, fn: 0 };
  const perClass = new Map<string, Score & { docs: number }>();
  let rightDecision = 0;
  let counted = 0;
  const times: number[] = [];
  const heaps: number[] = [];
  const inputs: { name: string; bytes: Uint8Array }[] = [];
  const gc = gcFn();
  for (const doc of docs) {
    const text = textOf(doc, byId);
    if (text === null) continue;
    counted++;
    const bytes = new TextEncoder().encode(text);
    const name = `${doc.id}.txt`;
    inputs.push({ name, bytes });
    let result: ImportResult | null = null;
    let refused: string | null = null;
    try {
      result = await importPlanDocument(bytes, name);
    } catch (error) {
      if (!(error instanceof ImportError)) throw error;
      refused = error.code;
    }
    const decisionOk = doc.expect === 'refuse' ? refused !== null : refused === null;
    if (decisionOk) rightDecision++;
    else console.error(`  ${doc.id}: expected ${doc.expect}, got ${refused ? `refusal (${refused})` : 'a plan'}`);
    if (verbose && result && doc.number && result.document.number !== doc.number) console.error(`  ${doc.id}: number ${result.document.number} ≠ ${doc.number}`);
    const found = result ? result.indicators.flatMap((i) => i.targets) : [];
    const s = compare(found, labelsOf(doc), verbose ? doc.id : null);
    const isSeed = doc.id.startsWith('seed_');
    const into = isSeed ? seeds : total;
    into.tp += s.tp;
    into.fp += s.fp;
    into.fn += s.fn;
    if (!isSeed) {
      for (const c of doc.classes) {
        const cs = perClass.get(c) ?? { tp: 0, fp: 0, fn: 0, docs: 0 };
        cs.tp += s.tp;
        cs.fp += s.fp;
        cs.fn += s.fn;
        cs.docs++;
        perClass.set(c, cs);
      }
    }
    const runs = 10;
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) await importPlanDocument(bytes, name).catch(() => null);
    times.push((performance.now() - t0) / runs);
    heaps.push(Math.max(0, process.memoryUsage().heapUsed - h0) / runs);
  }
  const all = f1(total);
  const seedF = f1(seeds);
  console.log(`import.corpus_documents: ${counted} count`);
  console.log(`import.corpus_documents_beyond_seeds: ${counted - docs.filter((d) => d.id.startsWith('seed_')).length} count`);
  console.log(`import.targets.labelled: ${total.tp + total.fn} count`);
  console.log(`import.targets.precision: ${all.p.toFixed(3)} ratio`);
  console.log(`import.targets.recall: ${all.r.toFixed(3)} ratio`);
  console.log(`import.targets.f1: ${all.f.toFixed(3)} ratio`);
  console.log(`import.seeds.f1: ${seedF.f.toFixed(3)} ratio`);
  console.log(`import.accept_or_refuse_correct: ${rightDecision}/${counted} documents`);
  for (const [c, s] of [...perClass].sort()) {
    const x = f1(s);
    console.log(`import.class.${c}: P ${x.p.toFixed(3)} R ${x.r.toFixed(3)} F1 ${x.f.toFixed(3)} (${s.docs} documents, ${s.tp + s.fn} targets) ratio`);
  }
  const mean = times.reduce((a, b) => a + b, 0) / Math.max(1, times.length);
  console.log(`import.ms_per_document.mean: ${mean.toFixed(1)} ms`);
  console.log(`import.ms_per_document.max: ${Math.max(0, ...times).toFixed(1)} ms`);
  console.log(`import.heap_per_document.max: ${(Math.max(0, ...heaps) / 1048576).toFixed(2)} MB`);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 1000; i++) {
    const input = inputs[i % inputs.length];
    await importPlanDocument(input.bytes, input.name).catch(() => null);
  }
  gc();
  console.log(`import.heap_growth_1000_runs: ${((process.memoryUsage().heapUsed - before) / 1048576).toFixed(2)} MB`);
  for (const bad of await badInputs()) {
    const t0 = performance.now();
    let code = 'accepted';
    try {
      await importPlanDocument(bad.bytes, bad.name);
    } catch (error) {
      code = error instanceof ImportError ? error.code : `crash:${(error as Error).name}`;
    }
    const ms = performance.now() - t0;
    console.log(`import.bad_input.${bad.id}: ${ms.toFixed(0)} ms (${(bad.bytes.byteLength / 1048576).toFixed(1)} MB → ${code}${code === bad.expect ? '' : `, expected ${bad.expect}`})`);
  }
}

await main();
