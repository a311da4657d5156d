/**
 * The checks every binary reader makes before it parses: size, emptiness, and what the bytes
 * really are — an Office 97–2003 file or an encrypted workbook is an OLE compound file
 * (D0 CF 11 E0), not a zip, and deserves its own message rather than "corrupt".
 */
import type { Result } from '@duban/core';
import { ok } from '@duban/core';
import { failWith, quote } from './issues.ts';
import { DEFAULT_LIMITS, formatBytes } from './limits.ts';
import type { ReadLimits } from './limits.ts';
import { looksLikeZip, openZip } from './zip.ts';
import type { ZipArchive } from './zip.ts';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

export type OfficeKind = 'xlsx' | 'docx';

const LEGACY: Record<OfficeKind, { stream: string; label: string }> = {
  xlsx: { stream: 'Workbook', label: 'Excel 97-2003（.xls）' },
  docx: { stream: 'WordDocument', label: 'Word 97-2003（.doc）' },
};

/** Fails when the file is empty or larger than the limit. */
export function checkFileSize(
  name: string,
  bytes: Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS,
): Result<Uint8Array> {
  if (bytes.length === 0) return failWith('file-empty', `文件${quote(name)}是空的（0 字节）`);
  if (bytes.length > limits.maxFileBytes) {
    return failWith(
      'file-too-large',
      `文件${quote(name)}有 ${formatBytes(bytes.length)}，超过 ${formatBytes(limits.maxFileBytes)} 的上限，未读取`,
    );
  }
  return ok(bytes);
}

export function isCompoundFile(bytes: Uint8Array): boolean {
  return CFB_MAGIC.every((byte, index) => bytes[index] === byte);
}

/** Opens an .xlsx or .docx as a zip after the size and container checks. */
export function openOfficeZip(
  name: string,
  bytes: Uint8Array,
  kind: OfficeKind,
  limits: ReadLimits = DEFAULT_LIMITS,
): Result<ZipArchive> {
  const size = checkFileSize(name, bytes, limits);
  if (!size.ok) return size;
  if (isCompoundFile(bytes)) return describeCompoundFile(name, bytes, kind);
  if (!looksLikeZip(bytes)) {
    return failWith(
      kind === 'xlsx' ? 'not-xlsx' : 'not-docx',
      `文件${quote(name)}不是有效的 .${kind} 文件（内容不是 Office Open XML 压缩包）。请用 ${kind === 'xlsx' ? 'Excel/WPS 表格' : 'Word/WPS 文字'}另存为 .${kind} 后再导入`,
    );
  }
  return openZip(name, bytes, limits);
}

/**
 * An OLE compound file is either an encrypted OOXML package (password to open: the workbook
 * sits in an `EncryptedPackage` stream) or an old binary .xls/.doc. Directory entry names are
 * UTF-16LE, so a byte search finds them without parsing the whole container.
 */
function describeCompoundFile(name: string, bytes: Uint8Array, kind: OfficeKind): Result<never> {
  if (containsUtf16(bytes, 'EncryptedPackage') || containsUtf16(bytes, 'EncryptionInfo')) {
    return failWith(
      'file-encrypted',
      `文件${quote(name)}设有打开密码（已加密），无法读取。请在 Excel/WPS 中取消密码后另存为 .${kind} 再导入`,
    );
  }
  const legacy = LEGACY[kind];
  const actual = containsUtf16(bytes, LEGACY.docx.stream)
    ? LEGACY.docx.label
    : containsUtf16(bytes, LEGACY.xlsx.stream)
      ? LEGACY.xlsx.label
      : `${legacy.label}等旧版 Office`;
  return failWith(
    'legacy-format',
    `文件${quote(name)}是 ${actual} 格式，不是 .${kind}。请另存为 .${kind} 后再导入`,
  );
}

function containsUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = Buffer.from(text, 'utf16le');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(needle);
}
