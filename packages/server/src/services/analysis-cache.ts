/**
 * The analysis cache (issue 7). Core's analysis of a whole plan (`analysePeriod`,
 * `exportLedger`) costs tens of milliseconds for the seed and seconds for 10 000 tasks; the
 * ledger, figures, findings, dashboard and report requests all need it. Its result is kept per
 * (organisation, what) together with the organisation's data version, and reused while that
 * version is unchanged.
 *
 * The version is `organizations.data_version`, a random stamp that database triggers renew in
 * the same transaction as every insert, update or delete of a table that feeds the analysis
 * (migration 0010; on PostgreSQL at commit, migration 0012); backups leave it out. It is read from the database on every cached call (one indexed row), so a write made
 * by another instance on the same PostgreSQL, or by a writer that knows nothing of this cache,
 * is seen by the next read. The version is read before the inputs: a write that lands between
 * the two makes the entry newer than its version, never older, and the next read recomputes.
 *
 * A NEW TABLE THAT FEEDS THE ANALYSIS must bump the version too: in its own migration, run
 * `dataVersionTriggerStatements(dialect, '<table>')` from migration 0012 (not 0010's, whose
 * PostgreSQL triggers 0012 replaced), and add it to the tables the cache test updates (it
 * loops over 0010's `STAMPED_TABLES`). The cache test checks each writer.
 *
 * Entries are bounded (least recently used out first) by the number of task rows they hold.
 * Concurrent misses for one key share one computation. Inside a transaction nothing is cached:
 * it may see its own uncommitted writes. Cached values are shared: callers must not mutate them.
 */
import { prepareQuery } from '../db/prepared.ts';
import type { Db } from '../db/schema.ts';

interface Entry {
  version: string;
  value: Promise<unknown>;
  weight: number;
}

/** A map that forgets its least recently used entries beyond `maxWeight`. */
export class LruCache<V extends { weight: number }> {
  private readonly entries = new Map<string, V>();
  private total = 0;

  constructor(private readonly maxWeight: number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Map keeps insertion order: re-inserting makes it the most recent.
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: V): void {
    this.delete(key);
    this.entries.set(key, entry);
    this.total += entry.weight;
    this.evict();
  }

  /** The entry's weight became known after it was set (if `key` still holds that entry). */
  reweigh(key: string, entry: V, weight: number): void {
    if (this.entries.get(key) !== entry) return;
    this.total += weight - entry.weight;
    entry.weight = weight;
    this.evict();
  }

  /** The entry without making it the most recent. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.total -= entry.weight;
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }

  get weight(): number {
    return this.total;
  }

  private evict(): void {
    for (const [key, entry] of this.entries) {
      // Always keep the newest entry, however heavy.
      if (this.total <= this.maxWeight || this.entries.size <= 1) break;
      this.total -= entry.weight;
      this.entries.delete(key);
    }
  }
}

/** Task rows the cache holds at most, over all entries (four periods of 10 000 tasks, twice). */
export const ANALYSIS_CACHE_MAX_ROWS = 80_000;

const caches = new WeakMap<Db, LruCache<Entry>>();
/** Databases whose caching is switched off (the benchmark's "before"). */
const disabled = new WeakSet<Db>();

function cacheOf(db: Db): LruCache<Entry> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new LruCache<Entry>(ANALYSIS_CACHE_MAX_ROWS);
    caches.set(db, cache);
  }
  return cache;
}

/** Prepared (db/prepared.ts): every cached read starts with it. */
const dataVersionQuery = prepareQuery((db, params: { orgId: number }) =>
  db.selectFrom('organizations').select('data_version').where('id', '=', params.orgId),
);

/** The organisation's data version: changes whenever an input of the analysis changes. */
export async function readDataVersion(db: Db, orgId: number): Promise<string> {
  const row = await dataVersionQuery.executeTakeFirst(db, { orgId });
  return row?.data_version ?? 'no-organization';
}

/**
 * `compute()`'s result for `key` in the organisation, reused while its data version holds.
 * `weigh` gives the entry's size in task rows. A value that grows later (the ledger's answer
 * keeps its compressed bytes beside the plain ones) calls the `grew` it was computed with, and
 * the entry is weighed again, so the bound covers what it grew by.
 */
export async function cachedAnalysis<T>(
  db: Db,
  orgId: number,
  key: string,
  compute: (grew: () => void) => Promise<T>,
  weigh: (value: T) => number,
): Promise<T> {
  if (db.isTransaction || disabled.has(db)) return compute(() => undefined);
  const version = await readDataVersion(db, orgId);
  const cache = cacheOf(db);
  const fullKey = `${orgId}:${key}`;
  const hit = cache.get(fullKey);
  if (hit !== undefined && hit.version === version) return hit.value as Promise<T>; // stored by this function for this key, with this T
  const grew = () => {
    void entry.value.then(
      (value) => {
        cache.reweigh(fullKey, entry, weigh(value as T)); // this entry's own compute() result
      },
      () => undefined,
    );
  };
  const entry: Entry = { version, value: compute(grew), weight: 1 };
  cache.set(fullKey, entry);
  try {
    const result = (await entry.value) as T; // compute()'s own result
    cache.reweigh(fullKey, entry, weigh(result));
    return result;
  } catch (error) {
    if (cache.peek(fullKey) === entry) cache.delete(fullKey);
    throw error;
  }
}

/** How full `db`'s cache is: entries and their task rows (the soak reports it with memory). */
export function analysisCacheUse(db: Db): { entries: number; rows: number } {
  const cache = caches.get(db);
  return { entries: cache?.size ?? 0, rows: cache?.weight ?? 0 };
}

/** Forgets every entry of `db` (tests and the benchmark's "before" figure). */
export function clearAnalysisCache(db: Db): void {
  caches.delete(db);
}

export function setAnalysisCacheEnabled(db: Db, enabled: boolean): void {
  if (enabled) disabled.delete(db);
  else disabled.add(db);
}

export function isAnalysisCacheEnabled(db: Db): boolean {
  return !disabled.has(db);
}
