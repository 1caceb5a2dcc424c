/** Reporting's formats are the shared ones (src/domain/format.ts). */
import { formatFigure } from '../format.ts';

export { formatNumberVi, formatDateVi } from '../format.ts';

/** A computed value in its unit, one decimal for rates: "6,2‰", "63,8%", "18.670". */
export function formatMeasureValue(x: number | null, unit: string): string {
  return formatFigure(x, unit);
}
