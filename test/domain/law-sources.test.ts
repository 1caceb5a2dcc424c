import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NATIONAL_INDICATORS, NATIONAL_PROGRAMME } from '../../src/domain/catalogue/national-programme.ts';
import { signerOf } from '../../src/documents/adapters.ts';

test('QĐ 23/QĐ-TTg: signed "KT. THỦ TƯỚNG / PHÓ THỦ TƯỚNG Vũ Đức Đam"', () => {
  assert.equal(NATIONAL_PROGRAMME.signer, 'Vũ Đức Đam');
  assert.equal(NATIONAL_PROGRAMME.signerTitle, 'Phó Thủ tướng');
  const s = signerOf(NATIONAL_PROGRAMME.signer, NATIONAL_PROGRAMME.signerTitle, { name: 'Thủ tướng Chính phủ', parent: null } as never);
  assert.deepEqual({ signingFor: s?.signingFor, title: s?.title, name: s?.name }, { signingFor: 'KT. THỦ TƯỚNG', title: 'PHÓ THỦ TƯỚNG', name: 'Vũ Đức Đam' });
  // a commune's deputy chair still signs for the chair
  assert.equal(signerOf('Lê Văn A', 'Phó Chủ tịch', { name: 'Ủy ban nhân dân xã X', parent: null } as never)?.signingFor, 'KT. CHỦ TỊCH');
});

test('QĐ 23: indicator 20a reads "học sinh, sinh viên khuyết tật"; indicator 9 confirmed, indicator 15 still to verify', () => {
  const m20a = NATIONAL_INDICATORS.flatMap((i) => i.measures).find((m) => m.code === '20a');
  assert.match(m20a?.nameVi ?? '', /học sinh, sinh viên khuyết tật$/);
  assert.equal(NATIONAL_INDICATORS.find((i) => i.code === '9')?.verify ?? false, false);
  assert.equal(NATIONAL_INDICATORS.find((i) => i.code === '15')?.verify, true);
});
