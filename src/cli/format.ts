/** Human-readable (Vietnamese first) output of the CLI. */
import { formatTarget, formatDateVi } from '../domain/format.ts';

type Json = any;

export function printPlanList(response: Json): void {
  const plans: Json[] = Array.isArray(response) ? response : (response.plans ?? response.items ?? []);
  if (plans.length === 0) {
    console.log('Chưa có kế hoạch nào. / No plans.');
    return;
  }
  for (const p of plans) {
    const number = p.number ?? '(chưa số)';
    const date = p.issueDate ? formatDateVi(p.issueDate) : (p.issueDateText ?? '');
    console.log(`#${p.id}\t${number}\t${date}\t${p.status}\t${p.issuerName ?? ''}\t${p.title}`);
  }
}

export function printPlan(plan: Json): void {
  console.log(`${plan.number ?? '(chưa số)'} — ${plan.title}`);
  console.log(`Đơn vị ban hành / issuer: ${plan.issuerName ?? ''}  Ngày / date: ${plan.issueDate ? formatDateVi(plan.issueDate) : (plan.issueDateText ?? '')}`);
  console.log(`Giai đoạn / period: ${plan.periodFrom ?? '?'}–${plan.periodTo ?? '?'}  Trạng thái / status: ${plan.status}`);
  for (const objective of plan.objectives ?? []) {
    console.log(`\nMục tiêu ${objective.key}: ${objective.title}`);
    for (const indicator of (plan.indicators ?? []).filter((i: Json) => i.objective === objective.key)) {
      const targets = (indicator.targets ?? []).map((t: Json) => `${t.year}: ${formatTarget(t)}`).join('; ');
      console.log(`  - Chỉ tiêu ${indicator.number ?? indicator.catalogue ?? ''}: ${targets}`);
    }
  }
  const unassigned = (plan.indicators ?? []).filter((i: Json) => !i.objective);
  for (const indicator of unassigned) {
    const targets = (indicator.targets ?? []).map((t: Json) => `${t.year}: ${formatTarget(t)}`).join('; ');
    console.log(`  - ${indicator.text ?? indicator.number}: ${targets}`);
  }
  if (plan.assignments?.length) {
    console.log('\nPhân công / assignments:');
    for (const a of plan.assignments) console.log(`  ${a.agency}: ${a.indicators.join(', ')} (${a.role === 'lead' ? 'chủ trì' : 'phối hợp'})`);
  }
  if (plan.reporting?.length) {
    console.log('\nChế độ báo cáo / reporting:');
    for (const r of plan.reporting) {
      const due = `${String(r.due.day).padStart(2, '0')}/${String(r.due.month).padStart(2, '0')}${r.due.year ? `/${r.due.year}` : ''}`;
      console.log(`  ${r.reporter ?? r.reporterKind} → ${r.recipient ?? ''}: trước ngày ${due}${r.recurrence === 'yearly' ? ' hằng năm' : ''}`);
    }
  }
  if (plan.budget?.lines?.length) {
    const total = plan.budget.lines.reduce((sum: number, l: Json) => sum + Number(l.amount), 0);
    console.log(`\nKinh phí / budget: ${plan.budget.lines.length} dòng, tổng ${total.toLocaleString('vi-VN')} triệu đồng`);
  }
}

export function printPlanCheck(check: Json): void {
  const findings: Json[] = check.findings ?? check.issues ?? [];
  if (findings.length === 0) {
    console.log('Không có sai lệch so với kế hoạch cấp trên. / No differences from the parent plan.');
    return;
  }
  for (const f of findings) console.log(`- ${f.messageVi ?? f.message ?? JSON.stringify(f)}`);
}

const DEMO_ROLE_VI: Record<string, string> = {
  system_admin: 'Quản trị hệ thống',
  unit_officer: 'Cán bộ tỉnh',
  agency_reporter: 'Cán bộ báo cáo của xã',
  leader: 'Lãnh đạo tỉnh',
  viewer: 'Người xem',
  case_worker: 'Cán bộ quản lý trường hợp (xã)',
  cp_supervisor: 'Giám sát bảo vệ trẻ em (xã)',
  cff_assessor: 'Đánh giá xã phù hợp với trẻ em',
};

