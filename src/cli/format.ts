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
