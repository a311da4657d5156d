/**
 * Bytes → text for .txt and .json: UTF-8 with or without BOM, UTF-16 with a BOM (what Windows
 * Notepad calls “Unicode”), or GBK/GB18030 (what Notepad saves as “ANSI” on a Chinese Windows),
 * detected as `decodeTextBytes` detects it for .csv. Anything else is refused with a message a
 * person can act on, rather than decoded into mojibake.
 */
import type { Result } from '@duban/core';
import { fail, ok } from '@duban/core';
import { decodeTextBytes } from '../shared/decode-bytes.ts';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

/** The 1-based line of a character offset, for messages. */
function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = 0; index < offset && index < text.length; index += 1) {
    if (text.charCodeAt(index) === 0x0a) line += 1;
  }
  return line;
}

/** Control characters other than tab, line feed, vertical tab, form feed and carriage return. */
function countBinaryControls(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x09 || (code > 0x0d && code < 0x20) || code === 0x7f) count += 1;
  }
  return count;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): Result<string> {
  try {
    return ok(new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(2)));
  } catch {
    return fail({
      code: 'not-text',
      path: '全文',
      message: '文件声明为 UTF-16 编码，但内容无法按此解码',
    });
  }
}

function decodeUtf8(bytes: Uint8Array): Result<string> {
  const body = startsWith(bytes, UTF8_BOM) ? bytes.subarray(3) : bytes;
  if (body.includes(0)) {
    return fail({
      code: 'binary-file',
      path: '全文',
      message: '这是二进制文件，不是文本：请导出为 UTF-8 编码的 .txt 文件后再导入',
    });
  }
  try {
    return ok(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    // Not UTF-8: GBK text decodes cleanly as GB18030, which the .csv reader already detects.
    const gbk = decodeTextBytes('', body);
    if (gbk.ok) return ok(gbk.value.text);
    const lossy = new TextDecoder('utf-8').decode(body);
    const line = lineAt(lossy, lossy.indexOf('\uFFFD'));
    return fail({
      code: 'not-utf8',
      path: `第${line}行`,
      message:
        '文件既不是 UTF-8 也不是 GBK 编码的文本（可能是二进制文件）：请另存为 UTF-8 后再导入',
    });
  }
}

/**
 * Decodes a text file. Fails with `empty-file`, `binary-file` (NUL bytes or many control
 * characters), `not-utf8` (neither UTF-8 nor GB18030; names the first bad line) or `not-text`.
 *
 * @example
 * ```ts
 * decodeText(new TextEncoder().encode('\uFEFF序号 |')); // { ok: true, value: '序号 |' }
 * decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00])); // binary-file
 * ```
 */
export function decodeText(bytes: Uint8Array): Result<string> {
  const decoded = startsWith(bytes, [0xff, 0xfe])
    ? decodeUtf16(bytes, 'utf-16le')
    : startsWith(bytes, [0xfe, 0xff])
      ? decodeUtf16(bytes, 'utf-16be')
      : decodeUtf8(bytes);
  if (!decoded.ok) return decoded;
  const text = decoded.value.replace(/^\uFEFF/u, '');
  if (text.trim() === '') {
    return fail({ code: 'empty-file', path: '全文', message: '文件是空的，没有任何内容' });
  }
  if (countBinaryControls(text) > text.length / 100) {
    return fail({
      code: 'binary-file',
      path: '全文',
      message: '文件含有大量控制字符，不是文本：请导出为 UTF-8 编码的 .txt 文件后再导入',
    });
  }
  return ok(text);
}
