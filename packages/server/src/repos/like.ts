import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SqlDialect } from '../db/dialect.ts';

/** Makes `%`, `_` and the escape character itself match literally in a LIKE pattern. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/**
 * `column` contains `text`, case-insensitively for Latin letters, the same on SQLite and
 * PostgreSQL (PostgreSQL's LIKE is case-sensitive, SQLite's is not: lower() on both sides
 * evens that out). Works for any length of term, including two Chinese characters.
 */
export function containsText(column: string, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`lower(${sql.ref(column)}) like lower(${`%${escapeLike(text)}%`}) escape '\\'`;
}

/**
 * `column` contains `text` by plain position, without lower() or LIKE: for a term with no
 * letter case (Chinese, digits), which no index can serve anyway (trigram needs three
 * characters), this is the cheapest full scan — lower() on every row was most of the cost of a
 * two-character search on PostgreSQL. Same matches as `containsText` for such terms.
 */
export function containsCaseless(
  column: string,
  text: string,
  dialect: SqlDialect,
): RawBuilder<SqlBool> {
  return dialect === 'sqlite'
    ? sql<SqlBool>`instr(${sql.ref(column)}, ${text}) > 0`
    : sql<SqlBool>`strpos(${sql.ref(column)}, ${text}) > 0`;
}

/** Whether `text` reads the same in any letter case (then position equals case-insensitive match). */
export function isCaseless(text: string): boolean {
  return text.toLowerCase() === text.toUpperCase();
}
