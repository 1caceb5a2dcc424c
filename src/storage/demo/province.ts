/**
 * The demo province, once for every part of the demo: tỉnh Thanh Hóa (code 38) with two districts and
 * seven communes until 30/06/2025, merged into three communes from 01/07/2025, and the plan whose
 * reports carry its values. Real units with the statistics office's codes and names (built in, see
 * src/storage/seed/vn-units.ts): Hoằng Phú takes the whole of Hoằng Kim, Hoằng Trung, Hoằng Phú and
 * Hoằng Quý; Xuân Hòa and Xuân Lập take more old communes than the demo fills (Xuân Hòa and Thọ Hải;
 * Xuân Lai). The reporting part creates those a database lacks; the others look them up.
 */

export const DEMO_PROVINCE_CODE = '38';
/** the number of the demo province's plan (the reporting part creates it, the budget part fills its budget) */
export const DEMO_PLAN_NUMBER = 'DEMO-KH-UBND';
/** the 2025 reform: districts abolished, communes merged */
export const REFORM = '2025-07-01';

/** Old communes by district (until 01/07/2025): [code, name]. */
export const DISTRICTS: { code: string; name: string; communes: [string, string][] }[] = [
  { code: '399', name: 'Hoằng Hóa', communes: [['15889', 'Hoằng Kim'], ['15892', 'Hoằng Trung'], ['15883', 'Hoằng Phú'], ['15916', 'Hoằng Quý']] },
  { code: '395', name: 'Thọ Xuân', communes: [['15583', 'Xuân Lai'], ['15517', 'Xuân Hòa'], ['15520', 'Thọ Hải']] },
];
/** The new communes from 01/07/2025 and the demo's old communes each takes (codes repeat across the reform: look them up at a date). */
export const MERGERS: { code: string; name: string; from: string[] }[] = [
  { code: '15889', name: 'Hoằng Phú', from: ['15889', '15892', '15883', '15916'] },
  { code: '15520', name: 'Xuân Hòa', from: ['15517', '15520'] },
  { code: '15592', name: 'Xuân Lập', from: ['15583'] },
];
/** old commune code → the new commune it merged into */
export const OLD_TO_NEW: Record<string, string> = Object.fromEntries(MERGERS.flatMap((m) => m.from.map((old) => [old, m.code])));
export const NEW_COMMUNES: string[] = MERGERS.map((m) => m.code);
/** every demo commune, before and after the merger */
export const DEMO_COMMUNES: string[] = [...DISTRICTS.flatMap((d) => d.communes.map(([code]) => code)), ...NEW_COMMUNES];
/** the commune where the demo's commune users work and the fictional children live */
export const HOME_COMMUNE = '15889';

/** a deterministic pseudo-random number in [0, 1): the same demo on every machine */
export function noise(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) h = Math.imul(h ^ p, 16777619) >>> 0;
  return (h % 10000) / 10000;
}
