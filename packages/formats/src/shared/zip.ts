/**
 * A small zip reader for .xlsx and .docx. It reads the central directory first and refuses an
 * archive whose declared sizes are too large (a zip bomb) before it inflates a single byte;
 * then it inflates only the entries a reader asks for, each capped at its declared size, so an
 * archive that lies about its sizes cannot get past the check either.
 */
import { crc32, inflateRawSync } from 'node:zlib';
import type { Result } from '@duban/core';
import { ok } from '@duban/core';
import { failWith, quote } from './issues.ts';
import { DEFAULT_LIMITS, formatBytes } from './limits.ts';
import type { ReadLimits } from './limits.ts';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ZipArchive {
  /** The file name, for messages. */
  name: string;
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_COMMENT = 0xffff;

/** True when the bytes start like a zip archive (a local file header or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
}

class ZipFormatError extends Error {}

/**
 * Reads and checks the central directory. Fails with `zip-corrupt` when the structure is
 * broken and `zip-bomb` when the declared sizes exceed the limits; reads no entry data.
 */
export function openZip(
  name: string,
  bytes: Uint8Array,
  limits: ReadLimits = DEFAULT_LIMITS,
): Result<ZipArchive> {
  let entries: ZipEntry[];
  try {
    entries = readCentralDirectory(bytes);
  } catch (error) {
    // A RangeError comes from a DataView read past the end: a truncated or garbled directory.
    if (!(error instanceof ZipFormatError) && !(error instanceof RangeError)) throw error;
    const detail = error instanceof ZipFormatError ? error.message : '压缩目录不完整';
    return failWith(
      'zip-corrupt',
      `文件${quote(name)}已损坏，无法打开（${detail}）。请在 Excel/WPS 中重新保存后再导入`,
    );
  }
  if (entries.length > limits.maxEntries) {
    return failWith(
      'zip-bomb',
      `文件${quote(name)}内含 ${entries.length} 个压缩条目，超过 ${limits.maxEntries} 个的上限，疑似恶意文件，未解压`,
    );
  }
  let total = 0;
  for (const entry of entries) {
    total += entry.uncompressedSize;
    if (total > limits.maxUnpackedBytes) {
      return failWith(
        'zip-bomb',
        `文件${quote(name)}解压后超过 ${formatBytes(limits.maxUnpackedBytes)} 的上限（压缩目录声明共 ${formatBytes(sumSizes(entries))}），疑似压缩炸弹，未解压`,
      );
    }
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxEntryRatio) {
      return failWith(
        'zip-bomb',
        `文件${quote(name)}中的 ${entry.name} 压缩比达 ${Math.round(ratio)}:1（上限 ${limits.maxEntryRatio}:1），疑似压缩炸弹，未解压`,
      );
    }
  }
  return ok({ name, bytes, entries: new Map(entries.map((entry) => [entry.name, entry])) });
}

function sumSizes(entries: readonly ZipEntry[]): number {
  return entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
}

/**
 * Inflates one entry, never past its declared size, and checks its CRC. Returns undefined
 * when the archive has no such entry.
 */
export function readZipEntry(archive: ZipArchive, path: string): Result<Uint8Array | undefined> {
  const entry = archive.entries.get(path);
  if (entry === undefined) return ok(undefined);
  const corrupt = (detail: string) =>
    failWith(
      'zip-corrupt',
      `文件${quote(archive.name)}已损坏：${entry.name} ${detail}。请在 Excel/WPS 中重新保存后再导入`,
    );
  if ((entry.flags & 0x1) !== 0) {
    return failWith(
      'file-encrypted',
      `文件${quote(archive.name)}已加密，无法读取。请取消密码后另存再导入`,
    );
  }
  const view = new DataView(
    archive.bytes.buffer,
    archive.bytes.byteOffset,
    archive.bytes.byteLength,
  );
  const offset = entry.localHeaderOffset;
  if (offset + 30 > archive.bytes.length || view.getUint32(offset, true) !== LOCAL_SIGNATURE) {
    return corrupt('的文件头缺失');
  }
  const start = offset + 30 + view.getUint16(offset + 26, true) + view.getUint16(offset + 28, true);
  const end = start + entry.compressedSize;
  if (end > archive.bytes.length) return corrupt('的数据不完整');
  const packed = archive.bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = packed;
  } else if (entry.method === 8) {
    try {
      // One byte past the declared size is enough to tell an honest entry from a lying one.
      data = inflateRawSync(packed, { maxOutputLength: Math.max(entry.uncompressedSize, 1) + 1 });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code; // zlib errors always carry a code
      if (code === 'ERR_BUFFER_TOO_LARGE') {
        return failWith(
          'zip-bomb',
          `文件${quote(archive.name)}中的 ${entry.name} 解压后大于其声明的大小，疑似压缩炸弹，已停止解压`,
        );
      }
      return corrupt('无法解压');
    }
  } else {
    return corrupt(`使用了不支持的压缩方式（${entry.method}）`);
  }
  if (data.length !== entry.uncompressedSize) {
    if (data.length > entry.uncompressedSize) {
      return failWith(
        'zip-bomb',
        `文件${quote(archive.name)}中的 ${entry.name} 解压后大于其声明的大小，疑似压缩炸弹，已停止解压`,
      );
    }
    return corrupt('的大小与目录不符');
  }
  if (crc32(data) >>> 0 !== entry.crc) return corrupt('的校验和不符');
  return ok(data);
}

