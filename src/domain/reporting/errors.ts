/** A bilingual error raised by reporting logic; the API turns it into its error body. */
export class ReportingError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    readonly vi: string,
    readonly en: string,
    readonly details?: unknown,
    readonly path?: (string | number)[],
  ) {
    super(en);
  }
}
