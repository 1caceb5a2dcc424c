/** Builds the web app (Vite) when web/dist is missing or older than its sources. */
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../api/app.ts';

function newestMtime(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

export function webBuildIsStale(): boolean {
  const webDir = path.join(REPO_ROOT, 'web');
  const index = path.join(webDir, 'dist', 'index.html');
  if (!fs.existsSync(path.join(webDir, 'index.html'))) return false; // no web app in this checkout
  if (!fs.existsSync(index)) return true;
  const built = fs.statSync(index).mtimeMs;
  // the web app also imports the pure domain (src/domain/format.ts: the one Vietnamese formatter)
  return Math.max(newestMtime(path.join(webDir, 'src')), newestMtime(path.join(REPO_ROOT, 'src', 'domain')), fs.statSync(path.join(webDir, 'index.html')).mtimeMs) > built;
}

export async function buildWebIfNeeded(log: (message: string) => void = console.log): Promise<void> {
  if (!webBuildIsStale()) return;
  log('Đang dựng giao diện web (Vite)… / Building the web app…');
  const { build } = await import('vite');
  await build({ configFile: path.join(REPO_ROOT, 'web', 'vite.config.ts'), logLevel: 'warn' });
}
