/**
 * Local CLI tokens are held per process (host + pid): two processes minting one at the same time
 * (two app servers, a CLI command beside a server) do not revoke each other's; only tokens of
 * processes of this host that have ended are revoked, and a holder revokes its own at its end.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { spawn } from 'node:child_process';
import { createTestContext, type TestContext } from '../helpers/context.ts';
import { asSystem, cliTokenName, ensureLocalCliToken, releaseLocalCliToken } from '../../src/storage/users.ts';
import { createApiToken } from '../../src/storage/sessions.ts';

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

test('tokens of ended processes of this host (and unnamed old ones) are revoked at the next mint; other hosts are left alone', async () => {
  const p = await processes();
  try {
    const host = os.hostname();
    const crashed = await ensureLocalCliToken(ctx.database.db, { host, pid: p.dead });
    const elsewhere = await ensureLocalCliToken(ctx.database.db, { host: `${host}-other-server`, pid: p.dead });
    const alive = await ensureLocalCliToken(ctx.database.db, { host, pid: p.live });
    const old = (await asSystem(ctx.database.db, 'test', (trx) => createApiToken(trx, { name: 'local-cli', kind: 'local-cli', scopes: ['users.admin'], unitId: null, agencyId: null, createdBy: null }))).token;
    // the crashed process's token was already revoked when the live one minted
    assert.equal(await status(crashed), 401);
    assert.equal(await status(old), 200);
    const mine = await ensureLocalCliToken(ctx.database.db);
    assert.equal(await status(old), 401, 'an unnamed token from before is revoked');
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
    // the revocations are in the audit log as the local CLI's doing
    const audit = await ctx.database.db.selectFrom('audit_log').select('actor_name').where('table_name', '=', 'api_token').where('action', '=', 'update').execute();
    assert.ok(audit.length >= 2 && audit.every((a) => a.actor_name === 'system:local-cli'));
  } finally {
    p.stop();
  }
});
