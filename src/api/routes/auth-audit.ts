/** Audit log search (administrators: audit.read). The log itself is append-only. */
import { national } from '../access.ts';
import { z } from 'zod';
import { CalendarDate } from '../../domain/calendar-date.ts';
import type { App, AppContext } from '../app.ts';
import { searchAudit } from '../../storage/audit.ts';

const date = CalendarDate;

export default async function auditRoutes(app: App, context: AppContext): Promise<void> {
  app.get(
    '/audit',
    {
      config: { access: { action: 'audit.read', resource: 'audit', load: national } },
      schema: {
        tags: ['audit'],
        summary: 'Search the audit log (who, when, from where, what, before/after)',
        querystring: z.object({
          actor: z.string().max(200).optional(),
          actorId: z.coerce.number().int().optional(),
          table: z.string().max(100).optional(),
          rowId: z.string().max(100).optional(),
          action: z.string().max(50).optional(),
          from: date.optional(),
          to: date.optional(),
          q: z.string().max(200).optional(),
          page: z.coerce.number().int().min(1).max(1000000).optional(),
          pageSize: z.coerce.number().int().min(1).max(500).optional(),
        }),
      },
    },
    async (request) => searchAudit(context.db, request.query),
  );
}
