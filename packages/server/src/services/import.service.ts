import type { Issue, Ledger, LedgerTask, LedgerWarning, PlanMatch } from '@duban/core';
import { matchLedgerToPlan } from '@duban/core';
import type { Database } from '../db/dialect.ts';
import { nowIso, type Db, type UnitRole } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import { appendAudit } from '../repos/audit.repo.ts';
import { hasPeriodImports, insertImportBatch } from '../repos/import-batches.repo.ts';
import { findOrganizationByName, insertOrganization } from '../repos/organizations.repo.ts';
import {
  findPeriodByLabel,
  findPlanByYear,
  insertPeriod,
  insertPlan,
  updatePeriodTitle,
} from '../repos/plans.repo.ts';
import {
  hasPeriodProgress,
  insertProgress,
  listConsolidatedProgress,
  updateProgress,
  type ProgressRecord,
} from '../repos/progress.repo.ts';
import {
  deleteTaskUnits,
  insertSection,
  insertTasks,
  insertTaskUnits,
  listPlanTasks,
  listSections,
  listTaskUnits,
  updateSection,
  updateTask,
  updateTaskNo,
  type TaskFields,
  type TaskRecord,
} from '../repos/tasks.repo.ts';
import { findUnitsByNames, insertUnit } from '../repos/units.repo.ts';

export interface ImportLedgerOptions {
  /** Update a period that already holds a different ledger (the CLI's `--update`). */
  update?: boolean;
  /** The file's name, kept with the import record. */
  sourceName: string;
  /** sha256 (hex) of the file's bytes. */
  sha256: string;
  /** The user who imports, when there is one (the CLI has none). */
  actorId?: number;
}

export interface ImportLedgerResult {
  /**
   * `created`: the period had no ledger before; `updated`: it had one and `update` replaced it;
   * `unchanged`: it already held exactly this ledger, nothing was written.
   */
  status: 'created' | 'updated' | 'unchanged';
  organizationId: number;
  planId: number;
  periodId: number;
  /** Tasks new to the plan. */
  created: number;
  /** Tasks whose text, units, section, warnings or progress for this period changed. */
  updated: number;
  unchanged: number;
  /** Numbers of the plan's tasks absent from the file: kept as they are, never deleted. */
  missing: string[];
  /**
   * How the file's tasks matched the plan's (by number and text, so renumbered and reworded
   * tasks keep their history): see `matchLedgerToPlan`.
   */
  match: PlanMatch;
  /**
   * Missing tasks whose number the file gives to another task: renumbered `N（原）` so the
   * number is free. Old number → new.
   */
  displaced: Record<string, string>;
}

/**
 * Stores a ledger in one transaction, all or nothing: organisation, plan (by year), period (by
 * label), sections, units, tasks (by number) with their units, and the consolidated progress
 * for the period, plus the import record and an audit entry.
 *
 * Importing a period again is safe: the same content gives `unchanged`; different content is
 * refused with `ledger-exists` unless `update` is set, and then changes are written as new
 * versions while tasks missing from the file are kept and reported.
 */
export async function importLedger(
  database: Database,
  ledger: Ledger,
  options: ImportLedgerOptions,
): Promise<ImportLedgerResult> {
  return database.db
    .transaction()
    .execute((trx) => importLedgerInTransaction(trx, ledger, options));
}

/** Normalised unit name: extraction leaves line breaks and padding inside names. */
export function normalizeUnitName(name: string): string {
  return name.replace(/\s+/gu, '');
}

