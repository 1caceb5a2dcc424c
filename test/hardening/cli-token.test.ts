/**
 * Local CLI tokens are held per process (host + pid): two processes minting one at the same time
 * (two app servers, a CLI command beside a server) do not remove each other's; only tokens of
 * processes of this host that have ended are removed, and a holder removes its own at its end.
 * Every token expires (24 h) unless its holder renews it; expired and revoked ones are removed at the
 * next mint, at server start and hourly by a running server, whatever host made them.
 */
import { test, after, before, mock } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { sql } from 'kysely';
import { asSystem, cliTokenName, ensureLocalCliToken, LOCAL_CLI_TOKEN_TTL_HOURS, purgeLocalCliTokens, releaseLocalCliToken, renewLocalCliToken } from '../../src/storage/users.ts';
import { createApiToken, sha256 } from '../../src/storage/sessions.ts';
import { CLI_TOKEN_UPKEEP_MS, keepLocalCliToken } from '../../src/server/lock.ts';

let ctx: TestContext;
before(async () => {
  ctx = await createTestContext();
});
after(async () => ctx.close());

const status = async (token: string) => (await ctx.app.inject({ url: '/api/users', headers: { authorization: `Bearer ${token}` } })).statusCode;

/** a process of this host that runs until killed, and one that has ended */
async function processes(): Promise<{ live: number; dead: number; stop(): void }> {
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 120000)'], { stdio: 'ignore' });
  const ended = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => ended.once('exit', resolve));
  return { live: sleeper.pid!, dead: ended.pid!, stop: () => sleeper.kill('SIGKILL') };
}

test('two live processes mint their CLI tokens at the same time: both stay valid', async () => {
  const p = await processes();
  try {
    const host = os.hostname();
    const [mine, theirs] = await Promise.all([ensureLocalCliToken(ctx.database.db), ensureLocalCliToken(ctx.database.db, { host, pid: p.live })]);
    assert.equal(await status(mine), 200);
    assert.equal(await status(theirs), 200);
    // each mints again (a restart of one of them): the other's token still works
    const again = await ensureLocalCliToken(ctx.database.db, { host, pid: p.live });
    assert.equal(await status(mine), 200);
    assert.equal(await status(again), 200);
    const names = (await ctx.database.db.selectFrom('api_token').select('name').where('kind', '=', 'local-cli').where('revoked_at', 'is', null).execute()).map((r) => r.name);
    assert.ok(names.some((n) => n.startsWith(`${cliTokenName({ host, pid: process.pid })} start `)) && names.includes(cliTokenName({ host, pid: p.live })));
    for (const t of [mine, theirs, again]) await releaseLocalCliToken(ctx.database.db, t);
    assert.equal(await status(mine), 401);
  } finally {
    p.stop();
  }
});

test('tokens of ended processes of this host (and unnamed old ones) are removed at the next mint; other hosts are left alone until they expire', async () => {
  const p = await processes();
  try {
    const host = os.hostname();
    const crashed = await ensureLocalCliToken(ctx.database.db, { host, pid: p.dead });
    const elsewhere = await ensureLocalCliToken(ctx.database.db, { host: `${host}-other-server`, pid: p.dead });
    const alive = await ensureLocalCliToken(ctx.database.db, { host, pid: p.live });
    const old = (await asSystem(ctx.database.db, 'test', (trx) => createApiToken(trx, { name: 'local-cli', kind: 'local-cli', scopes: ['users.admin'], unitId: null, agencyId: null, createdBy: null }))).token;
    // the crashed process's token was already removed when the live one minted
    assert.equal(await status(crashed), 401);
    assert.equal(await status(old), 200);
    const mine = await ensureLocalCliToken(ctx.database.db);
    assert.equal(await status(old), 401, 'an unnamed token from before is removed');
    assert.equal(await status(elsewhere), 200, 'a process on another host cannot be checked: left alone');
    assert.equal(await status(alive), 200);
    assert.equal(await status(mine), 200);
    // after a restart with the same pid (a container's pid 1): the earlier process's token is stale
    const samePid = await ensureLocalCliToken(ctx.database.db, { host, pid: 4242, startedAt: 1_700_000_000_000 });
    assert.equal(await status(samePid), 200);
    const restarted = await ensureLocalCliToken(ctx.database.db, { host, pid: 4242, startedAt: 1_700_000_999_000 });
    assert.equal(await status(samePid), 401);
    assert.equal(await status(restarted), 200);
    assert.equal(await status(mine), 200);
    // the removals are in the audit log as the local CLI's doing, and the rows are gone
    const audit = await ctx.database.db.selectFrom('audit_log').select('actor_name').where('table_name', '=', 'api_token').where('action', '=', 'delete').execute();
    assert.ok(audit.length >= 3 && audit.every((a) => a.actor_name === 'system:local-cli'));
    const left = await ctx.database.db.selectFrom('api_token').select('token_hash').where('kind', '=', 'local-cli').execute();
    for (const gone of [crashed, old, samePid]) assert.ok(!left.some((r) => r.token_hash === sha256(gone)), 'removed, not kept revoked');
  } finally {
    p.stop();
  }
});

