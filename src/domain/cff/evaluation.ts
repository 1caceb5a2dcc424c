/**
 * Scoring and the pass rule: all criteria met, none at 0 points, a total reaching the
 * threshold of the unit's category. Also checks that a standard entered by an administrator
 * is consistent before it is stored.
 */
import {
  CffRuleError,
  UNIT_CATEGORIES,
  findSubCriterion,
  maxPointsOf,
  measureOf,
  type CffStandard,
  type ScoringRule,
  type SubCriterion,
  type UnitCategory,
} from './types.ts';

/** Points for a measured value under a scoring rule; null when no step matches. */
export function scoreValue(rule: ScoringRule, value: number): number | null {
  if (rule.kind === 'yes_no') return value >= 1 ? rule.points : 0;
  for (const step of rule.steps) {
    if (step.atLeast != null && value < step.atLeast) continue;
    if (step.atMost != null && value > step.atMost) continue;
    return step.points;
  }
  return null;
}

export interface ItemInput {
  code: string;
  /** the measured value (percent, count, 1/0) for sub-criteria with a scoring rule */
  value?: number | null;
  /** the points, for sub-criteria scored directly */
  score?: number | null;
}

/**
 * Resolves the points of one item: from its value through the scoring rule, or the score given.
 * Throws CffRuleError for an unknown code, a score outside [0, max], a value the rule cannot score,
 * or a score that contradicts the value.
 */
export function resolveItemScore(standard: CffStandard, input: ItemInput, path: (string | number)[] = []): { sub: SubCriterion; score: number | null; value: number | null } {
  const found = findSubCriterion(standard, input.code);
  if (!found) {
    throw new CffRuleError('unknown_subcriterion', `Tiêu chí/chỉ tiêu "${input.code}" không có trong bộ tiêu chuẩn ${standard.number}.`, `Sub-criterion "${input.code}" is not part of standard ${standard.number}.`, [...path, 'code']);
  }
  const { sub } = found;
  const value = input.value ?? null;
  let score = input.score ?? null;
  if (value !== null) {
    if (!Number.isFinite(value) || value < 0 || (sub.valueUnit === 'percent' && value > 100)) {
      throw new CffRuleError('value_out_of_range', `Giá trị của chỉ tiêu ${sub.code} không hợp lệ (${value}).`, `The value of ${sub.code} is out of range (${value}).`, [...path, 'value']);
    }
    if (sub.scoring) {
      const computed = scoreValue(sub.scoring, value);
      if (computed === null) {
        throw new CffRuleError('value_not_scorable', `Giá trị ${value} của chỉ tiêu ${sub.code} không thuộc thang điểm nào.`, `Value ${value} of ${sub.code} matches no step of its scale.`, [...path, 'value']);
      }
      if (score !== null && score !== computed) {
        throw new CffRuleError('score_mismatch', `Điểm ${score} của chỉ tiêu ${sub.code} không khớp với giá trị ${value} (theo thang điểm là ${computed}).`, `Score ${score} of ${sub.code} contradicts value ${value} (the scale gives ${computed}).`, [...path, 'score']);
      }
      score = computed;
    }
  }
  if (score !== null) {
    if (!Number.isFinite(score) || score < 0 || score > sub.maxPoints) {
      throw new CffRuleError('score_out_of_range', `Điểm của chỉ tiêu ${sub.code} phải từ 0 đến ${sub.maxPoints} (đã nhập ${score}).`, `The score of ${sub.code} must be between 0 and ${sub.maxPoints} (got ${score}).`, [...path, 'score']);
    }
  }
  return { sub, score, value };
}

export interface CriterionResult {
  code: string;
  titleVi: string;
  points: number;
  maxPoints: number;
  minPoints: number | null;
  /** every sub-criterion has a score */
  complete: boolean;
  met: boolean;
  zero: boolean;
}

export interface Evaluation {
  standard: string;
  category: UnitCategory;
  total: number;
  maxTotal: number;
  threshold: number;
  criteria: CriterionResult[];
  complete: boolean;
  missing: string[];
  passed: boolean;
  /** why it fails, in Vietnamese and English */
  reasons: { code: string; vi: string; en: string }[];
}

export function thresholdFor(standard: CffStandard, category: UnitCategory): number {
  const rule = standard.passRule.thresholds;
  const found = rule.find((t) => t.category === category) ?? rule.find((t) => t.category === 'other');
  return found ? found.minTotal : 0;
}

/** Evaluates the scores (sub-criterion code → points) against the standard's pass rule. */
export function evaluate(standard: CffStandard, scores: Record<string, number | null | undefined>, category: UnitCategory): Evaluation {
  const criteria: CriterionResult[] = [];
  const missing: string[] = [];
  const reasons: Evaluation['reasons'] = [];
  let total = 0;
  let maxTotal = 0;
  for (const criterion of standard.criteria) {
    let points = 0;
    let complete = true;
    for (const sub of criterion.subcriteria) {
      const s = scores[sub.code];
      if (s === null || s === undefined) {
        complete = false;
        missing.push(sub.code);
      } else points += s;
    }
    const max = maxPointsOf(criterion);
    const minPoints = criterion.minPoints ?? null;
    const zero = points === 0;
    const met = complete && !(standard.passRule.noZeroCriterion && zero) && (minPoints === null || points >= minPoints) && (minPoints !== null || !zero);
    criteria.push({ code: criterion.code, titleVi: criterion.titleVi, points, maxPoints: max, minPoints, complete, met, zero });
    total += points;
    maxTotal += max;
    if (complete && zero && standard.passRule.noZeroCriterion) {
      reasons.push({ code: 'criterion_zero', vi: `Tiêu chí ${criterion.code} bị 0 điểm.`, en: `Criterion ${criterion.code} scores 0 points.` });
    } else if (complete && !met && standard.passRule.allCriteriaMet) {
      reasons.push({ code: 'criterion_not_met', vi: `Tiêu chí ${criterion.code} chưa đạt (${points}/${minPoints ?? max} điểm).`, en: `Criterion ${criterion.code} not met (${points}/${minPoints ?? max} points).` });
    }
  }
  const threshold = thresholdFor(standard, category);
  const complete = missing.length === 0;
  if (!complete) reasons.unshift({ code: 'incomplete', vi: `Chưa chấm điểm: ${missing.join(', ')}.`, en: `Not yet scored: ${missing.join(', ')}.` });
  if (total < threshold) reasons.push({ code: 'below_threshold', vi: `Tổng điểm ${total} thấp hơn mức ${threshold} điểm.`, en: `Total ${total} is below the threshold of ${threshold} points.` });
  const criteriaOk = criteria.every((c) => (standard.passRule.noZeroCriterion ? !c.zero : true) && (standard.passRule.allCriteriaMet ? c.met : true));
  const passed = complete && criteriaOk && total >= threshold;
  return { standard: standard.code, category, total, maxTotal, threshold, criteria, complete, missing, passed, reasons };
}

