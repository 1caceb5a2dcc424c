/** HTTP helpers of the child-friendly-commune routes: the act date, the actor's units, error mapping. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';
import { CffRuleError } from '../../domain/cff/index.ts';
import { todayVn } from '../../domain/children/age.ts';

export function isAdministrator(request: FastifyRequest): boolean {
  return Boolean(request.actor?.grants.some((g) => g.role === 'system_admin'));
}

/**
 * The date of the act: today, or — for an administrator recording past cycles (e.g. the 2014 records
 * of seed 002) — the date given. Deadlines and authority are checked against this date either way.
 */
export function actDate(request: FastifyRequest, on: string | null | undefined): string {
  const today = todayVn();
  if (!on || on === today) return today;
  if (on > today) throw new AppError(400, 'future_date', 'Ngày thực hiện không thể ở tương lai.', 'The date of the act cannot be in the future.', ['on']);
  if (!isAdministrator(request)) {
    throw new AppError(403, 'backdating_forbidden', 'Chỉ quản trị viên được ghi nhận một việc đã làm vào ngày trước đây.', 'Only an administrator may record an act on a past date.', ['on']);
  }
  return on;
}

/** The units the actor acts for; null = national grant or administrator (any unit). */
export function actorUnits(request: FastifyRequest): number[] | null {
  const grants = request.actor?.grants ?? [];
  if (isAdministrator(request) || grants.some((g) => g.unitId === null)) return null;
  return [...new Set(grants.map((g) => g.unitId as number))];
}

/** The recognising unit: the one given, or the actor's only unit. */
export function deciderUnit(request: FastifyRequest, byUnitId: number | null | undefined): number {
  if (byUnitId) return byUnitId;
  const units = actorUnits(request);
  if (units && units.length === 1) return units[0];
  throw new AppError(400, 'by_unit_required', 'Cần chỉ rõ đơn vị ra quyết định (byUnitId).', 'Name the deciding unit (byUnitId).', ['body', 'byUnitId']);
}

export function toAppError(error: CffRuleError): AppError {
  return new AppError(error.status, error.code, error.vi, error.en, error.path, error.details);
}

/** Error handler for the cff scope: domain rule errors become bilingual answers; anything else goes to the app's handler. */
export function cffErrorHandler(error: unknown, _request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof CffRuleError) {
    void reply.status(error.status).send(toAppError(error).toBody());
    return;
  }
  throw error;
}
