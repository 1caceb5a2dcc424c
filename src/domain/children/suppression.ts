/**
 * Small-count suppression: a count below 5 that leaves the unit (dashboards, exports, reports
 * to higher levels) is replaced by null, so that no child can be singled out.
 */
export const SUPPRESSION_THRESHOLD = 5;

export function suppress(count: number): number | null {
  return count < SUPPRESSION_THRESHOLD ? null : count;
}

export const SUPPRESSION_RULE_VI = 'Các số dưới 5 được ẩn (hiển thị "<5") khi số liệu ra khỏi đơn vị, để không thể nhận ra trẻ em nào.';
export const SUPPRESSION_RULE_EN = 'Counts below 5 are hidden (shown as "<5") wherever a figure leaves the unit, so that no child can be singled out.';

/**
 * A rate whose numerator or denominator is suppressed is suppressed too; a zero numerator is
 * also hidden (0 is below 5: "none" would single out every child as not affected).
 */
export function suppressedRate(numerator: number, denominator: number, scale: number): { numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean } {
  const n = suppress(numerator);
  const d = suppress(denominator);
  if (n === null || d === null) return { numerator: n, denominator: d, value: null, suppressed: true };
  return { numerator: n, denominator: d, value: round(n * scale / d, 2), suppressed: false };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
