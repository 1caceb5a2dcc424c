/**
 * The recognition decision (Quyết định công nhận / thu hồi) and the certificate (Giấy chứng nhận)
 * as the shared Nghị định 30/2020 document model (src/domain/documents/official.ts), which the
 * shared DOCX and PDF renderers draw. The certificate's exact official form (annex of QĐ 06/QĐ-TTg)
 * is approximated: verify.
 */
import { formatDateVi, formatNumberVi } from '../format.ts';
import type { Block, OfficialDocument } from '../documents/official.ts';
import type { Issuer, Signer } from '../documents/types.ts';

type Paragraph = Omit<Extract<Block, { kind: 'paragraph' }>, 'kind'>;
const paragraphs = (items: Paragraph[]): Block[] => items.map((p) => ({ kind: 'paragraph', ...p }));

export interface DecisionData {
  kind: 'recognised' | 'withdrawn';
  year: number;
  number: string | null;
  decidedOn: string;
  decider: { level: string; kind: string | null; name: string };
  commune: { kind: string | null; name: string; parentName?: string | null };
  standard: { number: string; issuedOn: string | null; titleVi: string };
  total: number | null;
  maxTotal: number | null;
  reason?: string | null;
  signer: string | null;
  signerTitle: string | null;
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const unitLabel = (u: { kind: string | null; name: string }) => `${u.kind ?? ''} ${u.name}`.trim();

export function issuerOf(decider: DecisionData['decider']): Issuer {
  return { parent: 'ỦY BAN NHÂN DÂN', name: unitLabel(decider).toLocaleUpperCase('vi') };
}

/** "Nam Đông, ngày 15 tháng 12 năm 2014" */
export function placeDateLine(place: string, iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${place}, ngày ${d} tháng ${m} năm ${y}`;
}

export function signerOf(name: string | null, title: string | null): Signer {
  const deputy = /phó/i.test(title ?? '');
  return { onBehalfOf: null, signingFor: deputy ? 'KT. CHỦ TỊCH' : null, title: deputy ? 'PHÓ CHỦ TỊCH' : 'CHỦ TỊCH', name: name ?? '' };
}

function standardBasis(s: DecisionData['standard']): string {
  const dated = s.issuedOn ? ` ngày ${formatDateVi(s.issuedOn)}` : '';
  return `Căn cứ Quyết định số ${s.number}${dated} của Thủ tướng Chính phủ ${s.titleVi.charAt(0).toLowerCase()}${s.titleVi.slice(1)};`;
}

export function recognitionDecision(d: DecisionData): OfficialDocument {
  const commune = unitLabel(d.commune);
  const decider = unitLabel(d.decider);
  const recognised = d.kind === 'recognised';
  const subject = recognised
    ? `Về việc công nhận xã, phường, thị trấn phù hợp với trẻ em năm ${d.year}`
    : `Về việc thu hồi Quyết định công nhận xã, phường, thị trấn phù hợp với trẻ em năm ${d.year}`;
  const score = d.total !== null && d.maxTotal !== null ? ` (tổng số điểm đạt ${formatNumberVi(d.total)}/${formatNumberVi(d.maxTotal)} điểm)` : '';
  const body: Paragraph[] = [
    { text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${decider.toLocaleUpperCase('vi')}`, bold: true, align: 'center' },
    { text: 'Căn cứ Luật Tổ chức chính quyền địa phương;', italic: true, indent: true, align: 'justify' },
    { text: 'Căn cứ Luật Trẻ em ngày 05 tháng 4 năm 2016;', italic: true, indent: true, align: 'justify' },
    { text: standardBasis(d.standard), italic: true, indent: true, align: 'justify' },
    { text: `Xét đề nghị của Ủy ban nhân dân ${commune} và kết quả thẩm định hồ sơ đánh giá năm ${d.year}.`, italic: true, indent: true, align: 'justify' },
    { text: 'QUYẾT ĐỊNH:', bold: true, align: 'center' },
    recognised
      ? { text: `Điều 1. Công nhận ${commune}${d.commune.parentName ? `, ${d.commune.parentName}` : ''} đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em năm ${d.year}${score}.`, indent: true, align: 'justify' }
      : { text: `Điều 1. Thu hồi việc công nhận ${commune} đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em năm ${d.year}. Lý do: ${d.reason ?? ''}`, indent: true, align: 'justify' },
    { text: 'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.', indent: true, align: 'justify' },
    { text: `Điều 3. Chánh Văn phòng Ủy ban nhân dân ${decider}, Thủ trưởng các cơ quan, đơn vị có liên quan và Chủ tịch Ủy ban nhân dân ${commune} chịu trách nhiệm thi hành Quyết định này.`, indent: true, align: 'justify' },
  ];
  return {
    issuer: issuerOf(d.decider),
    number: d.number,
    symbol: 'QĐ-UBND',
    placeDate: placeDateLine(d.decider.name, d.decidedOn),
    docType: 'QUYẾT ĐỊNH',
    title: subject,
    body: paragraphs(body),
    recipients: ['Như Điều 3', `UBND ${commune}`, 'Lưu: VT'],
    signer: signerOf(d.signer, d.signerTitle),
    appendices: [],
    meta: { title: `${recognised ? 'Quyết định công nhận' : 'Quyết định thu hồi công nhận'} ${commune} phù hợp với trẻ em năm ${d.year}` },
  };
}

export function recognitionCertificate(d: DecisionData): OfficialDocument {
  const commune = unitLabel(d.commune);
  const decider = unitLabel(d.decider);
  const decisionRef = d.number ? `Quyết định số ${d.number} ngày ${formatDateVi(d.decidedOn)}` : `Quyết định ngày ${formatDateVi(d.decidedOn)}`;
  return {
    issuer: issuerOf(d.decider),
    number: d.number ? `${d.number.split('/')[0]}/GCN-UBND` : null,
    symbol: 'GCN-UBND',
    placeDate: placeDateLine(d.decider.name, d.decidedOn),
    docType: 'GIẤY CHỨNG NHẬN',
    title: 'XÃ, PHƯỜNG, THỊ TRẤN PHÙ HỢP VỚI TRẺ EM',
    body: paragraphs([
      { text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${decider.toLocaleUpperCase('vi')}`, bold: true, align: 'center' },
      { text: 'CHỨNG NHẬN', bold: true, align: 'center' },
      { text: cap(commune).toLocaleUpperCase('vi'), bold: true, align: 'center' },
      { text: `Đạt tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em năm ${d.year}`, align: 'center' },
      { text: `theo ${decisionRef} của Chủ tịch Ủy ban nhân dân ${decider}.`, italic: true, align: 'center' },
    ]),
    recipients: [],
    signer: signerOf(d.signer, d.signerTitle),
    appendices: [],
    meta: { title: `Giấy chứng nhận ${commune} phù hợp với trẻ em năm ${d.year}` },
  };
}
