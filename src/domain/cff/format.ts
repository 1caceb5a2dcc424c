/**
 * Vietnamese formats for this area, on top of the shared src/domain/format.ts ("500.000 đồng").
 * Shares of communes are computed figures: `formatFigure(x, 'percent')` there ("63,6%").
 */
import { formatNumberVi } from '../format.ts';

export { formatNumberVi, formatDateVi } from '../format.ts';

export function formatVnd(value: number): string {
  return `${formatNumberVi(value, 0)} đồng`;
}
