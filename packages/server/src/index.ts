/**
 * The server's public surface: what the CLI (`duban serve`, `import`, `export`, `user add`)
 * and the end-to-end tests use.
 */
export { buildApp, type BuildAppOptions } from './app.ts';
export { loadConfig, DEFAULT_DATABASE_PATH, type Config, type LogLevel } from './config.ts';
export { openDatabase, type Database, type SqlDialect } from './db/dialect.ts';
export { migrateToLatest, inspectSchema, type SchemaState } from './db/migrate.ts';
export { AppError, ERROR_STATUS, type ErrorCode } from './errors.ts';
export {
  importLedger,
  type ImportLedgerOptions,
  type ImportLedgerResult,
} from './services/import.service.ts';
export { exportLedger, type ExportLedgerOptions } from './services/export.service.ts';
export {
  renderReport,
  type RenderReportOptions,
  type ReportFile,
  type ReportKind,
} from './services/report.service.ts';
export { convertDocxToPdf, findSoffice, PDF_INSTALL_HINT } from './services/pdf.service.ts';
export {
  ensureDemo,
  DEMO_LEDGER_PATH,
  type EnsureDemoOptions,
  type EnsureDemoResult,
} from './services/demo.service.ts';
export { createUser, type CreateUserOptions } from './services/users.service.ts';
export {
  createBackup,
  readBackup,
  restoreBackup,
  BACKUP_FORMAT,
  type Backup,
  type BackupHeader,
  type RestoreOptions,
  type RestoreResult,
} from './services/backup.service.ts';