const row = (token: string) => ctx.database.db.selectFrom('api_token').select(['id', 'expires_at', 'revoked_at']).where('token_hash', '=', sha256(token)).executeTakeFirst();
const setRow = (token: string, values: { expires_at?: Date | null; revoked_at?: Date | null; created_at?: Date; last_used_at?: Date | null }) =>
  asSystem(ctx.database.db, 'test', (trx) => trx.updateTable('api_token').set(values).where('token_hash', '=', sha256(token)).execute());
const hoursFromNow = (h: number) => new Date(Date.now() + h * 3600_000);

test('a minted token expires after 24 h; expired, revoked and old unexpiring ones of any host are removed at the next mint', async () => {
  const host = os.hostname();
  const mine = await ensureLocalCliToken(ctx.database.db);
  const expires = new Date((await row(mine))!.expires_at!).getTime();
  assert.ok(Math.abs(expires - hoursFromNow(LOCAL_CLI_TOKEN_TTL_HOURS).getTime()) < 60_000, `expires ${new Date(expires).toISOString()}`);
  // a server on another host that was switched off a day ago, never revoking its token
  const abandoned = await ensureLocalCliToken(ctx.database.db, { host: `${host}-gone`, pid: 12345, startedAt: 1 });
  const running = await ensureLocalCliToken(ctx.database.db, { host: `${host}-running`, pid: 12345, startedAt: 1 });
  await setRow(abandoned, { expires_at: hoursFromNow(-1) });
  assert.equal(await status(abandoned), 401, 'an expired token no longer opens anything, even before it is removed');
  // revoked by an administrator; from before tokens expired: unused for two days, and one used an hour ago
  const revoked = await ensureLocalCliToken(ctx.database.db, { host: `${host}-revoked`, pid: 1, startedAt: 1 });
  await setRow(revoked, { revoked_at: new Date() });
  const legacyIdle = await ensureLocalCliToken(ctx.database.db, { host: `${host}-legacy`, pid: 1, startedAt: 1 });
  await setRow(legacyIdle, { expires_at: null, created_at: hoursFromNow(-48), last_used_at: null });
  const legacyUsed = await ensureLocalCliToken(ctx.database.db, { host: `${host}-legacy`, pid: 2, startedAt: 1 });
  await setRow(legacyUsed, { expires_at: null, created_at: hoursFromNow(-48), last_used_at: hoursFromNow(-1) });
  // an administrator's API token that has expired is the administrator's business: never removed here
  const adminToken = (await asSystem(ctx.database.db, 'test', (trx) => createApiToken(trx, { name: 'local-cli x pid 1', kind: 'api', scopes: ['users.admin'], unitId: null, agencyId: null, createdBy: null, expiresAt: hoursFromNow(-1) }))).token;

  const next = await ensureLocalCliToken(ctx.database.db, { host, pid: process.pid, startedAt: 2 });
  for (const gone of [abandoned, revoked, legacyIdle]) assert.equal(await row(gone), undefined);
  for (const kept of [running, legacyUsed, next, adminToken]) assert.ok(await row(kept));
  assert.equal(await status(running), 200, 'a live token of another host is left alone');
  assert.equal(await status(mine), 401, 'same pid, another start time: an earlier run of this process, removed');
  // nothing more to remove; an expired one is removed by the periodic purge without a mint
  assert.equal(await purgeLocalCliTokens(ctx.database.db), 0);
  await setRow(running, { expires_at: hoursFromNow(-0.01) });
  assert.equal(await purgeLocalCliTokens(ctx.database.db), 1);
  assert.equal(await row(running), undefined);
  for (const t of [next, legacyUsed]) await releaseLocalCliToken(ctx.database.db, t);
  assert.equal(await row(next), undefined, 'released means removed');
});

