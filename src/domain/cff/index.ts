export * from './types.ts';
export * from './evaluation.ts';
export * from './cycle.ts';
export * from './share.ts';
export * from './format.ts';
export * from './evidence.ts';
export { QD06_2019 } from './standards/qd06-2019.ts';
export { QD37_2010 } from './standards/qd37-2010.ts';
export { QD34_2014 } from './standards/qd34-2014.ts';
import { QD06_2019 } from './standards/qd06-2019.ts';
import { QD37_2010 } from './standards/qd37-2010.ts';
import { QD34_2014 } from './standards/qd34-2014.ts';
/** The standards shipped as seed data (migration 051). */
/** the lineage: QĐ 37/2010 → QĐ 34/2014 (from 15/07/2014) → QĐ 06/2019 (from 03/01/2019) */
export const BUILT_IN_STANDARDS = [QD37_2010, QD34_2014, QD06_2019];
