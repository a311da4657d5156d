export * from './text/decode-text.ts';
export * from './text/read-text-grid.ts';
export * from './read-grid.ts';
export * from './read-ledger.ts';
export { listXlsxSheets, readXlsxGrid } from './xlsx/read-xlsx.ts';
export type { ReadXlsxOptions, SheetSummary } from './xlsx/read-xlsx.ts';
export { readDocxGrid } from './docx/read-docx.ts';
export type { ReadDocxOptions } from './docx/read-docx.ts';
export { readCsvGrid } from './csv/read-csv.ts';
export type { ReadCsvOptions } from './csv/read-csv.ts';
export { readProseLines, readProseText } from './prose/read-prose.ts';
export type { ProseLine } from './prose/read-prose.ts';
export { decodeTextBytes } from './shared/decode-bytes.ts';
export type { DecodedText, TextEncoding } from './shared/decode-bytes.ts';
export { DEFAULT_LIMITS } from './shared/limits.ts';
export type { ReadLimits } from './shared/limits.ts';
export { writeReportDocx } from './report/write-report-docx.ts';
export { writeReportXlsx } from './report/write-report-xlsx.ts';
export { writeNoticeDocx } from './report/write-notice-docx.ts';
export type { NoticeOptions } from './report/write-notice-docx.ts';
export type {
  ChartImage,
  ChartRenderer,
  ReportWriterOptions,
} from './report/report-writer-options.ts';
export type { ReportFonts } from './report/report-fonts.ts';
export { DEFAULT_REPORT_FONTS } from './report/report-fonts.ts';
export { CJK_FONT_CANDIDATES, createChartRenderer, findChartFonts } from './report/charts.ts';
export type { ChartFont, ChartRendererOptions } from './report/charts.ts';
