/**
 * The document header: number, issuer, level, place and date, title, period,
 * the documents it implements, and the signer.
 */
import type { PlanLevel } from '../domain/model.ts';
import type { DateParts, DocumentHeader, DocumentRef } from './types.ts';
import { span, type Line, type TextModel } from './textmodel.ts';

export function parseDocumentHeader(model: TextModel, warnings: string[]): DocumentHeader {
  const head = model.lines.slice(0, Math.min(model.lines.length, 60));
  const number = findNumber(head, warnings);
  const dateLine = findDateLine(head);
  const titleInfo = findTitle(model);
  const issuerInfo = findIssuer(model, dateLine?.place ?? null, titleInfo?.text ?? null);
  const period = findPeriod(titleInfo?.text ?? '', model);
  const signer = findSigner(model);
  if (!dateLine) warnings.push('Không tìm thấy ngày ban hành / no issue date found');
  else if (dateLine.parts.day === null) warnings.push('Ngày ban hành thiếu ngày (chỉ có tháng, năm) / issue date has no day');
  if (period.to === null) warnings.push('Không xác định được giai đoạn thực hiện / plan period not found');
  return {
    number: number?.value ?? null,
    issuer: issuerInfo.issuer,
    level: issuerInfo.level,
    place: dateLine?.place ?? null,
    date: dateLine ? isoDate(dateLine.parts) : null,
    dateParts: dateLine?.parts ?? null,
    title: titleInfo?.text ?? null,
    period,
    implements: findImplements(model),
    signer: signer?.name ?? null,
    signerTitle: signer?.title ?? null,
    source: {
      number: number?.source,
      date: dateLine?.source,
      title: titleInfo?.source,
      signer: signer?.source,
    },
  };
}

export function isoDate(p: DateParts): string {
  const mm = p.month !== null ? `-${String(p.month).padStart(2, '0')}` : '';
  const dd = p.day !== null && p.month !== null ? `-${String(p.day).padStart(2, '0')}` : '';
  return `${p.year}${mm}${dd}`;
}

function findNumber(head: Line[], warnings: string[]) {
  for (const line of head) {
    const m = /^\s*so\s*:\s*(\S*)/.exec(line.folded);
    if (!m) continue;
    const raw = line.text.slice(line.text.length - line.text.trimStart().length).match(/^\S+\s*:\s*(\S*)/u);
    const value = raw?.[1] ?? '';
    if (/^\d/.test(value)) return { value, source: span(line.start, line.end) };
    warnings.push('Số văn bản để trống (dự thảo?) / document number is blank');
    return null;
  }
  return null;
}

function findDateLine(head: Line[]) {
  for (const line of head) {
    const m = /^(.*?),?\s*ngay\s*(\d{1,2})?\s*thang\s*(\d{1,2})\s*nam\s*(\d{4})/.exec(line.folded.trim());
    if (!m) continue;
    const offset = line.text.length - line.text.trimStart().length;
    const place = line.text.slice(offset, offset + m[1].length).replace(/[,\s]+$/, '').trim() || null;
    const parts: DateParts = { day: m[2] ? Number(m[2]) : null, month: Number(m[3]), year: Number(m[4]) };
    return { place, parts, source: span(line.start, line.end) };
  }
  return null;
}

function findTitle(model: TextModel) {
  const lines = model.lines;
  const limit = Math.min(lines.length, 40);
  for (let i = 0; i < limit; i++) {
    const f = lines[i].folded.trim();
    // "KẾ HOẠCH" and the title on one line (a flattened copy)
    const inline = /^ke hoach\s+(?=\S)/.exec(f);
    if (inline && f.length > 20 && f.length < 400 && isShouting(lines[i].text)) {
      const offset = lines[i].text.length - lines[i].text.trimStart().length + inline[0].length;
      return { text: lines[i].text.slice(offset).trim().replace(/\s+/g, ' '), source: span(lines[i].start + offset, lines[i].end) };
    }
    if (f !== 'ke hoach') continue;
    for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
      const t = lines[j].text.trim();
      if (!t) continue;
      if (/^(can cu|thuc hien|de |i\.)/.test(lines[j].folded.trim()) && j > i + 1) break;
      const text = t.replace(/\s+/g, ' ');
      return { text: sentenceCaseIfShouting(text), source: span(lines[j].start, lines[j].end) };
    }
  }
  // no "KẾ HOẠCH" line (lost when the header was copied as a table): the first capitalised title after the date
  const dateAt = lines.slice(0, limit).findIndex((l) => /ngay\s*\d{0,2}\s*thang\s*\d{1,2}\s*nam\s*\d{4}/.test(l.folded));
  for (let j = Math.max(0, dateAt + 1); j < limit; j++) {
    const t = lines[j].text.trim();
    const f = lines[j].folded.trim();
    if (!t || !isShouting(t) || f.split(/\s+/).length < 4) continue;
    if (/^(?:cong hoa|doc lap|uy ban|ubnd|thu tuong|chu tich|so\s*:|quyet dinh$|[ivx]+[.)]\s)/.test(f)) continue;
    if (/^(?:thuc hien|trien khai|ve |phe duyet|xay dung|ban hanh|hanh dong|phong|bao ve|cham soc|chuong trinh|ke hoach)/.test(f)) {
      return { text: t.replace(/\s+/g, ' '), source: span(lines[j].start, lines[j].end) };
    }
  }
  return null;
}

function isShouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 10 && letters === letters.toUpperCase();
}

function sentenceCaseIfShouting(text: string): string {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 10 || letters !== letters.toUpperCase()) return text;
  return text; // keep as written; the review screen may re-case
}

const LEVEL_WORDS: [RegExp, PlanLevel, string][] = [
  [/^(thu tuong|chinh phu|bo )/, 'national', ''],
  [/^tinh\b/, 'province', 'tỉnh'],
  [/^thanh pho truc thuoc/, 'province', 'thành phố'],
  [/^(huyen|quan|thi xa)\b/, 'district', 'huyện'],
  [/^thanh pho\b/, 'district', 'thành phố'],
  [/^(xa|phuong|thi tran)\b/, 'commune', 'xã'],
];

function levelOf(foldedRest: string): PlanLevel | null {
  for (const [re, level] of LEVEL_WORDS) if (re.test(foldedRest)) return level;
  return null;
}

const ISSUER_RE = /(?:ubnd|uy ban nhan dan)\s+((?:tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)(?:\s+[^\s,.;:()]+){0,4})/g;
const ISSUE_VERB = /\s+(?:xay dung|ban hanh|de ra|trien khai|thuc hien|ve |cua |giai doan|nam \d)/;

function findIssuer(model: TextModel, place: string | null, title: string | null): { issuer: string | null; level: PlanLevel | null } {
  const limit = model.sections[0]?.headingLine ?? Math.min(model.lines.length, 30);
  const preamble = model.lines.slice(0, Math.max(limit, 1));
  for (const line of preamble) {
    const m = /^(?:ubnd|uy ban nhan dan)\s+(tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)\b(.*)$/.exec(line.folded.trim());
    if (m && !/ban hanh|xay dung/.test(m[2]) && line.text.trim().length < 60) {
      return buildIssuer(line.text.trim().replace(/^(UBND|ỦY BAN NHÂN DÂN|Ủy ban nhân dân|UỶ BAN NHÂN DÂN)\s+/iu, ''), m[1]);
    }
  }
  for (const line of preamble) {
    const re = /(?:ubnd|uy ban nhan dan)\s+(tinh|huyen|quan|thi xa|thanh pho|xa|phuong|thi tran)\b([^,.;()]*?)\s*(?:xay dung|ban hanh|de ra)\s+(?:ke hoach|k)/;
    const m = re.exec(line.folded);
    if (!m) continue;
    const at = m.index + m[0].indexOf(m[1]);
    const name = line.text.slice(at + m[1].length, at + m[1].length + m[2].length).trim();
    const levelWord = line.text.slice(at, at + m[1].length);
    const resolved = name || guessName(model, m[1], place, title);
    return buildIssuer(`${levelWord}${resolved ? ` ${resolved}` : ''}`, m[1]);
  }
  return { issuer: null, level: null };
}

function buildIssuer(rest: string, foldedLevel: string): { issuer: string; level: PlanLevel | null } {
  const normalized = rest.replace(/^(\p{Lu}+)/u, (w) => w.toLowerCase());
  return { issuer: `UBND ${normalized}`.replace(/\s+/g, ' ').trim(), level: levelOf(foldedLevel) };
}