/** What a schema cannot say about a ledger, checked before anything is written. */
function checkLedger(ledger: Ledger): void {
  const issues: Issue[] = [];
  const { period } = ledger;
  if (ledger.organization.trim() === '') {
    issues.push({ code: 'organization-missing', path: 'organization', message: '缺少组织名称' });
  }
  if (period.label !== `${period.year}Q${period.quarter}`) {
    issues.push({
      code: 'invalid-period',
      path: 'period',
      message: `期次 ${period.label} 与年份 ${period.year}、季度 ${period.quarter} 不一致`,
    });
  }
  const ordinals = new Set<string>();
  for (const section of ledger.sections) {
    if (ordinals.has(section.ordinal)) {
      issues.push({
        code: 'duplicate-section',
        path: `sections.${section.ordinal}`,
        message: `部分“${section.ordinal}”出现了两次`,
      });
    }
    ordinals.add(section.ordinal);
  }
  const numbers = new Set<string>();
  for (const task of ledger.tasks) {
    const path = `第${task.no}项`;
    if (task.no.trim() === '') {
      issues.push({ code: 'number-missing', path, message: '任务缺少序号' });
    }
    if (numbers.has(task.no)) {
      issues.push({ code: 'duplicate-number', path, message: `序号${task.no}重复` });
    }
    numbers.add(task.no);
    if (!ordinals.has(task.section)) {
      issues.push({
        code: 'unknown-section',
        path,
        message: `所属部分“${task.section}”不在部分列表中`,
      });
    }
    if ([...task.lead, ...task.co].some((name) => normalizeUnitName(name) === '')) {
      issues.push({ code: 'empty-unit', path, message: '单位名称为空' });
    }
  }
  const [first] = issues;
  if (first !== undefined) {
    const more = issues.length > 1 ? `（另有 ${issues.length - 1} 处问题）` : '';
    throw new AppError(
      'invalid-ledger',
      `台账有误：${first.path}：${first.message}${more}`,
      issues,
    );
  }
}

interface UnitPlacement {
  name: string;
  role: UnitRole;
  position: number;
  inferred: boolean;
}

interface TaskPlan {
  task: LedgerTask;
  position: number;
  stored: TaskRecord | undefined;
  storedProgress: ProgressRecord | undefined;
  units: UnitPlacement[];
  taskChanged: boolean;
  progressChanged: boolean;
}

function placeUnits(task: LedgerTask): UnitPlacement[] {
  const inherited = new Set(task.warnings.map((warning) => warning.code));
  const place = (role: UnitRole, names: string[], inferred: boolean): UnitPlacement[] =>
    names.map((name, position) => ({ name: normalizeUnitName(name), role, position, inferred }));
  return [
    ...place('lead', task.lead, inherited.has('lead-inherited')),
    ...place('co', task.co, inherited.has('co-inherited')),
  ];
}

/**
 * A comparable fingerprint of everything stored on a task row and its units. Units compare by
 * id where the name resolves (an alias names the same unit), by name where it is new.
 */
function fingerprint(
  fields: {
    section: string;
    position: number;
    text: string;
    extra: Record<string, string> | null;
    warnings: LedgerWarning[];
  },
  units: { key: string | number; role: UnitRole; inferred: boolean }[],
): string {
  return JSON.stringify([
    fields.section,
    fields.position,
    fields.text,
    fields.extra,
    fields.warnings,
    units.map((unit) => [unit.role, unit.key, unit.inferred]),
  ]);
}

