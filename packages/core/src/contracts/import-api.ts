/**
 * The HTTP contract of importing a ledger file through the browser (issue 3): upload → a
 * preview kept on the server → the person's decisions → confirm. Kept apart from api.ts so
 * the import feature owns its schemas.
 */
import { z } from 'zod';

/** A warning shown at its cell: `field` names the column, `unit` the unit name it concerns. */
export const importWarningSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  unit: z.string().optional(),
});
export type ImportWarning = z.infer<typeof importWarningSchema>;

export const taskMatchDtoSchema = z.object({
  kind: z.enum(['unchanged', 'changed', 'new']),
  existingNo: z.string().optional(),
  rule: z.enum(['text', 'number', 'similar', 'number-only']).optional(),
  similarity: z.number().optional(),
  changes: z.array(z.enum(['number', 'text'])).optional(),
});

export const importPreviewTaskSchema = z.object({
  no: z.string(),
  section: z.string(),
  text: z.string(),
  lead: z.array(z.string()),
  co: z.array(z.string()),
  progress: z.string(),
  extra: z.record(z.string(), z.string()).optional(),
  warnings: z.array(importWarningSchema),
  match: taskMatchDtoSchema,
});
export type ImportPreviewTask = z.infer<typeof importPreviewTaskSchema>;

export const unitProposalDtoSchema = z.object({
  name: z.string(),
  unit: z.object({ id: z.number().int(), name: z.string() }),
  reason: z.enum(['contains', 'contained', 'similar']),
});
export type UnitProposalDto = z.infer<typeof unitProposalDtoSchema>;

/** Answer of POST /api/imports and GET /api/imports/:id. */
export const importPreviewSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  expiresAt: z.string(),
  /** The workbook's sheets (empty for other formats) and the one read. */
  sheets: z.array(z.object({ name: z.string(), hasLedger: z.boolean() })),
  sheet: z.string().nullable(),
  title: z.string(),
  organization: z.string(),
  period: z.string(),
  /** Whether the period already holds a ledger (confirming then updates it). */
  periodExists: z.boolean(),
  sections: z.array(z.object({ ordinal: z.string(), title: z.string() })),
  tasks: z.array(importPreviewTaskSchema),
  warnings: z.array(importWarningSchema),
  match: z.object({
    matched: z.number().int(),
    unchanged: z.number().int(),
    changed: z.number().int(),
    new: z.number().int(),
    missing: z.array(z.string()),
  }),
  unitProposals: z.array(unitProposalDtoSchema),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

/** Optional text fields of the multipart upload, beside the file. */
export const importUploadFieldsSchema = z.object({
  sheet: z.string().trim().min(1).max(200).optional(),
  period: z
    .string()
    .regex(/^\d{4}Q[1-4]$/u)
    .optional(),
});
export type ImportUploadFields = z.infer<typeof importUploadFieldsSchema>;

/** Cells a person may correct in the preview; `no` renumbers a row (a repeated 序号). */
export const IMPORT_CELL_FIELDS = ['no', 'text', 'progress', 'lead', 'co'] as const;

/** POST /api/imports/:id/confirm: what the person decided in the preview. */
export const confirmImportBodySchema = z.object({
  /** Proposed unit mappings the person accepted: the name becomes an alias of the unit. */
  acceptUnits: z
    .array(z.object({ name: z.string().min(1).max(200), unitId: z.number().int() }))
    .max(2000)
    .default([]),
  /** Cells the person corrected; units are separated by 、 or ，. */
  cells: z
    .array(
      z.object({
        no: z.string().min(1).max(50),
        field: z.enum(IMPORT_CELL_FIELDS),
        value: z.string().max(20_000),
      }),
    )
    .max(20_000)
    .default([]),
  /** Rows the person dropped from the file, by their number in the preview. */
  dropTasks: z.array(z.string().min(1).max(50)).max(20_000).default([]),
});
/** What the web sends (lists may be left out)… */
export type ConfirmImportBody = z.input<typeof confirmImportBodySchema>;
/** …and what the server gets after validation. */
export type ConfirmImportDecisions = z.output<typeof confirmImportBodySchema>;

export const importResultSchema = z.object({
  status: z.enum(['created', 'updated', 'unchanged']),
  period: z.string(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  matched: z.number().int(),
  changed: z.number().int(),
  missing: z.array(z.string()),
  aliasesAdded: z.number().int(),
});
export type ImportResult = z.infer<typeof importResultSchema>;

export const importIdParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** GET /api/admin/units: the organisation's unit directory. */
export const unitDirectoryEntrySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  aliases: z.array(z.object({ id: z.number().int(), alias: z.string() })),
});
export type UnitDirectoryEntry = z.infer<typeof unitDirectoryEntrySchema>;

export const addUnitAliasBodySchema = z.object({ alias: z.string().trim().min(1).max(200) });
export const unitAliasParamsSchema = z.object({
  id: z.coerce.number().int().positive(),
  aliasId: z.coerce.number().int().positive(),
});
