/**
 * The demo province, once for every part of the demo: tỉnh Thanh Hóa (code 38) with two districts and
 * seven communes until 30/06/2025, merged into three communes from 01/07/2025, and the plan whose
 * reports carry its values. The reporting part creates these units; the others look them up.
 */

export const DEMO_PROVINCE_CODE = '38';
/** the number of the demo province's plan (the reporting part creates it, the budget part fills its budget) */
export const DEMO_PLAN_NUMBER = 'DEMO-KH-UBND';
/** the 2025 reform: districts abolished, communes merged */
export const REFORM = '2025-07-01';

/** Old communes by district (until 01/07/2025): [code, name]. */
export const DISTRICTS: { code: string; name: string; communes: [string, string][] }[] = [
  { code: '388', name: 'Hoằng Hóa', communes: [['HK-15970', 'Hoằng Kim'], ['DEMO-HT', 'Hoằng Trung'], ['DEMO-HP', 'Hoằng Phú'], ['DEMO-HQ', 'Hoằng Quỳ']] },
  { code: 'DEMO-TX', name: 'Thọ Xuân', communes: [['DEMO-XL', 'Xuân Lai'], ['DEMO-XH', 'Xuân Hòa'], ['DEMO-TH', 'Thọ Hải']] },
];
/** The new communes from 01/07/2025 and the old ones each merges. */
export const MERGERS: { code: string; name: string; from: string[] }[] = [
  { code: 'HK-2025', name: 'Hoằng Kim (mới, cần xác minh)', from: ['HK-15970', 'DEMO-HT'] },
  { code: 'DEMO-HP25', name: 'Hoằng Phú (mới)', from: ['DEMO-HP', 'DEMO-HQ'] },
  { code: 'DEMO-XL25', name: 'Xuân Lai (mới)', from: ['DEMO-XL', 'DEMO-XH', 'DEMO-TH'] },
];
/** old commune code → the new commune it merged into */
export const OLD_TO_NEW: Record<string, string> = Object.fromEntries(MERGERS.flatMap((m) => m.from.map((old) => [old, m.code])));
export const NEW_COMMUNES: string[] = MERGERS.map((m) => m.code);
/** every demo commune, before and after the merger */
export const DEMO_COMMUNES: string[] = [...DISTRICTS.flatMap((d) => d.communes.map(([code]) => code)), ...NEW_COMMUNES];
/** the commune where the demo's commune users work and the fictional children live */
export const HOME_COMMUNE = 'DEMO-HP25';

/** a deterministic pseudo-random number in [0, 1): the same demo on every machine */
export function noise(...parts: number[]): number {
  let h = 2166136261;
  for (const p of parts) h = Math.imul(h ^ p, 16777619) >>> 0;
  return (h % 10000) / 10000;
}
