import { sql } from 'kysely';
import type { App, AppContext } from '../app.ts';

export default async function healthRoutes(app: App, context: AppContext): Promise<void> {
  app.get('/health', { config: { access: 'public' }, schema: { tags: ['system'], summary: 'Liveness and database check' } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(context.db);
      return { status: 'ok', database: context.database.kind, version: context.version };
    } catch {
      return reply.status(503).header('retry-after', '2').send({ status: 'unavailable', database: context.database.kind, version: context.version });
    }
  });
}
