/**
 * `npx vitreem …`: what an administrator does from a shell. Every command goes through
 * the API (over HTTP when the server runs, in-process otherwise), so rules and audit apply.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { readConfig } from '../config.ts';
import { connect, type ApiClient, type ApiResponse } from './client.ts';
import { formatDemoSummary, printConversion, printPlan, printPlanCheck, printPlanList } from './format.ts';
import { parseCalendarDate } from '../domain/calendar-date.ts';

const program = new Command();
program.name('vitreem').description('vitreem — Kế hoạch hành động vì trẻ em / plans for children as live software').version('0.1.0');

class CliError extends Error {
  constructor(readonly vi: string, readonly en: string, readonly exitCode = 1) {
    super(en);
  }
}

async function withClient<T>(work: (client: ApiClient) => Promise<T>): Promise<T> {
  const client = await connect();
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}

function ensureOk(response: ApiResponse): ApiResponse {
  if (response.status >= 200 && response.status < 300) return response;
  const error = response.json?.error;
  const where = error?.path?.length ? ` [${error.path.join('.')}]` : '';
  // every row problem of an import (each names its rows), not only the first
  const details = Array.isArray(error?.details) ? (error.details as { vi?: unknown; en?: unknown }[]).filter((d) => typeof d?.vi === 'string' && typeof d?.en === 'string') : [];
  const list = (key: 'vi' | 'en') => (details.length > 1 ? `\n${details.slice(0, 100).map((d) => `  - ${d[key]}`).join('\n')}${details.length > 100 ? `\n  … (${details.length - 100})` : ''}` : '');
  throw new CliError(`${error?.message ?? `Lỗi HTTP ${response.status}`}${where}${list('vi')}`, `${error?.messageEn ?? `HTTP error ${response.status}`}${where}${list('en')}`);
}

async function run(action: () => Promise<void | number>): Promise<void> {
  try {
    const code = await action();
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    const bilingual = (error ?? {}) as { vi?: unknown; en?: unknown };
    if (error instanceof CliError || (typeof bilingual.vi === 'string' && typeof bilingual.en === 'string')) {
      const e = error as { vi: string; en: string; exitCode?: number };
      console.error(`Lỗi: ${e.vi}\nError: ${e.en}`);
      process.exitCode = e.exitCode ?? 1;
    } else {
      const message = (error as Error).message ?? String(error);
      console.error(`Lỗi: ${message}\nError: ${message}`);
      process.exitCode = 1;
    }
  }
}

const serve = async (options: { port?: string; webBuild?: boolean; workers?: string }) => {
  const { isWorker, reportListening, superviseWorkers, workersWanted } = await import('../server/workers.ts');
  const worker = isWorker();
  const announce = (url: string, database: string) => console.log(`vitreem đang chạy tại / is running at ${url} (${database})`);
  if (!worker) {
    const workers = workersWanted(options.workers);
    if (workers > 1) {
      if (!readConfig().databaseUrl) {
        throw new CliError(
          'Chạy nhiều tiến trình máy chủ (--workers) cần PostgreSQL (DATABASE_URL): cơ sở dữ liệu nhúng chỉ có một chủ.',
          'Several server processes (--workers) need PostgreSQL (DATABASE_URL): the embedded database has a single owner.',
        );
      }
      if (options.webBuild !== false) await (await import('../server/web-build.ts')).buildWebIfNeeded();
      await superviseWorkers(workers, (ready) => announce(ready.url, `${ready.database}; ${workers} tiến trình / processes`));
      return;
    }
  }
  const { startServer } = await import('../server/start.ts');
  const server = await startServer(options.port ? { port: Number(options.port) } : {}, { buildWeb: !worker && options.webBuild !== false }).catch((error: unknown) => {
    // a worker that cannot start must end (its channel to the primary would keep it alive): once the
    // error is printed (by run), it exits and the primary starts another or gives up
    if (worker) setImmediate(() => process.exit());
    throw error;
  });
  const database = `${server.database.kind}: ${server.database.location}`;
  if (worker) reportListening({ url: server.url, database });
  else announce(server.url, database);
  const shutdown = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
};

for (const name of ['start', 'serve']) {
  program
    .command(name)
    .description(name === 'start' ? 'Khởi động toàn bộ hệ thống / start the whole system (API + web)' : 'Chạy máy chủ / run the server')
    .option('-p, --port <port>', 'cổng / port (default PORT or 3000)')
    .option('--no-web-build', 'không dựng lại giao diện web / do not rebuild the web app')
    .option('-w, --workers <n>', 'số tiến trình máy chủ trên cổng này, chỉ với PostgreSQL / server processes on this port, PostgreSQL only (default VITREEM_WORKERS or 1)')
    .action((options) => run(() => serve(options)));
}

program
  .command('migrate')
  .description('Cập nhật lược đồ cơ sở dữ liệu và dữ liệu gốc / migrate the database and load built-in data')
  .action(() =>
    run(async () => {
      const config = readConfig();
      const { readServerLock } = await import('../server/lock.ts');
      const running = config.databaseUrl ? null : readServerLock(config.dataDir);
      if (running) {
        console.log(`Máy chủ đang chạy (pid ${running.pid}) đã cập nhật lược đồ khi khởi động. / The running server (pid ${running.pid}) migrated at start-up.`);
        return;
      }
      const { openDatabase } = await import('../storage/database.ts');
      const { migrateToLatest } = await import('../storage/migrate.ts');
      const { seedBaseData } = await import('../storage/seed/index.ts');
      const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await migrateToLatest(database.db);
        await seedBaseData(database.db);
        console.log(applied.length ? `Đã áp dụng / applied: ${applied.join(', ')}` : 'Lược đồ đã mới nhất. / Already up to date.');
      } finally {
        await database.close();
      }
    }),
  );

program
  .command('key-fingerprint')
  .description('Dấu vân tay của khoá dữ liệu trên máy này (không lộ khoá), để so với cơ sở dữ liệu / fingerprint of this machine\'s data key (never the key), to compare with the database')
  .action(() =>
    run(async () => {
      const config = readConfig();
      const { dataKeyFingerprint, useDataDir } = await import('../storage/crypto.ts');
      useDataDir(config.dataDir);
      const source = process.env.VITREEM_DATA_KEY ? 'VITREEM_DATA_KEY' : `${config.dataDir}/vitreem.key`;
      const fs = await import('node:fs');
      if (!process.env.VITREEM_DATA_KEY && !fs.existsSync(source))
        throw new CliError(`Chưa có khoá dữ liệu: không đặt VITREEM_DATA_KEY và không có ${source}.`, `No data key yet: VITREEM_DATA_KEY is not set and ${source} does not exist.`);
      console.log(`${dataKeyFingerprint()}  (${source})`);
    }),
  );

const units = program.command('units').description('Đơn vị hành chính / administrative units');
units
  .command('import <file>')
  .description('Nhập danh mục đơn vị hành chính của Tổng cục Thống kê (CSV hoặc XLSX) / import the statistics office list')
  .addOption(new Option('--format <format>', 'csv | xlsx (theo đuôi tệp / from the extension)').choices(['csv', 'xlsx']))
  .option('--valid-from <date>', 'ngày hiệu lực / effective date (YYYY-MM-DD, mặc định hôm nay / default today)')
  .option('--dry-run', 'chỉ liệt kê những gì sẽ thay đổi, không ghi / list what would change, write nothing')
  .option('--json', 'in JSON / print JSON')
  .action((file: string, options: { format?: string; validFrom?: string; dryRun?: boolean; json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const bytes = readInputFile(file);
        const format = options.format ?? (file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
        const validFrom = options.validFrom ?? new Date().toISOString().slice(0, 10);
        const query = new URLSearchParams({ format, filename: path.basename(file), validFrom, ...(options.dryRun ? { dryRun: 'true' } : {}) });
        const response = ensureOk(await client.request('POST', `/api/units/import?${query}`, bytes, { 'content-type': 'application/octet-stream' }));
        if (options.json) return void console.log(JSON.stringify(response.json, null, 2));
        const r = response.json as { rows: number; created: Record<string, number>; updated: number; unchanged: number; dryRun: boolean; changes?: { action: string; level: string; code: string; name: string; was?: string }[] };
        for (const c of r.changes ?? []) console.log(c.action === 'create' ? `+ ${c.level} ${c.code} ${c.name}` : `~ ${c.level} ${c.code} ${c.was} → ${c.name}`);
        const created = Object.values(r.created).reduce((a, b) => a + b, 0);
        console.log(
          r.dryRun
            ? `Chạy thử: sẽ thêm ${created}, sửa ${r.updated}, giữ nguyên ${r.unchanged} (${r.rows} dòng); chưa ghi gì. / Dry run: would add ${created}, change ${r.updated}, keep ${r.unchanged} (${r.rows} rows); nothing written.`
            : `Đã thêm ${created}, sửa ${r.updated}, giữ nguyên ${r.unchanged} (${r.rows} dòng). / Added ${created}, changed ${r.updated}, kept ${r.unchanged} (${r.rows} rows).`,
        );
      }),
    ),
  );

units
  .command('conversion <file>')
  .description('Nhập bảng chuyển đổi đơn vị hành chính của Cục Thống kê cho một lần sắp xếp (CSV hoặc XLSX) / import the statistics office conversion table of an official change')
  .addOption(new Option('--format <format>', 'csv | xlsx (theo đuôi tệp / from the extension)').choices(['csv', 'xlsx']))
  .option('--valid-from <date>', 'ngày các xã mới có hiệu lực / the day the new communes start (dd/mm/yyyy, mặc định hôm nay / default today)')
  .option('--dry-run', 'chỉ liệt kê những gì sẽ thay đổi, không ghi / list what would change, write nothing')
  .option('--json', 'in JSON / print JSON')
  .action((file: string, options: { format?: string; validFrom?: string; dryRun?: boolean; json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const validFrom = options.validFrom ? parseCalendarDate(options.validFrom) : new Date().toISOString().slice(0, 10);
        if (!validFrom) throw new CliError(`Ngày không hợp lệ: ${options.validFrom} (dd/mm/yyyy).`, `Not a date: ${options.validFrom} (dd/mm/yyyy).`);
        const bytes = readInputFile(file);
        const format = options.format ?? (file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv');
        const query = new URLSearchParams({ format, validFrom, ...(options.dryRun ? { dryRun: '1' } : {}) });
        const response = ensureOk(await client.request('POST', `/api/units/conversion?${query}`, bytes, { 'content-type': 'application/octet-stream' }));
        if (options.json) return void console.log(JSON.stringify(response.json, null, 2));
        printConversion(response.json);
      }),
    ),
  );

const plan = program.command('plan').description('Kế hoạch / plans');
plan
  .command('list')
  .description('Danh sách kế hoạch / list plans')
  .option('--issuer <unitId>', 'đơn vị ban hành / issuing unit id')
  .option('--status <status>', 'draft | issued | superseded')
  .option('--json', 'in JSON / print JSON')
  .action((options: { issuer?: string; status?: string; json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const query = new URLSearchParams({ ...(options.issuer ? { issuerUnitId: options.issuer } : {}), ...(options.status ? { status: options.status } : {}) });
        const response = ensureOk(await client.request('GET', `/api/plans?${query}`));
        if (options.json) console.log(JSON.stringify(response.json, null, 2));
        else printPlanList(response.json);
      }),
    ),
  );
plan
  .command('show <id>')
  .description('Xem một kế hoạch / show a plan')
  .option('--json', 'in JSON / print JSON')
  .action((id: string, options: { json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('GET', `/api/plans/${encodeURIComponent(id)}`));
        if (options.json) console.log(JSON.stringify(response.json, null, 2));
        else printPlan(response.json);
      }),
    ),
  );
plan
  .command('check <id>')
  .description('Đối chiếu kế hoạch với kế hoạch cấp trên / check a plan against its parent')
  .option('--against <planId>', 'kế hoạch để đối chiếu / plan to compare with (default: the parent)')
  .option('--json', 'in JSON / print JSON')
  .action((id: string, options: { against?: string; json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const query = options.against ? `?against=${encodeURIComponent(options.against)}` : '';
        const response = ensureOk(await client.request('GET', `/api/plans/${encodeURIComponent(id)}/check${query}`));
        if (options.json) console.log(JSON.stringify(response.json, null, 2));
        else printPlanCheck(response.json);
        return 0;
      }),
    ),
  );

const holidays = program.command('holidays').description('Lịch ngày nghỉ lễ, tết / public-holiday calendar');
holidays
  .command('list <year>')
  .description('Các ngày nghỉ của một năm / the days off of a year')
  .option('--json', 'in JSON / print JSON')
  .action((year: string, options: { json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('GET', `/api/holidays?year=${encodeURIComponent(year)}`));
        const body = response.json as { holidays: { date: string; nameVi: string; computed: boolean }[]; workedWeekendDays: string[] };
        if (options.json) console.log(JSON.stringify(body, null, 2));
        else {
          for (const h of body.holidays) console.log(`${h.date.split('-').reverse().join('/')}  ${h.nameVi}${h.computed ? '' : ' (điều chỉnh)'}`);
          for (const d of body.workedWeekendDays) console.log(`${d.split('-').reverse().join('/')}  Làm việc (làm bù)`);
        }
      }),
    ),
  );
holidays
  .command('set <date> <kind>')
  .description('Điều chỉnh một ngày (yyyy-mm-dd; kind: day_off | working_day) / correct a day')
  .option('--name <name>', 'tên ngày nghỉ / name of the day off')
  .option('--note <note>', 'căn cứ (thông báo) / basis (notice)')
  .action((date: string, kind: string, options: { name?: string; note?: string }) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('PUT', `/api/holidays/${encodeURIComponent(date)}`, { kind, ...(options.name ? { nameVi: options.name } : {}), ...(options.note ? { note: options.note } : {}) }));
        console.log(JSON.stringify(response.json));
      }),
    ),
  );
holidays
  .command('unset <date>')
  .description('Bỏ điều chỉnh của một ngày / remove a correction')
  .action((date: string) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('DELETE', `/api/holidays/${encodeURIComponent(date)}`));
        console.log(JSON.stringify(response.json));
      }),
    ),
  );

const exportCommand = program.command('export').description('Xuất dữ liệu / export data');
exportCommand
  .command('plan <id>')
  .description('Xuất toàn bộ kế hoạch / export a whole plan')
  .option('--json', 'JSON (mặc định / default)')
  .option('-o, --out <file>', 'ghi ra tệp / write to a file')
  .action((id: string, options: { json?: boolean; out?: string }) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('GET', `/api/plans/${encodeURIComponent(id)}/export`));
        const text = JSON.stringify(response.json, null, 2);
        if (options.out) fs.writeFileSync(options.out, text + '\n');
        else console.log(text);
      }),
    ),
  );

program
  .command('import <file>')
  .description('Đọc văn bản kế hoạch (txt, docx, pdf) thành dữ liệu / read a plan document into structured data')
  .option('--json', 'in JSON / print JSON')
  .option('--save', 'lưu thành kế hoạch nháp / save as a draft plan')
  .option('--issuer <unitId>', 'đơn vị ban hành khi lưu / issuing unit when saving')
  .option('--parent <planId>', 'kế hoạch cấp trên khi lưu / parent plan when saving')
  .action((file: string, options: { json?: boolean; save?: boolean; issuer?: string; parent?: string }) =>
    run(async () => {
      if (!options.save) {
        const { runImportCli } = await import('../importer/cli.ts');
        return runImportCli(file, { json: Boolean(options.json) });
      }
      return withClient(async (client) => {
        const bytes = readInputFile(file);
        const query = new URLSearchParams({ filename: path.basename(file) });
        const uploaded = ensureOk(await client.request('POST', `/api/imports?${query}`, bytes, { 'content-type': 'application/octet-stream' }));
        const saved = ensureOk(
          await client.request('POST', `/api/imports/${uploaded.json.importId}/save`, {
            ...(options.issuer ? { issuerUnitId: Number(options.issuer) } : {}),
            ...(options.parent ? { parentPlanId: Number(options.parent) } : {}),
          }),
        );
        if (options.json) console.log(JSON.stringify({ ...uploaded.json.result, planId: saved.json.planId }, null, 2));
        else console.log(`Đã lưu kế hoạch nháp / saved draft plan #${saved.json.planId}`);
        return 0;
      });
    }),
  );

program
  .command('demo')
  .description('Nạp dữ liệu và tài khoản minh họa (chạy lại không thêm gì) / load demo data and demo users (idempotent)')
  .option('--json', 'in kết quả dạng JSON / print JSON')
  .action((options: { json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        if (!options.json) console.error('Đang nạp dữ liệu minh họa (khoảng nửa phút)… / loading the demo (about half a minute)…');
        const response = ensureOk(await client.request('POST', '/api/system/demo?confirm=load-demo-data', {}));
        if (options.json) console.log(JSON.stringify(response.json, null, 2));
        else console.log(formatDemoSummary(response.json, client.mode === 'http' ? client.baseUrl : undefined));
      }),
    ),
  );

program
  .command('backup <file>')
  .description('Sao lưu toàn bộ dữ liệu / back up all data')
  .action((file: string) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('GET', '/api/system/backup'));
        fs.writeFileSync(file, response.body);
        console.log(`Đã sao lưu vào / backed up to ${file} (${response.body.length.toLocaleString('vi-VN')} byte)`);
      }),
    ),
  );

program
  .command('restore <file>')
  .description('Khôi phục dữ liệu từ bản sao lưu (thay thế toàn bộ) / restore a backup (replaces all data)')
  .action((file: string) =>
    run(() =>
      withClient(async (client) => {
        const bytes = readInputFile(file);
        const response = ensureOk(await client.request('POST', '/api/system/restore?confirm=replace-all-data', bytes, { 'content-type': 'application/octet-stream' }));
        console.log(`Đã khôi phục / restored ${response.json.rows} dòng / rows.`);
      }),
    ),
  );

const notifications = program.command('notifications').description('Thông báo, nhắc hạn, thư điện tử / notifications, reminders, e-mail');
notifications
  .command('run')
  .description('Chạy một lần mọi việc đến hạn (nhắc hạn, thư tổng hợp, gửi thư) rồi thoát / run every due job once and exit')
  .option('--json', 'in kết quả dạng JSON / print JSON')
  .action((options: { json?: boolean }) =>
    run(() =>
      withClient(async (client) => {
        const response = ensureOk(await client.request('POST', '/api/notifications/run', {}));
        if (options.json) console.log(JSON.stringify(response.json, null, 2));
        else console.log(formatNotificationRun(response.json));
      }),
    ),
  );

/** What a run did, one line per e-mail (address, subject), then the counts. */
export function formatNotificationRun(r: { notified: { reports: number; cases: number; cff: number }; digests: number; expired: number; sent: { to: string; subject: string }[]; bounced: { to: string; error: string }[]; retrying: { to: string; error: string; nextAttemptInMinutes: number }[]; failed: { to: string; error: string }[]; emailDisabled: boolean }): string {
  const lines: string[] = [];
  lines.push(`Thông báo mới / new notifications: ${r.notified.reports} báo cáo / reports, ${r.notified.cases} ca / cases, ${r.notified.cff} xã phù hợp với trẻ em / child-friendly communes`);
  if (r.emailDisabled) lines.push('Chưa cấu hình VITREEM_SMTP_URL: chỉ có thông báo trong ứng dụng. / VITREEM_SMTP_URL is not set: in-app notifications only.');
  for (const s of r.sent) lines.push(`đã gửi / sent      ${s.to}  ${s.subject}`);
  for (const s of r.bounced) lines.push(`bị trả về / bounced ${s.to}  ${s.error}`);
  for (const s of r.retrying) lines.push(`gửi lại sau / retry in ${s.nextAttemptInMinutes} min  ${s.to}  ${s.error}`);
  for (const s of r.failed) lines.push(`thất bại / failed  ${s.to}  ${s.error}`);
  lines.push(`Thư đã gửi / e-mails sent: ${r.sent.length}; bị trả về / bounced: ${r.bounced.length}; chờ gửi lại / to retry: ${r.retrying.length}; thất bại / failed: ${r.failed.length + r.expired}; thư tổng hợp / digests: ${r.digests}`);
  return lines.join('\n');
}

function readInputFile(file: string): Uint8Array {
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp ${file}.`, `File not found: ${file}.`, 2);
  return fs.readFileSync(file);
}

await program.parseAsync(process.argv);
