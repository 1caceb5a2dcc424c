/** Vietnamese number formatting: dot groups thousands, comma is the decimal mark ("18.670", "0,4"). */
export function formatNumberVi(x: number, maxDecimals = 2): string {
  const neg = x < 0;
  const [int, frac = ''] = Math.abs(x).toFixed(maxDecimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const fracClean = frac.replace(/0+$/, '');
  return `${neg ? '-' : ''}${grouped}${fracClean ? `,${fracClean}` : ''}`;
}

export function formatDateVi(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const UNIT_SUFFIX: Record<string, string> = { percent: '%', per_1000: '‰', per_10000: '/10.000', per_100000: '/100.000', count: '', boolean: '' };
export function formatMeasureValue(x: number | null, unit: string): string {
  if (x === null) return '—';
  return `${formatNumberVi(x)}${UNIT_SUFFIX[unit] ?? ''}`;
}