test('the holder renews its token when less than half of its life is left, and is told when it is gone', async () => {
  const token = await ensureLocalCliToken(ctx.database.db, { host: os.hostname(), pid: process.pid, startedAt: 3 });
  const updates = async () => (await ctx.database.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('table_name', '=', 'api_token').where('action', '=', 'update').where('row_id', '=', String((await row(token))!.id)).executeTakeFirstOrThrow()).n;
  assert.equal(await renewLocalCliToken(ctx.database.db, token), 'valid', 'a fresh token is not touched (no audited update every hour)');
  assert.equal(Number(await updates()), 0);
  await setRow(token, { expires_at: hoursFromNow(2) });
  assert.equal(await renewLocalCliToken(ctx.database.db, token), 'renewed');
  assert.ok(Math.abs(new Date((await row(token))!.expires_at!).getTime() - hoursFromNow(LOCAL_CLI_TOKEN_TTL_HOURS).getTime()) < 60_000);
  assert.equal(await status(token), 200);
  // suspended past its expiry, then purged by another process: gone, and not minted again behind the administrator's back
  await setRow(token, { expires_at: hoursFromNow(-1) });
  assert.equal(await renewLocalCliToken(ctx.database.db, token), 'gone');
  assert.equal(await row(token), undefined);
  assert.equal(await renewLocalCliToken(ctx.database.db, 'vtk_not-a-token'), 'gone');
});

test('a running server renews its token and removes the ended ones every hour', async () => {
  const token = await ensureLocalCliToken(ctx.database.db, { host: os.hostname(), pid: process.pid, startedAt: 4 });
  const elsewhere = await ensureLocalCliToken(ctx.database.db, { host: `${os.hostname()}-elsewhere`, pid: 7, startedAt: 1 });
  await setRow(token, { expires_at: hoursFromNow(1) });
  await setRow(elsewhere, { expires_at: hoursFromNow(-1) });
  const warnings: string[] = [];
  mock.timers.enable({ apis: ['setInterval'] });
  try {
    const stop = keepLocalCliToken(ctx.database.db, token, (m) => warnings.push(m));
    mock.timers.tick(CLI_TOKEN_UPKEEP_MS - 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(await row(elsewhere), 'nothing before the hour');
    mock.timers.tick(1);
    for (let i = 0; i < 200 && (await row(elsewhere)); i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(await row(elsewhere), undefined);
    assert.ok(new Date((await row(token))!.expires_at!).getTime() > hoursFromNow(LOCAL_CLI_TOKEN_TTL_HOURS - 1).getTime());
    // the token revoked by an administrator: the server says so (it does not mint one behind their back)
    await setRow(token, { revoked_at: new Date() });
    mock.timers.tick(CLI_TOKEN_UPKEEP_MS);
    for (let i = 0; i < 200 && !warnings.length; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.match(warnings[0] ?? '', /thu hồi hoặc hết hạn.*\n.*revoked or has expired/s);
    stop();
  } finally {
    mock.timers.reset();
  }
});