/** The import itself, inside the caller's transaction (ensureDemo adds its admin to the same). */
export async function importLedgerInTransaction(
  trx: Db,
  ledger: Ledger,
  options: ImportLedgerOptions,
): Promise<ImportLedgerResult> {
  checkLedger(ledger);
  const now = nowIso();
  const actorId = options.actorId ?? null;
  const { period: ref } = ledger;

  const orgName = ledger.organization.trim();
  const orgId =
    (await findOrganizationByName(trx, orgName))?.id ??
    (await insertOrganization(trx, orgName, now));
  const planId =
    (await findPlanByYear(trx, orgId, ref.year))?.id ??
    (await insertPlan(
      trx,
      { orgId, year: ref.year, title: `${orgName}${ref.year}年重点工作` },
      now,
    ));
  const existingPeriod = await findPeriodByLabel(trx, orgId, ref.label);
  const periodId =
    existingPeriod?.id ??
    (await insertPeriod(
      trx,
      {
        orgId,
        planId,
        year: ref.year,
        quarter: ref.quarter,
        label: ref.label,
        title: ledger.title,
      },
      now,
    ));
  const hadLedger =
    existingPeriod !== undefined &&
    ((await hasPeriodProgress(trx, periodId)) || (await hasPeriodImports(trx, periodId)));

  // Read what is stored and compare, before writing anything.
  const storedSections = await listSections(trx, planId);
  const sectionByOrdinal = new Map(storedSections.map((section) => [section.ordinal, section]));
  const ordinalById = new Map(storedSections.map((section) => [section.id, section.ordinal]));
  const sectionsChanged = ledger.sections.some((section, position) => {
    const stored = sectionByOrdinal.get(section.ordinal);
    return stored?.title !== section.title || stored.position !== position;
  });

  const unitNames = [
    ...new Set(ledger.tasks.flatMap((task) => placeUnits(task).map((unit) => unit.name))),
  ];
  const unitIds = await findUnitsByNames(trx, orgId, unitNames);

  const storedTasks = await listPlanTasks(trx, planId);
  const storedByNo = new Map(storedTasks.map((task) => [task.no, task]));
  // Tasks are the plan's, periods come and go: a new quarter's file is matched to the stored
  // tasks by number and text, so renumbered or reworded tasks keep their history.
  const match = matchLedgerToPlan(storedTasks, ledger);
  const storedIds = storedTasks.map((task) => task.id);
  const storedUnits = await listTaskUnits(trx, storedIds);
  const storedProgress = await listConsolidatedProgress(trx, periodId, storedIds);

  const plans: TaskPlan[] = ledger.tasks.map((task, position) => {
    const existingNo = match.tasks[position]?.existingNo;
    const stored = existingNo === undefined ? undefined : storedByNo.get(existingNo);
    const units = placeUnits(task);
    const progress = stored === undefined ? undefined : storedProgress.get(stored.id);
    const taskChanged =
      stored === undefined ||
      stored.no !== task.no ||
      fingerprint(
        { ...task, position, extra: task.extra ?? null },
        units.map((unit) => ({ ...unit, key: unitIds.get(unit.name) ?? `new:${unit.name}` })),
      ) !==
        fingerprint(
          { ...stored, section: ordinalById.get(stored.sectionId) ?? '' },
          (storedUnits.get(stored.id) ?? []).map((unit) => ({ ...unit, key: unit.unitId })),
        );
    const progressChanged = (progress?.text ?? '') !== task.progress;
    return {
      task,
      position,
      stored,
      storedProgress: progress,
      units,
      taskChanged,
      progressChanged,
    };
  });
  const ledgerNumbers = new Set(ledger.tasks.map((task) => task.no));
  const { missing } = match;
  const displaced = chooseDisplacedNumbers(
    storedTasks.filter((task) => missing.includes(task.no) && ledgerNumbers.has(task.no)),
    new Set([...ledgerNumbers, ...storedTasks.map((task) => task.no)]),
  );
  const created = plans.filter((plan) => plan.stored === undefined).length;
  const updated = plans.filter(
    (plan) => plan.stored !== undefined && (plan.taskChanged || plan.progressChanged),
  ).length;
  const unchanged = plans.length - created - updated;
  const counts = {
    organizationId: orgId,
    planId,
    periodId,
    created,
    updated,
    unchanged,
    missing,
    match,
    displaced: Object.fromEntries(
      storedTasks.flatMap((task) => {
        const no = displaced.get(task.id);
        return no === undefined ? [] : [[task.no, no]];
      }),
    ),
  };

  if (hadLedger) {
    const titleChanged = existingPeriod.title !== ledger.title;
    const differs = created + updated > 0 || missing.length > 0 || sectionsChanged || titleChanged;
    if (!differs) return { status: 'unchanged', ...counts };
    if (options.update !== true) {
      throw new AppError(
        'ledger-exists',
        `${ref.label} 已导入过台账，现有 ${storedTasks.length} 项任务；本文件与之不同（新增 ${created} 项、改动 ${updated} 项、缺少 ${missing.length} 项）。如要用本文件更新，请加 --update（文件中没有的任务会保留）`,
        { period: ref.label, existingTasks: storedTasks.length, created, updated, missing },
      );
    }
    if (titleChanged) await updatePeriodTitle(trx, periodId, ledger.title);
  }

  // Write.
  const sectionIds = new Map(storedSections.map((section) => [section.ordinal, section.id]));
  for (const [position, section] of ledger.sections.entries()) {
    const stored = sectionByOrdinal.get(section.ordinal);
    if (stored === undefined) {
      sectionIds.set(
        section.ordinal,
        await insertSection(trx, {
          orgId,
          planId,
          ordinal: section.ordinal,
          title: section.title,
          position,
        }),
      );
    } else if (stored.title !== section.title || stored.position !== position) {
      await updateSection(trx, stored.id, { title: section.title, position });
    }
  }
  for (const name of unitNames) {
    if (!unitIds.has(name)) unitIds.set(name, await insertUnit(trx, orgId, name, now));
  }

  // Numbers are unique in a plan: free every number that moves before any task takes one.
  for (const task of storedTasks) {
    const no = displaced.get(task.id);
    if (no !== undefined) await updateTaskNo(trx, task.id, no);
  }
  for (const plan of plans) {
    if (plan.stored !== undefined && plan.stored.no !== plan.task.no) {
      await updateTaskNo(trx, plan.stored.id, `~renumber:${plan.stored.id}`);
    }
  }

  const fieldsOf = (plan: TaskPlan): TaskFields => ({
    sectionId: getId(sectionIds, plan.task.section),
    no: plan.task.no,
    position: plan.position,
    text: plan.task.text,
    extra: plan.task.extra ?? null,
    warnings: plan.task.warnings,
  });
  const newIds = await insertTasks(
    trx,
    orgId,
    planId,
    plans.filter((plan) => plan.stored === undefined).map(fieldsOf),
    now,
  );
  const taskIdOf = (plan: TaskPlan): number => plan.stored?.id ?? getId(newIds, plan.task.no);
  for (const plan of plans) {
    if (plan.stored !== undefined && plan.taskChanged) {
      await updateTask(
        trx,
        plan.stored.id,
        { ...fieldsOf(plan), version: plan.stored.version + 1 },
        now,
      );
    }
  }
  const withNewUnits = plans.filter((plan) => plan.taskChanged);
  await deleteTaskUnits(
    trx,
    withNewUnits.flatMap((plan) => (plan.stored === undefined ? [] : [plan.stored.id])),
  );
  await insertTaskUnits(
    trx,
    orgId,
    withNewUnits.flatMap((plan) =>
      plan.units.map((unit) => ({
        ...unit,
        taskId: taskIdOf(plan),
        unitId: getId(unitIds, unit.name),
      })),
    ),
  );

  const changedProgress = plans.filter((plan) => plan.progressChanged);
  await insertProgress(
    trx,
    changedProgress
      .filter((plan) => plan.storedProgress === undefined)
      .map((plan) => ({
        orgId,
        taskId: taskIdOf(plan),
        periodId,
        unitId: null,
        text: plan.task.progress,
        state: 'imported' as const,
        authorId: actorId,
      })),
    now,
  );
  for (const plan of changedProgress) {
    const progress = plan.storedProgress;
    if (progress === undefined) continue;
    await updateProgress(
      trx,
      {
        orgId,
        id: progress.id,
        version: progress.version + 1,
        text: plan.task.progress,
        state: 'imported',
        authorId: actorId,
      },
      now,
    );
  }

  const status = hadLedger ? 'updated' : 'created';
  const batchId = await insertImportBatch(
    trx,
    {
      orgId,
      periodId,
      fileName: options.sourceName,
      sha256: options.sha256,
      taskCount: ledger.tasks.length,
      warnings: ledger.warnings,
      actorId,
    },
    now,
  );
  await appendAudit(
    trx,
    {
      orgId,
      actorId,
      action: 'ledger.import',
      entity: 'period',
      entityId: periodId,
      detail: {
        batchId,
        status,
        sourceName: options.sourceName,
        sha256: options.sha256,
        created,
        updated,
        unchanged,
        missing,
        renumbered: match.tasks.filter((task) => task.changes?.includes('number')).length,
        displaced: counts.displaced,
      },
    },
    now,
  );
  return { status, ...counts };
}

/**
 * New numbers for missing tasks whose number the file gives to another task: `5（原）`, or
 * `5（原2）` … when that is taken too. By task id.
 */
function chooseDisplacedNumbers(
  tasks: readonly TaskRecord[],
  taken: Set<string>,
): Map<number, string> {
  const numbers = new Map<number, string>();
  for (const task of tasks) {
    let candidate = `${task.no}（原）`;
    for (let n = 2; taken.has(candidate); n++) candidate = `${task.no}（原${n}）`;
    taken.add(candidate);
    numbers.set(task.id, candidate);
  }
  return numbers;
}

/** Every section and unit was stored above (checkLedger vouches for sections): a miss is a bug. */
function getId(ids: Map<string, number>, key: string): number {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`import: no id stored for “${key}”`);
  return id;
}
