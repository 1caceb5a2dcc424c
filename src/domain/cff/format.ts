/** Vietnamese formats for this area, on top of the shared src/domain/format.ts ("63,64%", "500.000 đồng"). */
import { formatNumberVi, formatRateVi } from '../format.ts';

export { formatNumberVi, formatDateVi } from '../format.ts';

/** 63.6363… → "63,64%"; 100 → "100%"; null → "—". */
export function formatPercentVi(value: number | null): string {
  return formatRateVi(value, 'percent');
}

export function formatVnd(value: number): string {
  return `${formatNumberVi(value, 0)} đồng`;
}
