/**
 * Indicators 8a, 8b and 9 of the national programme from the register, per unit and year.
 *   8a = children with a special circumstance during the year / children under 16 at year end
 *   8b = of those, children supported (care, nurture, assistance) during the year / children with a special circumstance
 *   9  = children abused (an "abuse" group starting in the year) / children under 16 at year end
 * The counts come from storage; this turns them into values using each measure's unit.
 */
import { UNIT_SCALE, type MeasureUnit } from '../model.ts';
import { round, suppressedRate } from './suppression.ts';

export interface RegisterCounts {
  children: number;
  special: number;
  specialSupported: number;
  abused: number;
}

export interface IndicatorValue {
  measure: '8a' | '8b' | '9';
  numerator: number;
  denominator: number;
  unit: MeasureUnit;
  value: number | null;
}

export function registerIndicators(counts: RegisterCounts, units: Record<'8a' | '8b' | '9', MeasureUnit> = { '8a': 'percent', '8b': 'percent', '9': 'percent' }): IndicatorValue[] {
  const make = (measure: '8a' | '8b' | '9', numerator: number, denominator: number): IndicatorValue => {
    const scale = UNIT_SCALE[units[measure]] ?? 100;
    return { measure, numerator, denominator, unit: units[measure], value: denominator > 0 ? round((numerator * scale) / denominator, 2) : null };
  };
  return [make('8a', counts.special, counts.children), make('8b', counts.specialSupported, counts.special), make('9', counts.abused, counts.children)];
}

/** The same values as they may leave the unit: counts below 5 suppressed. */
export function suppressIndicators(values: IndicatorValue[]): (Omit<IndicatorValue, 'numerator' | 'denominator' | 'value'> & { numerator: number | null; denominator: number | null; value: number | null; suppressed: boolean })[] {
  return values.map((v) => ({ ...v, ...suppressedRate(v.numerator, v.denominator, UNIT_SCALE[v.unit] ?? 100) }));
}
