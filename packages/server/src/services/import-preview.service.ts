/**
 * Importing a ledger file through the browser: the upload is read and parsed into a preview
 * kept on the server (nothing of the plan is written), showing every warning at its cell, how
 * the file's tasks match the plan's, and the units it may mean; the person's decisions then
 * apply to exactly that ledger, stored in one transaction by the one import workflow
 * (`importLedgerInTransaction`).
 */
import { createHash } from 'node:crypto';
import type {
  ConfirmImportDecisions,
  ImportPreview,
  ImportPreviewTask,
  ImportResult,
  ImportUploadFields,
  ImportWarning,
  Ledger,
  PeriodRef,
  UnitProposal,
} from '@duban/core';
import {
  matchLedgerToPlan,
  parseLedgerGrid,
  parseLedgerJson,
  parsePeriodLabel,
  proposeUnits,
} from '@duban/core';
import { getExtension, listXlsxSheets, readGrid, readLedger } from '@duban/formats';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import {
  countPeriodImports,
  deleteExpiredImportPreviews,
  deleteImportPreview,
  findImportPreview,
  insertImportPreview,
  type ImportPreviewRecord,
} from '../repos/import-previews.repo.ts';
import { findPeriodByLabel, findPlanByYear } from '../repos/plans.repo.ts';
import { listPlanTasks } from '../repos/tasks.repo.ts';
import { insertUnitAlias, isUnitNameTaken } from '../repos/unit-aliases.repo.ts';
import { findUnitsByNames, listUnits } from '../repos/units.repo.ts';
import type { UserRecord } from '../repos/users.repo.ts';
import { importLedgerInTransaction, normalizeUnitName } from './import.service.ts';

/** How long a preview waits for its confirmation. */
const PREVIEW_LIFETIME_MS = 60 * 60 * 1000;

export interface UploadedFile {
  fileName: string;
  bytes: Uint8Array;
}

interface SheetChoice {
  name: string;
  hasLedger: boolean;
}

