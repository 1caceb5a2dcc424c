/** System administration: backup and restore (the CLI's `backup`/`restore` go through these). */
import { national } from '../access.ts';
import { z } from 'zod';
import type { App, AppContext } from '../app.ts';
import { createBackup, restoreBackup, BackupFormatError } from '../../storage/backup.ts';
import { AppError, badRequest } from '../errors.ts';
import { loadDemo } from '../../storage/demo/index.ts';
import { InputLimitError } from '../../input/limits.ts';

export default async function systemRoutes(app: App, context: AppContext): Promise<void> {
  app.get(
    '/system/backup',
    { config: { access: { action: 'system.admin', resource: 'system', load: national } }, schema: { tags: ['system'], summary: 'Download a full backup (gzip NDJSON)' } },
    async (_request, reply) => {
      const file = await createBackup(context.db);
      const name = `vitreem-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.ndjson.gz`;
      return reply.header('content-type', 'application/gzip').header('content-disposition', `attachment; filename="${name}"`).send(file);
    },
  );

  app.post(
    '/system/restore',
    {
      config: { access: { action: 'system.admin', resource: 'system', load: national } },
      bodyLimit: 1024 * 1024 * 1024,
      schema: { tags: ['system'], summary: 'Restore a backup into this database (replaces all data)', querystring: z.object({ confirm: z.literal('replace-all-data') }) },
    },
    async (request) => {
      const body = request.body;
      if (!(body instanceof Buffer)) throw badRequest('backup_required', 'Cần gửi tệp sao lưu (application/octet-stream).', 'Send the backup file as application/octet-stream.');
      try {
        return await restoreBackup(context.db, body);
      } catch (error) {
        if (error instanceof BackupFormatError) throw new AppError(400, 'invalid_backup', error.messageVi, error.message);
        // a gzip bomb: refused at the byte cap (VITREEM_RESTORE_MAX_MB, at most 500 MB) or the time limit, nothing replaced
        if (error instanceof InputLimitError) throw new AppError(error.statusCode, error.code, error.messageVi, error.messageEn, ['body']);
        throw error;
      }
    },
  );

  app.post(
    '/system/demo',
    {
      config: { access: { action: 'system.admin', resource: 'system', load: national } },
      schema: {
        tags: ['system'],
        summary: 'Nạp dữ liệu minh họa: 5 kế hoạch mẫu, số liệu 2021–2025 của một tỉnh, tài khoản cho mỗi vai trò, xã phù hợp với trẻ em, sổ trẻ em và ca (hư cấu). Chạy lại không thêm gì. / Load the demo (idempotent; ?confirm=load-demo-data)',
        // demo data must never land in a real database by accident: the caller says so explicitly
        querystring: z.object({ confirm: z.literal('load-demo-data') }),
      },
    },
    async () => loadDemo(context.db),
  );
}
