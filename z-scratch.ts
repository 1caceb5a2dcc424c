const { encryptedZip } = await import('./src/storage/encrypted-zip.ts');
const t = performance.now();
const z = await encryptedZip([{ name: 'a.csv', content: '\uFEFFMã,Họ và tên\r\n' }], 'mat-khau-dai-1');
console.log(z.length, performance.now() - t);
const z2 = await encryptedZip([{ name: 'a.csv', content: 'x'.repeat(100000) }], 'mat-khau-dai-1');
console.log(z2.length, performance.now() - t);