/** "UBND huyện ban hành …": find the name from another mention of the same kind of unit. */
function guessName(model: TextModel, foldedLevel: string, place: string | null, title: string | null): string | null {
  const fromTitle = title ? new RegExp(`${foldedLevel}\\s+([^\\s,.;()]+(?:\\s+[^\\s,.;()]+){0,3})$`).exec(fold0(title)) : null;
  if (fromTitle && title) return titleCase(title.slice(fromTitle.index + foldedLevel.length).trim());
  if (place) return place;
  const re = new RegExp(`(?:ubnd|uy ban nhan dan)\\s+${foldedLevel}\\s+([^\\s,.;()]+(?:\\s+[^\\s,.;()]+)?)\\s+(?:ve|ban hanh)`);
  const m = re.exec(model.folded);
  if (m) {
    const at = m.index + m[0].indexOf(m[1], m[0].indexOf(foldedLevel) + foldedLevel.length);
    return model.text.slice(at, at + m[1].length);
  }
  return null;
}

function fold0(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ]/g, 'd').toLowerCase();
}

function titleCase(s: string): string {
  return s.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_m, sp: string, c: string) => sp + c.toUpperCase());
}

function findPeriod(title: string, model: TextModel): { from: number | null; to: number | null } {
  const sources = [fold0(title), model.folded.slice(0, 4000)];
  const inTitle = /\bnam\s+((?:19|20)\d\d)\b/.exec(sources[0]);
  if (inTitle && !/giai doan/.test(sources[0])) return { from: Number(inTitle[1]), to: Number(inTitle[1]) };
  for (const s of sources) {
    const m = /giai doan\s*(?:tu\s*)?(?:nam\s*)?((?:19|20)\d\d)\s*(?:-|–|den|đen)\s*(?:nam\s*)?((?:19|20)\d\d)/.exec(s);
    if (m) return { from: Number(m[1]), to: Number(m[2]) };
  }
  for (const s of sources) {
    const m = /\bnam\s+((?:19|20)\d\d)\b/.exec(s);
    if (m && s === sources[0]) return { from: Number(m[1]), to: Number(m[1]) };
  }
  return { from: null, to: null };
}

const REF_KINDS = 'quyet dinh|ke hoach|chi thi|thong tu|nghi dinh|nghi quyet|van ban|huong dan|chuong trinh|cong van';
const REF_RE = new RegExp(`(${REF_KINDS})\\s*(?:so\\s*)?(\\d+[\\w/.-]*\\/[\\wđ.-]+)\\s*,?\\s*(?:ngay\\s*(\\d{1,2})\\s*\\/\\s*(\\d{1,2})\\s*\\/\\s*(\\d{4}))?`, 'g');

function findImplements(model: TextModel): DocumentRef[] {
  const end = model.sections[0]?.headingLine ?? Math.min(model.lines.length, 20);
  const preambleEnd = model.lines[Math.max(0, end - 1)]?.end ?? 0;
  const folded = model.folded.slice(0, preambleEnd);
  const refs: DocumentRef[] = [];
  const seen = new Set<string>();
  let m: RegExpExecArray | null;
  REF_RE.lastIndex = 0;
  while ((m = REF_RE.exec(folded)) !== null) {
    const numStart = m.index + m[0].indexOf(m[2]);
    const number = model.text.slice(numStart, numStart + m[2].length).replace(/[.,]$/, '');
    if (seen.has(number.toLowerCase())) continue;
    seen.add(number.toLowerCase());
    const date = m[5] ? `${m[5]}-${m[4].padStart(2, '0')}-${m[3].padStart(2, '0')}` : null;
    const kindText = model.text.slice(m.index, m.index + m[1].length);
    refs.push({ number, date, kind: kindText.charAt(0).toUpperCase() + kindText.slice(1).toLowerCase(), source: span(m.index, m.index + m[0].length) });
  }
  return refs;
}

function findSigner(model: TextModel): { name: string; title: string; source: ReturnType<typeof span> } | null {
  const lines = model.lines;
  let titleIdx = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^(?:k[ty]\.?\s*)?(?:pho\s+)?(?:chu tich|giam doc|truong phong|truong ban)$/.test(lines[i].folded.trim())) {
      titleIdx = i;
      break;
    }
  }
  if (titleIdx < 0) return null;
  for (let j = titleIdx + 1; j < Math.min(lines.length, titleIdx + 4); j++) {
    const t = lines[j].text.trim();
    if (!t) continue;
    if (looksLikeName(t)) return { name: t, title: lines[titleIdx].text.trim(), source: span(lines[j].start, lines[j].end) };
    if (!/^(?:-|\(|pho|k[ty])/i.test(t)) break;
  }
  return null;
}

function looksLikeName(s: string): boolean {
  const words = s.split(/\s+/);
  return words.length >= 2 && words.length <= 5 && words.every((w) => /^\p{Lu}\p{Ll}*$/u.test(w));
}
