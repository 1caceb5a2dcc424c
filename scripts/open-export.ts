#!/usr/bin/env -S npx tsx
/**
 * Opens a password-sealed export of the children's register (.vtrexp, format VTREXP01):
 *   npx tsx scripts/open-export.ts <file.csv.vtrexp> [output.csv]
 * The password is read from VITREEM_EXPORT_PASSWORD or asked on the terminal.
 */
import fs from 'node:fs';
import readline from 'node:readline/promises';
import { openWithPassword } from '../src/storage/crypto.ts';

const [file, output] = process.argv.slice(2);
if (!file) {
  console.error('Dùng: npx tsx scripts/open-export.ts <tệp.vtrexp> [tệp-ra.csv]  /  Usage: npx tsx scripts/open-export.ts <file.vtrexp> [out.csv]');
  process.exit(2);
}
let password = process.env.VITREEM_EXPORT_PASSWORD;
if (!password) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  password = await rl.question('Mật khẩu / Password: ');
  rl.close();
}
try {
  const plain = openWithPassword(fs.readFileSync(file), password);
  const target = output ?? file.replace(/\.vtrexp$/, '');
  fs.writeFileSync(target, plain, { mode: 0o600 });
  console.error(`Đã giải mã vào ${target} / Decrypted to ${target}`);
} catch {
  console.error('Sai mật khẩu hoặc tệp hỏng. / Wrong password or damaged file.');
  process.exit(1);
}
