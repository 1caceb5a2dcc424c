/** Vietnamese number formats: comma decimal mark, dot thousands ("63,64%", "500.000"). */

export function formatNumberVi(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${value < 0 ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** 63.6363… → "63,64%"; 100 → "100%" (two decimals, trailing zeros dropped). */
export function formatPercentVi(value: number | null, decimals = 2): string {
  if (value === null) return '—';
  let s = formatNumberVi(value, decimals);
  if (s.includes(',')) s = s.replace(/0+$/, '').replace(/,$/, '');
  return `${s}%`;
}

export function formatVnd(value: number): string {
  return `${formatNumberVi(value)} đồng`;
}
