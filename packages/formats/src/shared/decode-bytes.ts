/**
 * Bytes → text for files a person saves from Excel or WPS, which write UTF-8 (with or without a
 * BOM), UTF-16 with a BOM ("Unicode text"), or — in a Chinese office, by default — GBK. The
 * encoding is detected, not assumed: UTF-8 is a strict format that GBK text almost never
 * satisfies by chance, so what is not valid UTF-8 is decoded as GB18030 (a superset of GBK)
 * and accepted only if that decoding is clean too.
 */
import type { Result } from '@duban/core';
import { ok } from '@duban/core';
import iconv from 'iconv-lite';
import { failWith, quote } from './issues.ts';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function countReplacements(text: string): number {
  let count = 0;
  for (const ch of text) if (ch === '\uFFFD') count++;
  return count;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset; index++) if (text.charCodeAt(index) === 0x0a) line++;
  return line;
}

/**
 * Decodes a text file, detecting UTF-8, UTF-16 (by BOM) and GB18030/GBK.
 *
 * @example
 * ```ts
 * decodeTextBytes('台账.csv', iconv.encode('序号,目标与任务', 'gbk'));
 * // { ok: true, value: { text: '序号,目标与任务', encoding: 'gb18030' } }
 * ```
 */
export function decodeTextBytes(name: string, bytes: Uint8Array): Result<DecodedText> {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return decodeWith(name, bytes.subarray(3), 'utf-8');
  if (startsWith(bytes, [0xff, 0xfe])) return decodeWith(name, bytes.subarray(2), 'utf-16le');
  if (startsWith(bytes, [0xfe, 0xff])) return decodeWith(name, bytes.subarray(2), 'utf-16be');
  if (bytes.includes(0)) {
    return failWith(
      'encoding-unknown',
      `文件${quote(name)}是二进制文件，不是文本。请另存为 CSV（UTF-8 或 GBK 编码）后再导入`,
    );
  }
  try {
    return ok({ text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' });
  } catch {
    const text = iconv.decode(bytes, 'gb18030');
    if (!text.includes('\uFFFD')) return ok({ text, encoding: 'gb18030' });
    // Name the line where the likelier of the two encodings breaks: the one with fewer errors.
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const likely = countReplacements(lossy) <= countReplacements(text) ? lossy : text;
    const line = lineOf(likely, likely.indexOf('\uFFFD'));
    return failWith(
      'encoding-unknown',
      `文件${quote(name)}第${line}行的文字既不是 UTF-8 也不是 GBK/GB18030 编码，无法识别。请另存为 UTF-8 编码后再导入`,
      { line },
    );
  }
}

function decodeWith(
  name: string,
  bytes: Uint8Array,
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be',
): Result<DecodedText> {
  try {
    return ok({ text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding });
  } catch {
    const label = encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
    return failWith(
      'encoding-unknown',
      `文件${quote(name)}标明是 ${label} 编码，但内容无法按此解码，文件可能已损坏`,
    );
  }
}