/** Reads an entry as UTF-8 text (OOXML parts are UTF-8; a BOM is dropped). */
export function readZipText(archive: ZipArchive, path: string): Result<string | undefined> {
  const data = readZipEntry(archive, path);
  if (!data.ok) return data;
  if (data.value === undefined) return ok(undefined);
  return ok(new TextDecoder('utf-8').decode(data.value));
}

function readCentralDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(bytes, view);
  let count = view.getUint16(eocd + 10, true);
  let size = view.getUint32(eocd + 12, true);
  let offset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR_SIGNATURE) {
      throw new ZipFormatError('ZIP64 目录定位符缺失');
    }
    const zip64 = toSafeNumber(view.getBigUint64(locator + 8, true));
    if (zip64 + 56 > bytes.length || view.getUint32(zip64, true) !== ZIP64_EOCD_SIGNATURE) {
      throw new ZipFormatError('ZIP64 目录结尾缺失');
    }
    count = toSafeNumber(view.getBigUint64(zip64 + 32, true));
    size = toSafeNumber(view.getBigUint64(zip64 + 40, true));
    offset = toSafeNumber(view.getBigUint64(zip64 + 48, true));
  }
  if (offset + size > bytes.length)
    throw new ZipFormatError('压缩目录超出文件末尾，文件可能不完整');

  const entries: ZipEntry[] = [];
  const decoder = new TextDecoder('utf-8');
  let position = offset;
  for (let i = 0; i < count; i++) {
    if (position + 46 > bytes.length || view.getUint32(position, true) !== CENTRAL_SIGNATURE) {
      throw new ZipFormatError('压缩目录条目损坏');
    }
    const nameLength = view.getUint16(position + 28, true);
    const extraLength = view.getUint16(position + 30, true);
    const commentLength = view.getUint16(position + 32, true);
    const nameStart = position + 46;
    if (nameStart + nameLength + extraLength > bytes.length)
      throw new ZipFormatError('压缩目录条目损坏');
    const entry: ZipEntry = {
      // Some writers use Windows separators; OOXML part names use '/'.
      name: decoder.decode(bytes.subarray(nameStart, nameStart + nameLength)).replace(/\\/gu, '/'),
      flags: view.getUint16(position + 8, true),
      method: view.getUint16(position + 10, true),
      crc: view.getUint32(position + 16, true),
      compressedSize: view.getUint32(position + 20, true),
      uncompressedSize: view.getUint32(position + 24, true),
      localHeaderOffset: view.getUint32(position + 42, true),
    };
    applyZip64Extra(entry, view, nameStart + nameLength, extraLength);
    entries.push(entry);
    position = nameStart + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(bytes: Uint8Array, view: DataView): number {
  const lowest = Math.max(0, bytes.length - 22 - MAX_COMMENT);
  for (let position = bytes.length - 22; position >= lowest; position--) {
    if (view.getUint32(position, true) === EOCD_SIGNATURE) return position;
  }
  throw new ZipFormatError('找不到压缩目录，文件可能不完整或被截断');
}

/** ZIP64 keeps sizes that do not fit 32 bits in extra field 0x0001, in a fixed order. */
function applyZip64Extra(entry: ZipEntry, view: DataView, start: number, length: number): void {
  let position = start;
  while (position + 4 <= start + length) {
    const id = view.getUint16(position, true);
    const size = view.getUint16(position + 2, true);
    if (id === 0x0001) {
      let field = position + 4;
      const next = (): number => {
        if (field + 8 > position + 4 + size) throw new ZipFormatError('ZIP64 扩展字段损坏');
        const value = toSafeNumber(view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    position += 4 + size;
  }
}

function toSafeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ZipFormatError('ZIP64 大小超出范围');
  return Number(value);
}
