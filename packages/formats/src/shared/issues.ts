/**
 * The catalogue of reader failures. Every message is complete on its own: it names the file
 * and, where there is one, the sheet or table and the row, so a person can find the problem
 * without the path beside it. `path` repeats the location in the short form core uses.
 */
import { describeRef, fail } from '@duban/core';
import type { Issue, Result, SourceRef } from '@duban/core';

export type ReaderIssueCode =
  | 'file-empty'
  | 'file-too-large'
  | 'file-encrypted'
  | 'legacy-format'
  | 'not-a-zip'
  | 'zip-corrupt'
  | 'zip-bomb'
  | 'not-xlsx'
  | 'not-docx'
  | 'xml-corrupt'
  | 'sheet-not-found'
  | 'no-sheet'
  | 'no-header'
  | 'no-table'
  | 'no-tasks'
  | 'encoding-unknown'
  | 'csv-malformed';

export function createIssue(code: ReaderIssueCode, message: string, ref?: SourceRef): Issue {
  return { code, path: ref === undefined ? '' : describeRef(ref), message };
}

export function failWith<T = never>(
  code: ReaderIssueCode,
  message: string,
  ref?: SourceRef,
): Result<T> {
  return fail(createIssue(code, message, ref));
}

/** `“台账.xlsx”` — file names are quoted the way the rest of the interface quotes them. */
export function quote(text: string): string {
  return `“${text}”`;
}
