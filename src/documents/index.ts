/**
 * Official documents from plain data: the plan itself and the yearly / mid-term / final report,
 * as DOCX and PDF with the same layout (Nghị định 30/2020/NĐ-CP).
 */
import { planDocument, reportDocument } from '../domain/documents/compose.ts';
import type { PlanDocumentData, ReportDocumentData } from '../domain/documents/types.ts';
import { renderDocx } from './docx/render.ts';
import { renderPdf } from './pdf/render.ts';

export const planToDocx = (plan: PlanDocumentData): Promise<Buffer> => renderDocx(planDocument(plan));
export const planToPdf = (plan: PlanDocumentData): Promise<Buffer> => renderPdf(planDocument(plan));
export const yearlyReportToDocx = (report: ReportDocumentData): Promise<Buffer> => renderDocx(reportDocument(report));
export const yearlyReportToPdf = (report: ReportDocumentData): Promise<Buffer> => renderPdf(reportDocument(report));

export const DOCX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_MEDIA_TYPE = 'application/pdf';
export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file name safe for Content-Disposition: "Bao-cao-2024.docx" plus the UTF-8 form. */
export function contentDisposition(filename: string): string {
  const ascii = filename.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').replace(/[^A-Za-z0-9._-]+/g, '-');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
