/**
 * The CPU-heavy half of a report: a built report model laid out as .docx/.xlsx bytes by
 * formats' writers (charts drawn with ECharts + resvg when the model has a summary). The same
 * function runs inline (the CLI, `DUBAN_REPORT_WORKERS=0`) and in the report workers
 * (services/report-worker.ts), so both write the same file.
 */
import type { ReportModel } from '@duban/core';
import {
  createChartRenderer,
  writeNoticeDocx,
  writeReportDocx,
  writeReportXlsx,
  type ChartRenderer,
} from '@duban/formats';

/** What a worker is asked for: plain data, copied to the worker by structured clone. */
export interface ReportRenderJob {
  /** The quarterly report as .docx or .xlsx, or the draft notice (通报, .docx only). */
  file: 'report-docx' | 'report-xlsx' | 'notice-docx';
  model: ReportModel;
}

/** Renders a job's bytes. */
export type ReportRenderer = (job: ReportRenderJob) => Promise<Uint8Array>;

/** One per thread, made on first use: resvg and the CJK font are loaded once. */
let defaultChartRenderer: ChartRenderer | undefined;

/**
 * Writes a job's file. `renderChart` draws the summary's charts; by default ECharts + resvg
 * with the system's CJK font.
 */
export async function renderReportFile(
  job: ReportRenderJob,
  renderChart?: ChartRenderer,
): Promise<Uint8Array> {
  const { model } = job;
  if (job.file === 'notice-docx') return writeNoticeDocx(model);
  const writerOptions =
    model.summary === undefined
      ? {}
      : { renderChart: renderChart ?? (defaultChartRenderer ??= createChartRenderer()) };
  return job.file === 'report-xlsx'
    ? writeReportXlsx(model, writerOptions)
    : writeReportDocx(model, writerOptions);
}