/**
 * Checks a standard entered or corrected by an administrator: unique codes, positive points,
 * a scoring rule for indicator-sourced items, rule steps within the item's points, thresholds
 * within the total. Returns the list of problems (empty = consistent).
 */
export function validateStandard(standard: CffStandard): { path: (string | number)[]; vi: string; en: string }[] {
  const problems: { path: (string | number)[]; vi: string; en: string }[] = [];
  if (!standard.criteria.length) problems.push({ path: ['criteria'], vi: 'Bộ tiêu chuẩn phải có ít nhất một tiêu chí.', en: 'A standard needs at least one criterion.' });
  const criterionCodes = new Set<string>();
  const subCodes = new Set<string>();
  standard.criteria.forEach((criterion, i) => {
    if (criterionCodes.has(criterion.code)) problems.push({ path: ['criteria', i, 'code'], vi: `Mã tiêu chí "${criterion.code}" bị trùng.`, en: `Duplicate criterion code "${criterion.code}".` });
    criterionCodes.add(criterion.code);
    if (!criterion.subcriteria.length) problems.push({ path: ['criteria', i, 'subcriteria'], vi: `Tiêu chí ${criterion.code} không có chỉ tiêu nào.`, en: `Criterion ${criterion.code} has no sub-criteria.` });
    const max = maxPointsOf(criterion);
    if (criterion.minPoints != null && (criterion.minPoints < 0 || criterion.minPoints > max)) {
      problems.push({ path: ['criteria', i, 'minPoints'], vi: `Điểm tối thiểu của tiêu chí ${criterion.code} phải từ 0 đến ${max}.`, en: `The minimum of criterion ${criterion.code} must be between 0 and ${max}.` });
    }
    criterion.subcriteria.forEach((sub, j) => {
      const path = ['criteria', i, 'subcriteria', j];
      if (subCodes.has(sub.code)) problems.push({ path: [...path, 'code'], vi: `Mã chỉ tiêu "${sub.code}" bị trùng.`, en: `Duplicate sub-criterion code "${sub.code}".` });
      subCodes.add(sub.code);
      if (!(sub.maxPoints > 0)) problems.push({ path: [...path, 'maxPoints'], vi: `Điểm tối đa của chỉ tiêu ${sub.code} phải lớn hơn 0.`, en: `The maximum of ${sub.code} must be positive.` });
      if (measureOf(sub.source) !== null && !sub.scoring) problems.push({ path: [...path, 'scoring'], vi: `Chỉ tiêu ${sub.code} lấy từ chỉ số nên cần thang điểm.`, en: `${sub.code} is filled from an indicator and needs a scoring rule.` });
      const stepPoints = sub.scoring ? (sub.scoring.kind === 'yes_no' ? [sub.scoring.points] : sub.scoring.steps.map((s) => s.points)) : [];
      if (stepPoints.some((p) => p < 0 || p > sub.maxPoints)) problems.push({ path: [...path, 'scoring'], vi: `Thang điểm của chỉ tiêu ${sub.code} vượt quá ${sub.maxPoints} điểm.`, en: `The scale of ${sub.code} exceeds ${sub.maxPoints} points.` });
    });
  });
  const total = standard.criteria.reduce((s, c) => s + maxPointsOf(c), 0);
  standard.passRule.thresholds.forEach((t, i) => {
    if (!UNIT_CATEGORIES.includes(t.category)) problems.push({ path: ['passRule', 'thresholds', i, 'category'], vi: `Loại đơn vị "${t.category}" không hợp lệ.`, en: `Unknown unit category "${t.category}".` });
    if (t.minTotal < 0 || t.minTotal > total) problems.push({ path: ['passRule', 'thresholds', i, 'minTotal'], vi: `Ngưỡng ${t.minTotal} điểm vượt tổng điểm tối đa ${total}.`, en: `Threshold ${t.minTotal} exceeds the maximum total ${total}.` });
  });
  if (standard.effectiveTo && standard.effectiveTo <= standard.effectiveFrom) problems.push({ path: ['effectiveTo'], vi: 'Ngày hết hiệu lực phải sau ngày có hiệu lực.', en: 'effectiveTo must be after effectiveFrom.' });
  if (!(standard.recognitionValidityYears >= 1)) problems.push({ path: ['recognitionValidityYears'], vi: 'Thời hạn công nhận phải từ 1 năm.', en: 'Recognition validity must be at least 1 year.' });
  return problems;
}