function sha256Of(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What the plan looks like for this ledger's period: its tasks (id, number, version) and the
 * period's imports. A confirm that finds another stamp than its preview's is stale.
 */
async function computePlanStamp(db: Db, orgId: number, period: PeriodRef): Promise<string> {
  const plan = await findPlanByYear(db, orgId, period.year);
  const tasks = plan === undefined ? [] : await listPlanTasks(db, plan.id);
  const stored = await findPeriodByLabel(db, orgId, period.label);
  const imports = stored === undefined ? 0 : await countPeriodImports(db, stored.id);
  return sha256Of(
    JSON.stringify([
      tasks
        .map((task) => [task.id, task.no, task.version])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
      imports,
    ]),
  );
}

function describeProposal(proposal: UnitProposal): string {
  const relation =
    proposal.reason === 'contained'
      ? '是已有单位名称的一部分'
      : proposal.reason === 'contains'
        ? '包含已有单位名称'
        : '与已有单位名称只差一个字';
  return `单位“${proposal.name}”不在单位名录中，${relation}：可能是“${proposal.unit.name}”，请确认`;
}

/** The preview of a stored ledger against the plan as it is now. */
async function buildPreview(
  db: Db,
  user: UserRecord,
  record: Pick<ImportPreviewRecord, 'id' | 'fileName' | 'sha256' | 'sheet' | 'expiresAt'>,
  sheets: SheetChoice[],
  ledger: Ledger,
): Promise<ImportPreview> {
  const plan = await findPlanByYear(db, user.orgId, ledger.period.year);
  const stored = plan === undefined ? [] : await listPlanTasks(db, plan.id);
  const match = matchLedgerToPlan(stored, ledger);
  const period = await findPeriodByLabel(db, user.orgId, ledger.period.label);
  const periodExists = period !== undefined && (await countPeriodImports(db, period.id)) > 0;

  const names = [
    ...new Set(ledger.tasks.flatMap((task) => [...task.lead, ...task.co].map(normalizeUnitName))),
  ];
  const known = await findUnitsByNames(db, user.orgId, names);
  const unknown = names.filter((name) => !known.has(name));
  const proposals = proposeUnits(unknown, await listUnits(db, user.orgId));
  const proposalByName = new Map(proposals.map((proposal) => [proposal.name, proposal]));

  const tasks = ledger.tasks.map((task, index): ImportPreviewTask => {
    const warnings: ImportWarning[] = task.warnings.map(({ code, message, field }) => ({
      code,
      message,
      ...(field === undefined ? {} : { field }),
    }));
    for (const role of ['lead', 'co'] as const) {
      for (const name of task[role]) {
        const proposal = proposalByName.get(normalizeUnitName(name));
        if (proposal === undefined) continue;
        warnings.push({
          code: 'unit-unknown-close',
          message: describeProposal(proposal),
          field: role,
          unit: name,
        });
      }
    }
    if (task.progress.trim() === '') {
      warnings.push({ code: 'progress-empty', message: '进展情况为空', field: 'progress' });
    }
    const taskMatch = match.tasks[index] ?? { no: task.no, kind: 'new' as const };
    if (taskMatch.rule === 'number-only') {
      warnings.push({
        code: 'match-by-number-only',
        message: `与原第${taskMatch.existingNo ?? task.no}项只是序号相同，文字差别很大：请核对是否同一项任务`,
        field: 'text',
      });
    } else if (taskMatch.changes?.includes('number') === true) {
      warnings.push({
        code: 'task-renumbered',
        message: `即原第${taskMatch.existingNo ?? ''}项（按文字对应）`,
        field: 'no',
      });
    }
    const matchDto = {
      kind: taskMatch.kind,
      ...(taskMatch.existingNo === undefined ? {} : { existingNo: taskMatch.existingNo }),
      ...(taskMatch.rule === undefined ? {} : { rule: taskMatch.rule }),
      ...(taskMatch.similarity === undefined ? {} : { similarity: taskMatch.similarity }),
      ...(taskMatch.changes === undefined ? {} : { changes: taskMatch.changes }),
    };
    return {
      no: task.no,
      section: task.section,
      text: task.text,
      lead: task.lead,
      co: task.co,
      progress: task.progress,
      ...(task.extra === undefined ? {} : { extra: task.extra }),
      warnings,
      match: matchDto,
    };
  });

  return {
    id: record.id,
    fileName: record.fileName,
    sha256: record.sha256,
    expiresAt: record.expiresAt,
    sheets,
    sheet: record.sheet,
    title: ledger.title,
    organization: ledger.organization,
    period: ledger.period.label,
    periodExists,
    sections: ledger.sections.map(({ ordinal, title }) => ({ ordinal, title })),
    tasks,
    warnings: ledger.warnings.map(({ code, message, field }) => ({
      code,
      message,
      ...(field === undefined ? {} : { field }),
    })),
    match: {
      matched: match.counts.matched,
      unchanged: match.counts.unchanged,
      changed: match.counts.changed,
      new: match.counts.new,
      missing: match.missing,
    },
    unitProposals: proposals,
  };
}

/** The first issue of a failed read, as one message naming the file, and all issues as details. */
function refuseFile(fileName: string, issues: { path: string; message: string }[]): never {
  const first = issues[0];
  const where = first === undefined || first.path === '' ? '' : `${first.path}：`;
  throw new AppError(
    'invalid-ledger',
    `无法导入“${fileName}”：${where}${first?.message ?? '文件无法读取'}`,
    issues,
  );
}

/**
 * Reads and parses an uploaded file and keeps the result as a preview; the plan is not
 * touched. The ledger goes into the caller's organisation whatever its title says (a warning
 * says so when it differs). A file that cannot be read fails with `invalid-ledger`, naming the
 * file and the place.
 */
export async function createImportPreview(
  database: Database,
  user: UserRecord,
  file: UploadedFile,
  fields: ImportUploadFields,
): Promise<ImportPreview> {
  let period: PeriodRef | undefined;
  if (fields.period !== undefined) {
    const parsed = parsePeriodLabel(fields.period);
    if (!parsed.ok) refuseFile(file.fileName, parsed.issues);
    period = parsed.value;
  }
  // A repeated 序号 is a warning here: the person renumbers or drops the row in the preview.
  const options = {
    sheet: fields.sheet,
    period,
    organization: user.orgName,
    keepRepeatedNumbers: true,
  };
  let sheets: SheetChoice[] = [];
  let sheet: string | null = null;
  let ledger: Ledger;
  if (getExtension(file.fileName) === '.xlsx') {
    const listed = listXlsxSheets(file.fileName, file.bytes);
    if (!listed.ok) refuseFile(file.fileName, listed.issues);
    sheets = listed.value
      .filter((candidate) => !candidate.hidden)
      .map(({ name, hasLedger }) => ({ name, hasLedger }));
    // Read the grid here rather than through readLedger: its rows name the sheet chosen.
    const grid = readGrid(file.fileName, file.bytes, options);
    if (!grid.ok) refuseFile(file.fileName, grid.issues);
    sheet = grid.value.rows[0]?.ref.sheet ?? fields.sheet ?? null;
    const parsed = parseLedgerGrid(grid.value, options);
    if (!parsed.ok) refuseFile(file.fileName, parsed.issues);
    ledger = parsed.value;
  } else {
    const read = readLedger(file.fileName, file.bytes, options);
    if (!read.ok) refuseFile(file.fileName, read.issues);
    ledger = read.value;
  }
  const now = new Date();
  const expiresAt = new Date(now.getTime() + PREVIEW_LIFETIME_MS).toISOString();
  const sha256 = sha256Of(file.bytes);
  const { db } = database;
  await deleteExpiredImportPreviews(db, now.toISOString());
  const id = await insertImportPreview(
    db,
    {
      orgId: user.orgId,
      userId: user.id,
      fileName: file.fileName,
      sha256,
      sheet,
      sheets: JSON.stringify(sheets),
      ledger: JSON.stringify(ledger),
      planStamp: await computePlanStamp(db, user.orgId, ledger.period),
      expiresAt,
    },
    now.toISOString(),
  );
  return buildPreview(
    db,
    user,
    { id, fileName: file.fileName, sha256, sheet, expiresAt },
    sheets,
    ledger,
  );
}

function decodeStoredLedger(record: ImportPreviewRecord): Ledger {
  const parsed = parseLedgerJson(record.ledger);
  // Written by createImportPreview from a parsed ledger: a failure here is a bug, not input.
  if (!parsed.ok) throw new Error(`import preview ${record.id}: stored ledger does not parse`);
  return parsed.value;
}

function decodeSheets(record: ImportPreviewRecord): SheetChoice[] {
  const value: unknown = JSON.parse(record.sheets);
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    typeof item === 'object' && item !== null && 'name' in item && typeof item.name === 'string'
      ? [{ name: item.name, hasLedger: 'hasLedger' in item && item.hasLedger === true }]
      : [],
  );
}

