/**
 * Likely-duplicate scoring for registration: folded-name similarity, birth-date closeness,
 * same commune, and the personal identification number (a match is decisive).
 */
import { similarity } from './text.ts';

export interface DuplicateProbe {
  fullName: string;
  birthDate: string | null;
  unitId: number;
  idNumber?: string | null;
}

export interface DuplicateScore {
  score: number;
  reasons: string[];
}

export const LIKELY_DUPLICATE = 0.7;

export function daysBetween(a: string, b: string): number {
  return Math.abs(Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / 86_400_000;
}

export function duplicateScore(probe: DuplicateProbe, candidate: DuplicateProbe): DuplicateScore {
  const reasons: string[] = [];
  if (probe.idNumber && candidate.idNumber && probe.idNumber === candidate.idNumber) return { score: 1, reasons: ['same_id_number'] };
  const name = similarity(probe.fullName, candidate.fullName);
  if (name === 1) reasons.push('same_name_folded');
  else if (name >= 0.7) reasons.push('similar_name');
  let birth = 0;
  if (probe.birthDate && candidate.birthDate) {
    const d = daysBetween(probe.birthDate, candidate.birthDate);
    birth = d === 0 ? 1 : d <= 31 ? 0.8 : d <= 366 ? 0.4 : 0;
    if (d === 0) reasons.push('same_birth_date');
    else if (d <= 366) reasons.push('close_birth_date');
  }
  const sameUnit = probe.unitId === candidate.unitId ? 1 : 0;
  if (sameUnit) reasons.push('same_commune');
  const score = Math.round((0.55 * name + 0.3 * birth + 0.15 * sameUnit) * 100) / 100;
  return { score, reasons };
}
