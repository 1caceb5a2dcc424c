/** The importer's output as the review screen edits it (contract: src/importer/types.ts). */
import type { ImportResult } from '../../../../src/importer/types.ts';

export type { ImportResult };
export type ImportedIndicator = ImportResult['indicators'][number];
export type ImportedTarget = ImportedIndicator['targets'][number];
export type SourceSpan = { start: number; end: number };

export interface ImportResponse {
  importId: number;
  filename: string;
  planId?: number | null;
  result: ImportResult;
}
