/**
 * Limits on what a reader accepts. A ledger of a few hundred tasks is well under 1 MB; the
 * limits leave room for 10 000-task workbooks while keeping a hostile file from exhausting
 * memory.
 */
export interface ReadLimits {
  /** Size of the file as uploaded. */
  maxFileBytes: number;
  /** Sum of the unpacked sizes of a zip's entries, as its central directory declares them. */
  maxUnpackedBytes: number;
  /** Unpacked ÷ packed size of one entry; deflate of real XML stays far below this. */
  maxEntryRatio: number;
  /** Entries in one zip; an .xlsx or .docx has a few dozen. */
  maxEntries: number;
}

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxEntryRatio: 200,
  maxEntries: 10_000,
};

/** Formats a byte count for a message: `20 MB`, `512 KB`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${trimNumber(bytes / (1024 * 1024))} MB`;
  if (bytes >= 1024) return `${trimNumber(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

function trimNumber(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}
