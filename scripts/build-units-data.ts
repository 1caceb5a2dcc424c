/**
 * Builds src/storage/seed/data/vn-units-2025.json.gz from the statistics office's files in
 * ../shared/domain/units (README there): every commune-level unit on 04/01/2025 with its district,
 * every commune from 01/07/2025 under the 34 provinces, and the conversion table between them.
 * Run after the office publishes a corrected file:  npx tsx scripts/build-units-data.ts [DIR]
 * It checks the counts and prints every conversion row it could not resolve.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { readBuiltinUnitFiles } from '../src/domain/unit-lists.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? path.join(here, '..', '..', 'shared', 'domain', 'units');
const read = (name: string) => fs.readFileSync(path.join(dir, name), 'utf8');
const { data, problems } = readBuiltinUnitFiles({
  before: read('communes-before-2025-07-01.csv'),
  after: read('units-from-2025-07-01.csv'),
  conversion: read('conversion-2025-07-01.csv'),
});
for (const p of problems) console.log(`note: ${p}`);
const out = path.join(here, '..', 'src', 'storage', 'seed', 'data', 'vn-units-2025.json.gz');
fs.writeFileSync(out, zlib.gzipSync(JSON.stringify(data), { level: 9 }));
console.log(
  `districts ${data.districts.length}, communes before ${data.communesBefore.length}, communes after ${data.communesAfter.length}, links ${data.links.length}, ` +
    `unresolved ${data.unresolved.length} → ${path.relative(process.cwd(), out)} (${fs.statSync(out).size} bytes)`,
);
