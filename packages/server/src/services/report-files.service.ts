/**
 * Report files as the server serves them: written by the worker pool (services/report-pool.ts)
 * and kept, as bytes, per organisation data version and request (period, kind, format and
 * every report choice) in an LRU bounded by bytes — PDFs included, LibreOffice being the
 * slowest step of all.
 *
 * The data version is the analysis cache's (services/analysis-cache.ts, with its rules): read
 * before any input, a hit only when it is unchanged, so bytes of an older version are never
 * served; inside a transaction, or with the analysis cache switched off, nothing is kept.
 *
 * Requests for the same file share work: one that finds the file being written at its own
 * version waits for that; one that finds it being written at an older version waits for one
 * follow-up run, shared by every request that arrives meanwhile, which starts when the older
 * one ends and reads the data then — never older than what any of its waiters saw. So a file
 * that each write makes stale is written at most twice at a time, however many ask for it.
 */
import { availableParallelism } from 'node:os';
import type { Config } from '../config.ts';
import type { Database } from '../db/dialect.ts';
import type { Db } from '../db/schema.ts';
import { isAnalysisCacheEnabled, LruCache, readDataVersion } from './analysis-cache.ts';
import { getOrganization } from './organization.service.ts';
import { ReportWorkerPool } from './report-pool.ts';
import { renderReport, type RenderReportOptions, type ReportFile } from './report.service.ts';

export interface ReportFilesSettings {
  /** Worker threads; 0 writes the files on the event loop (as before there were workers). */
  workers: number;
  /** Files that may wait for a worker before `report-busy` (503). */
  queue: number;
  /** Bytes of files kept; 0 keeps none (and shares no work). */
  cacheBytes: number;
  /** The worker's entry module (tests). */
  workerUrl?: URL;
  /** Start one worker once the server listens (`warm()`); off unless configured. */
  warm?: boolean;
}

export const DEFAULT_REPORT_QUEUE = 32;
export const DEFAULT_REPORT_CACHE_MB = 64;

/** The settings with their defaults: workers max(1, cores − 1), queue 32, cache 64 MB. */
export function resolveReportSettings(reports: Config['reports']): ReportFilesSettings {
  return {
    workers: reports?.workers ?? Math.max(1, availableParallelism() - 1),
    queue: reports?.queue ?? DEFAULT_REPORT_QUEUE,
    cacheBytes: (reports?.cacheMegabytes ?? DEFAULT_REPORT_CACHE_MB) * 2 ** 20,
    warm: reports?.warm ?? false,
    ...(reports?.workerUrl === undefined ? {} : { workerUrl: reports.workerUrl }),
  };
}

interface Entry {
  version: string;
  file: ReportFile;
  weight: number;
}

interface Flight {
  version: string;
  file: Promise<ReportFile>;
}

/** One database's kept files and the runs in flight, by organisation and request. */
interface Store {
  cache: LruCache<Entry>;
  running: Map<string, Flight>;
  /** Follow-up runs that have not started (and so read no data yet). */
  waiting: Map<string, Promise<ReportFile>>;
}

/** Everything that tells two files apart, in a fixed order. */
function describeRequest(orgId: number, options: RenderReportOptions): string {
  const report = options.report ?? {};
  return JSON.stringify([
    orgId,
    options.period,
    options.kind,
    options.format,
    report.section ?? null,
    report.unit ?? null,
    report.unitRole ?? null,
    report.behindOnly ?? null,
    report.figures ?? null,
    report.lights ?? null,
    report.summary ?? null,
    report.mergeUnits ?? null,
  ]);
}

export class ReportFiles {
  private readonly pool: ReportWorkerPool | undefined;
  private readonly stores = new WeakMap<Db, Store>();

  constructor(private readonly settings: ReportFilesSettings) {
    this.pool =
      settings.workers > 0
        ? new ReportWorkerPool({
            size: settings.workers,
            maxQueue: settings.queue,
            ...(settings.workerUrl === undefined ? {} : { workerUrl: settings.workerUrl }),
          })
        : undefined;
  }

  /** The file, from the cache while the organisation's data version holds. */
  async render(database: Database, options: RenderReportOptions): Promise<ReportFile> {
    const { db } = database;
    const withPool: RenderReportOptions =
      this.pool === undefined ? options : { ...options, renderer: (job) => this.write(job) };
    if (this.settings.cacheBytes <= 0 || db.isTransaction || !isAnalysisCacheEnabled(db)) {
      return renderReport(database, withPool);
    }
    const organization = await getOrganization(db, options.organization);
    const key = describeRequest(organization.id, options);
    return this.fetch(database, organization.id, key, withPool);
  }

  /** Files kept and their bytes. */
  cacheUse(db: Db): { entries: number; bytes: number } {
    const store = this.stores.get(db);
    return { entries: store?.cache.size ?? 0, bytes: store?.cache.weight ?? 0 };
  }

  /** One worker started ahead of the first file, when the settings ask for it. */
  warm(): void {
    if (this.settings.warm === true) this.pool?.warm();
  }

  get poolStats(): { workers: number; busy: number; queued: number } {
    return this.pool?.stats ?? { workers: 0, busy: 0, queued: 0 };
  }

  /** Lets running files finish, then stops the workers. */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  private write(job: Parameters<ReportWorkerPool['render']>[0]): Promise<Uint8Array> {
    if (this.pool === undefined) throw new Error('no report workers');
    return this.pool.render(job);
  }

  private storeOf(db: Db): Store {
    let store = this.stores.get(db);
    if (store === undefined) {
      store = {
        cache: new LruCache<Entry>(this.settings.cacheBytes),
        running: new Map(),
        waiting: new Map(),
      };
      this.stores.set(db, store);
    }
    return store;
  }

  private async fetch(
    database: Database,
    orgId: number,
    key: string,
    options: RenderReportOptions,
  ): Promise<ReportFile> {
    const store = this.storeOf(database.db);
    // First, before any input is read (analysis-cache.ts).
    const version = await readDataVersion(database.db, orgId);
    const hit = store.cache.get(key);
    if (hit !== undefined && hit.version === version) return hit.file;
    const flight = store.running.get(key);
    if (flight !== undefined && flight.version === version) return flight.file;
    const waiting = store.waiting.get(key);
    if (waiting !== undefined) return waiting;
    if (flight !== undefined) {
      // Written at an older version: one follow-up for everyone who asks meanwhile.
      const followUp = flight.file
        .catch(() => undefined)
        .then(() => {
          store.waiting.delete(key);
          return this.fetch(database, orgId, key, options);
        });
      store.waiting.set(key, followUp);
      return followUp;
    }
    const run: Flight = { version, file: renderReport(database, options) };
    store.running.set(key, run);
    try {
      const file = await run.file;
      // Kept only if it fits; the LRU would otherwise keep one oversized file.
      if (file.bytes.byteLength <= this.settings.cacheBytes) {
        store.cache.set(key, { version, file, weight: file.bytes.byteLength });
      }
      return file;
    } finally {
      if (store.running.get(key) === run) store.running.delete(key);
    }
  }
}
