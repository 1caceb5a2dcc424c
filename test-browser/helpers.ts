/**
 * Browser test harness: the real server in-process (in-memory PGlite, migrated and seeded) on a
 * random port, serving the built web app, and a headless Debian Chromium driven by playwright-core.
 *   const h = await startHarness();         // server + browser
 *   const page = await h.newPage();          // fresh context (own localStorage), errors collected
 *   await page.goto(h.url('/plans'));
 *   ...
 *   await h.close();
 * web/dist is (re)built when missing or older than a file in web/src (set VITREEM_SKIP_WEB_BUILD=1 to skip).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { openDatabase, type DatabaseHandle } from '../src/storage/database.ts';
import { migrateToLatest } from '../src/storage/migrate.ts';
import { seedBaseData } from '../src/storage/seed/index.ts';
import { buildApp, type App } from '../src/api/app.ts';
import { asSystem, createUser } from '../src/storage/users.ts';
import { createSession } from '../src/storage/sessions.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..');
const WEB = path.join(ROOT, 'web');
const DIST_INDEX = path.join(WEB, 'dist', 'index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(os.tmpdir(), 'vitreem-screenshots');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild(): boolean {
  if (process.env.VITREEM_SKIP_WEB_BUILD === '1') return false;
  if (!fs.existsSync(DIST_INDEX)) return true;
  const built = fs.statSync(DIST_INDEX).mtimeMs;
  const sources = Math.max(newestMtime(path.join(WEB, 'src')), newestMtime(path.join(ROOT, 'src', 'domain')), fs.statSync(path.join(WEB, 'index.html')).mtimeMs, fs.statSync(path.join(WEB, 'vite.config.ts')).mtimeMs);
  return sources > built;
}

/** Builds web/dist once (a lock directory keeps parallel test files from building together). */
export async function ensureWebBuilt(): Promise<void> {
  const lock = path.join(os.tmpdir(), `vitreem-web-build-${Buffer.from(ROOT).toString('hex').slice(-24)}.lock`);
  for (let attempt = 0; attempt < 600; attempt++) {
    if (!needsBuild()) return;
    try {
      fs.mkdirSync(lock);
    } catch {
      // another test file is building: wait, unless the lock is stale (> 3 minutes)
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* gone already */
      }
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      if (!needsBuild()) return;
      const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
      const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(WEB, 'vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
      return;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
  throw new Error('timed out waiting for the web build');
}

export interface Server {
  app: App;
  database: DatabaseHandle;
  baseUrl: string;
  /** the national administrator created for the tests */
  admin: { id: number; username: string; password: string };
  /** a fresh session for a user: cookies to add to a browser context */
  sessionCookies(userId: number): Promise<{ name: string; value: string; url: string }[]>;
  close(): Promise<void>;
}

export async function startServer(): Promise<Server> {
  await ensureWebBuilt();
  const database = await openDatabase({ dataDir: 'memory://' });
  await migrateToLatest(database.db);
  await seedBaseData(database.db);
  const admin = { username: 'admin', password: `admin-${Math.random().toString(36).slice(2)}Aa1!`, id: 0 };
  admin.id = await asSystem(database.db, 'test', (trx) => createUser(trx, { username: admin.username, password: admin.password, displayName: 'Quản trị (thử nghiệm)', grants: [{ role: 'system_admin', unitId: null }] }));
  const app = await buildApp({ database });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    database,
    baseUrl: address,
    admin,
    async sessionCookies(userId) {
      const s = await createSession(database.db, userId, { ip: '127.0.0.1', userAgent: 'browser-test' });
      return [
        { name: 'vitreem_session', value: s.sessionId, url: address },
        { name: 'vitreem_csrf', value: s.csrfToken, url: address },
      ];
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (install the Debian package "chromium"; never download a browser)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface TestPage extends Page {
  /** uncaught page errors and console errors seen so far */
  errors: string[];
}

export interface Harness {
  server: Server;
  browser: Browser;
  url(path: string): string;
  /**
   * a page in a fresh context (viewport 1280×800 unless given), signed in as the administrator
   * unless `anonymous` (or as `userId`); `lang` preset in localStorage
   */
  newPage(options?: { lang?: 'vi' | 'en'; viewport?: { width: number; height: number }; anonymous?: boolean; userId?: number }): Promise<TestPage>;
  /** saves a PNG under os.tmpdir()/vitreem-screenshots and returns its path */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  // the real units the seed plans and the demo name, not the whole country (as the node tests)
  process.env.VITREEM_BUILTIN_UNITS ??= 'sample';
  const server = await startServer();
  let browser: Browser;
  try {
    browser = await launchBrowser();
  } catch (e) {
    await server.close();
    throw e;
  }
  const contexts: BrowserContext[] = [];
  return {
    server,
    browser,
    url: (p: string) => server.baseUrl + p,
    async newPage(options = {}) {
      const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 800 }, locale: 'vi-VN' });
      contexts.push(context);
      if (!options.anonymous) await context.addCookies(await server.sessionCookies(options.userId ?? server.admin.id));
      if (options.lang) {
        await context.addInitScript((lang: string) => {
          try {
            if (!window.localStorage.getItem('vitreem_lang')) window.localStorage.setItem('vitreem_lang', lang);
          } catch {
            /* ignore */
          }
        }, options.lang);
      }
      const page = (await context.newPage()) as TestPage;
      page.errors = [];
      page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !/Failed to load resource/.test(msg.text())) page.errors.push(`console: ${msg.text()}`);
      });
      page.setDefaultTimeout(15_000);
      return page;
    },
    async screenshot(page, name) {
      fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
      const file = path.join(SCREENSHOT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => {});
      await browser.close().catch(() => {});
      await server.close();
    },
  };
}
