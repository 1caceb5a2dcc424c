/**
 * Pre-filling indicator-sourced sub-criteria (birth registration, immunisation, abuse, play spaces…)
 * from the values vitreem already holds. The reporting area owns those values: the lead wires its
 * reader here with `setCffPrefillSource` (see docs/child-friendly-communes.md). Until then nothing is
 * pre-filled and the commune enters the value itself.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface PrefillValue {
  value: number;
  /** where it came from, shown on the form: "báo cáo năm 2024 (chỉ tiêu 14)" */
  source: string;
}

export type PrefillSource = (db: Kysely<Database>, unitId: number, year: number, measureCode: string) => Promise<PrefillValue | null>;

let source: PrefillSource = async () => null;

export function setCffPrefillSource(next: PrefillSource): void {
  source = next;
}

export function cffPrefillSource(): PrefillSource {
  return source;
}