async function getPreviewRecord(
  db: Db,
  user: UserRecord,
  id: number,
): Promise<ImportPreviewRecord> {
  const record = await findImportPreview(db, user.orgId, id, nowIso());
  if (record === undefined) {
    throw new AppError('not-found', '没有找到这次导入的预览（可能已过期或已确认），请重新上传文件');
  }
  return record;
}

export async function getImportPreview(
  database: Database,
  user: UserRecord,
  id: number,
): Promise<ImportPreview> {
  const record = await getPreviewRecord(database.db, user, id);
  return buildPreview(database.db, user, record, decodeSheets(record), decodeStoredLedger(record));
}

/** Unit cells a person types: names separated by 、，,；; or spaces. */
function splitTypedUnits(value: string): string[] {
  return value
    .split(/[、，,；;\s]+/u)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/**
 * The ledger with the person's corrections: dropped rows, fixed cells (a new 序号 included)
 * and accepted unit names. A repeated 序号 left as it was read refuses the confirm, as does a
 * new number that another row already has: the plan must not get two tasks of one number.
 */
function applyDecisions(
  ledger: Ledger,
  units: Map<string, string>,
  cells: ConfirmImportDecisions['cells'],
  dropTasks: ConfirmImportDecisions['dropTasks'],
): Ledger {
  const byNo = new Map(ledger.tasks.map((task) => [task.no, { ...task }]));
  for (const no of dropTasks) {
    if (!byNo.delete(no)) {
      throw new AppError('invalid-request', `预览中没有第${no}项任务，无法删除`);
    }
  }
  for (const cell of cells) {
    const task = byNo.get(cell.no);
    if (task === undefined) {
      throw new AppError('invalid-request', `预览中没有第${cell.no}项任务，无法修改`);
    }
    if (cell.field === 'lead' || cell.field === 'co')
      task[cell.field] = splitTypedUnits(cell.value);
    else task[cell.field] = cell.field === 'no' ? cell.value.trim() : cell.value;
    // The person has looked at the cell and set it: its warnings are answered.
    task.warnings = task.warnings.filter((warning) => warning.field !== cell.field);
  }
  const tasks = [...byNo.values()];
  const numbers = new Map<string, number>();
  for (const task of tasks) {
    if (task.warnings.some((warning) => warning.code === 'duplicate-number')) {
      throw new AppError(
        'invalid-request',
        `“${task.no}”的序号与另一行重复：请改为正确的序号，或删除这一行，再确认导入`,
      );
    }
    if (task.no === '') throw new AppError('invalid-request', '序号不能为空');
    numbers.set(task.no, (numbers.get(task.no) ?? 0) + 1);
  }
  for (const [no, count] of numbers) {
    if (count > 1) {
      throw new AppError(
        'invalid-request',
        `有${count}行的序号都是${no}：请改为不同的序号，再确认导入`,
      );
    }
  }
  const rename = (names: string[]): string[] => [
    ...new Set(names.map((name) => units.get(normalizeUnitName(name)) ?? name)),
  ];
  for (const task of tasks) {
    task.lead = rename(task.lead);
    task.co = rename(task.co).filter((name) => !task.lead.includes(name));
  }
  return { ...ledger, tasks };
}

/**
 * Stores a preview with the person's decisions, all or nothing: accepted unit proposals become
 * aliases of their units, corrected cells replace what was read, then the ledger is imported
 * (updating the period if it already holds one, as the preview said). A plan changed since the
 * preview fails with `import-stale`; the preview is deleted once stored.
 */
export async function confirmImportPreview(
  database: Database,
  user: UserRecord,
  id: number,
  body: ConfirmImportDecisions,
): Promise<ImportResult> {
  return database.db.transaction().execute(async (trx) => {
    const record = await getPreviewRecord(trx, user, id);
    const ledger = decodeStoredLedger(record);
    if ((await computePlanStamp(trx, user.orgId, ledger.period)) !== record.planStamp) {
      throw new AppError(
        'import-stale',
        `预览之后 ${ledger.period.label} 的台账已有变动，为免覆盖他人的修改，请重新上传文件预览`,
      );
    }
    const units = new Map((await listUnits(trx, user.orgId)).map((unit) => [unit.id, unit.name]));
    const renames = new Map<string, string>();
    let aliasesAdded = 0;
    for (const accepted of body.acceptUnits) {
      const unitName = units.get(accepted.unitId);
      if (unitName === undefined) {
        throw new AppError('unit-not-found', `单位编号${accepted.unitId}不在本单位名录中`);
      }
      const alias = normalizeUnitName(accepted.name);
      renames.set(alias, unitName);
      if (alias !== unitName && !(await isUnitNameTaken(trx, user.orgId, alias))) {
        await insertUnitAlias(trx, user.orgId, accepted.unitId, alias);
        aliasesAdded += 1;
      }
    }
    const decided = applyDecisions(ledger, renames, body.cells, body.dropTasks);
    const result = await importLedgerInTransaction(trx, decided, {
      sourceName: record.fileName,
      sha256: record.sha256,
      actorId: user.id,
      update: true,
    });
    await deleteImportPreview(trx, record.id);
    return {
      status: result.status,
      period: decided.period.label,
      created: result.created,
      updated: result.updated,
      unchanged: result.unchanged,
      matched: result.match.counts.matched,
      changed: result.match.counts.changed,
      missing: result.missing,
      aliasesAdded,
    };
  });
}