/** The summary of `npx vitreem demo` (Vietnamese first, English second). */
export function formatDemoSummary(s: Json, url?: string): string {
  const n = (x: number) => Number(x).toLocaleString('vi-VN');
  const lines: string[] = [];
  lines.push(s.alreadyLoaded ? '✓ Dữ liệu minh họa đã có sẵn — lần chạy này không thêm gì. / The demo was already loaded: nothing added.' : '✓ Đã nạp dữ liệu minh họa. / Demo data loaded.');
  lines.push('');
  lines.push(`Kế hoạch mẫu / seed plans (${s.plans.length}):`);
  for (const p of s.plans) {
    const title = p.title.length > 90 ? `${p.title.slice(0, 89)}…` : p.title;
    lines.push(`  #${p.id} ${p.number ?? '(chưa số)'} — ${p.issuer}: ${title}${p.parentPlanId ? ' [thực hiện QĐ 23/QĐ-TTg]' : ''}`);
  }
  const r = s.reporting;
  lines.push('');
  lines.push(`Tỉnh minh họa / demo province: ${s.province.name} — ${n(r.communes)} xã (trước và sau sáp nhập 01/07/2025), số liệu các năm ${r.years[0]}–${r.years[r.years.length - 1]}`);
  lines.push(`  Báo cáo / reports: ${n(r.obligations)} — đã duyệt ${n(r.approved)}, chờ duyệt ${n(r.submitted)}, bị trả lại ${n(r.returned)}, chưa gửi ${n(r.draft)}, gửi muộn ${n(r.late)}`);
  lines.push(`  Xã phù hợp với trẻ em / child-friendly communes: ${n(s.cff.registrations)} hồ sơ, ${n(s.cff.recognised)} quyết định công nhận; chỉ tiêu 1 năm ${s.cff.indicator1.year}: ${s.cff.indicator1.valueText} (${s.cff.indicator1.numerator}/${s.cff.indicator1.denominator} xã)`);
  if (s.budget) lines.push(`  Kinh phí / budget: dự toán ${n(s.budget.planned)} triệu đồng, ${n(s.budget.figures)} số liệu thực hiện 2021–2025 (kế hoạch #${s.budget.planId}, trang /plans/${s.budget.planId}/budget)`);
  lines.push(`  Sổ trẻ em (hư cấu) / register (fictional): ${n(s.register.children)} trẻ em, ${n(s.register.cases)} ca tại ${s.register.communeName}`);
  lines.push('');
  lines.push('Tài khoản minh họa / demo accounts:');
  const width = Math.max(...s.users.map((u: Json) => u.username.length));
  for (const u of s.users) lines.push(`  ${u.username.padEnd(width)}  ${DEMO_ROLE_VI[u.role] ?? u.role}${u.created ? '' : ' (đã có / existing)'}`);
  lines.push(`Mật khẩu chung / password: ${s.password}`);
  lines.push('');
  lines.push(`Đăng nhập${url ? ` tại ${url}` : ''} bằng demo.officer để xem bảng theo dõi của tỉnh; hướng dẫn: docs/tour.md`);
  lines.push(`Sign in${url ? ` at ${url}` : ''} as demo.officer to see the province dashboard; guided tour: docs/tour.md`);
  return lines.join('\n');
}

/** What a conversion table changes (or would change, in a dry run): units added, renamed, ended, links added. */
export function printConversion(r: Json): void {
  const n = (x: number) => x.toLocaleString('vi-VN');
  const share = (s: number | null, estimated: boolean) => (s === null ? '' : ` ${String(Math.round(s * 10000) / 10000).replace('.', ',')}${estimated ? ' (ước tính / estimated)' : ''}`);
  for (const u of r.added ?? []) console.log(`+ ${u.name} (${u.code}), tỉnh/province ${u.provinceCode}`);
  for (const u of r.renamed ?? []) console.log(`~ ${u.was} → ${u.name} (${u.code})`);
  for (const u of r.ended ?? []) console.log(`- ${u.name} (${u.code}) hết hiệu lực / ends`);
  for (const l of r.links ?? []) console.log(`  ${l.from} → ${l.to} [${l.kind}]${share(l.share, l.estimated)}`);
  const date = formatDateVi(r.validFrom);
  const counts = `${n(r.added.length)} xã mới, ${n(r.renamed.length)} đổi tên, ${n(r.ended.length)} hết hiệu lực, ${n(r.links.length)} liên kết, ${n(r.unchanged)} giữ nguyên (${n(r.rows)} dòng)`;
  const countsEn = `${r.added.length} new communes, ${r.renamed.length} renamed, ${r.ended.length} ended, ${r.links.length} links, ${r.unchanged} unchanged (${r.rows} rows)`;
  console.log(
    r.dryRun
      ? `Chạy thử, từ ngày ${date}: sẽ có ${counts}; chưa ghi gì. / Dry run, from ${r.validFrom}: would make ${countsEn}; nothing written.`
      : `Từ ngày ${date}: đã ghi ${counts}. / From ${r.validFrom}: wrote ${countsEn}.`,
  );
}
