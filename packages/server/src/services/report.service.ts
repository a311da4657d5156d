/**
 * Reports out: the stored ledger of a period, analysed by core, laid out by formats as the
 * quarterly report (.docx/.xlsx/.pdf), the draft notice (通报) or the ledger JSON.
 */
import { buildReportModel, type Ledger, type ReportFormat, type ReportOptions } from '@duban/core';
import type { ChartRenderer } from '@duban/formats';
import type { Database } from '../db/dialect.ts';
import { AppError } from '../errors.ts';
import { findPeriodByLabel, listPeriods } from '../repos/plans.repo.ts';
import { exportLedger } from './export.service.ts';
import { getOrganization } from './organization.service.ts';
import { convertDocxToPdf, type ConvertToPdfOptions } from './pdf.service.ts';
import { renderReportFile, type ReportRenderer, type ReportRenderJob } from './report-render.ts';

export type ReportKind = 'report' | 'notice';

export interface RenderReportOptions {
  /** The organisation's name; may be left out when the database holds only one. */
  organization?: string;
  /** `2023Q2` */
  period: string;
  kind: ReportKind;
  format: ReportFormat;
  /** The report's choices (section, unit, behind only, figures, lights, summary). */
  report?: ReportOptions;
  pdf?: ConvertToPdfOptions;
  /**
   * Draws the summary's charts; by default ECharts + resvg with the system's CJK font. Given,
   * the file is written on this thread (a function cannot be sent to a worker).
   */
  renderChart?: ChartRenderer;
  /**
   * Writes the file from the model: the server's worker pool (services/report-pool.ts); by
   * default on this thread.
   */
  renderer?: ReportRenderer;
}

/**
 * The plan's periods before this one, analysed like it: the summary's trend chart. Only read
 * when a summary is asked for.
 */
async function loadEarlierLedgers(database: Database, ledger: Ledger): Promise<Ledger[]> {
  const { db } = database;
  const organization = await getOrganization(db, ledger.organization);
  const period = await findPeriodByLabel(db, organization.id, ledger.period.label);
  if (period === undefined) return [];
  const periods = await listPeriods(db, organization.id, [period.planId]);
  const earlier = periods.slice(
    0,
    periods.findIndex((p) => p.id === period.id),
  );
  const ledgers: Ledger[] = [];
  for (const p of earlier) {
    ledgers.push(
      await exportLedger(database, { organization: organization.name, period: p.label }),
    );
  }
  return ledgers;
}

export interface ReportFile {
  bytes: Uint8Array;
  contentType: string;
  /** In Chinese, with the extension: `弋江区2023年二季度重点工作进展和完成情况.docx`. */
  fileName: string;
}

export const CONTENT_TYPES: Record<ReportFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pdf: 'application/pdf',
  json: 'application/json; charset=utf-8',
};

/** Characters no file system accepts in a name. */
function sanitizeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim();
}

/**
 * Renders one report file. The notice is a .docx (or its PDF): it is a draft for the office to
 * edit. JSON is the analysed ledger (`duban.ledger/1`) whatever the choices.
 */
export async function renderReport(
  database: Database,
  options: RenderReportOptions,
): Promise<ReportFile> {
  const { format, kind } = options;
  if (kind === 'notice' && format === 'xlsx') {
    throw new AppError('invalid-request', '通报只能导出为 docx 或 pdf');
  }
  const ledger = await exportLedger(database, {
    period: options.period,
    organization: options.organization,
  });
  if (format === 'json') {
    if (kind === 'notice') throw new AppError('invalid-request', '通报只能导出为 docx 或 pdf');
    return {
      bytes: new TextEncoder().encode(`${JSON.stringify(ledger, null, 2)}\n`),
      contentType: CONTENT_TYPES.json,
      fileName: sanitizeFileName(`${ledger.organization}${ledger.period.label}台账.json`),
    };
  }
  const report = options.report ?? {};
  if (report.section !== undefined && !ledger.sections.some((s) => s.ordinal === report.section)) {
    throw new AppError('not-found', `台账中没有第“${report.section}”部分`);
  }
  if (
    report.unit !== undefined &&
    !ledger.tasks.some(
      (t) => t.lead.includes(report.unit ?? '') || t.co.includes(report.unit ?? ''),
    )
  ) {
    throw new AppError('unit-not-found', `台账中没有单位“${report.unit}”的任务`);
  }
  const history =
    report.summary === true && kind === 'report' ? await loadEarlierLedgers(database, ledger) : [];
  const model = buildReportModel(ledger, report, history);
  const job: ReportRenderJob = {
    file: kind === 'notice' ? 'notice-docx' : format === 'xlsx' ? 'report-xlsx' : 'report-docx',
    model,
  };
  const { renderChart, renderer } = options;
  let bytes =
    renderChart !== undefined || renderer === undefined
      ? await renderReportFile(job, renderChart)
      : await renderer(job);
  const base =
    kind === 'notice'
      ? `关于${model.periodText}重点工作进展滞后情况的通报（草稿）`
      : model.subtitle === ''
        ? model.title
        : `${model.title}（${model.subtitle}）`;
  if (format === 'pdf') bytes = await convertDocxToPdf(bytes, options.pdf);
  return {
    bytes,
    contentType: CONTENT_TYPES[format],
    fileName: sanitizeFileName(`${base}.${format}`),
  };
}

/**
 * `attachment` with an ASCII fallback name and the real one in RFC 5987 form, which every
 * current browser prefers.
 */
export function formatContentDisposition(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  const extension = dot === -1 ? '' : fileName.slice(dot);
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="duban-report${extension}"; filename*=UTF-8''${encoded}`;
}
