import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.ts';

const encode = (text: string) => new TextEncoder().encode(text);

function issue(bytes: Uint8Array) {
  const result = decodeText(bytes);
  if (result.ok) throw new Error('expected an issue');
  expect(result.issues).toHaveLength(1);
  return result.issues[0];
}

describe('decodeText', () => {
  it('decodes UTF-8 with and without BOM', () => {
    expect(decodeText(encode('序号 |'))).toEqual({ ok: true, value: '序号 |' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('序号 |')]))).toEqual({
      ok: true,
      value: '序号 |',
    });
  });

  it('decodes UTF-16 with a BOM', () => {
    const text = '弋江区 |';
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    const be = new Uint8Array(2 + text.length * 2);
    be.set([0xfe, 0xff]);
    for (let index = 0; index < text.length; index += 1) {
      const code = text.charCodeAt(index);
      le.set([code & 0xff, code >> 8], 2 + index * 2);
      be.set([code >> 8, code & 0xff], 2 + index * 2);
    }
    expect(decodeText(le)).toEqual({ ok: true, value: text });
    expect(decodeText(be)).toEqual({ ok: true, value: text });
  });

  it('rejects an empty or blank file', () => {
    expect(issue(new Uint8Array())).toMatchObject({ code: 'empty-file', path: '全文' });
    expect(issue(encode(' \n\r\n\t'))).toMatchObject({ code: 'empty-file' });
    expect(issue(new Uint8Array([0xef, 0xbb, 0xbf]))).toMatchObject({ code: 'empty-file' });
  });

  it('rejects binary content', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]);
    expect(issue(png)).toMatchObject({ code: 'binary-file', path: '全文' });
    const controls = encode(`${'\x01\x02\x03'.repeat(10)}abc`);
    expect(issue(controls)).toMatchObject({ code: 'binary-file' });
  });

  it('accepts GBK text (Notepad’s “ANSI” on a Chinese Windows)', () => {
    const text = '弋江区2023年二季度重点工作进展和完成情况\n序号 | 目标与任务 |\n';
    const bytes = iconv.encode(text, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodeText(bytes)).toEqual({ ok: true, value: text });
  });

  it('rejects text that is neither UTF-8 nor GBK and names the line', () => {
    // 0x80 0x30 is a truncated GB18030 sequence and no UTF-8 either.
    const bytes = new Uint8Array([...encode('标题\n序号 |\n'), 0x80, 0x30, 0xff, 0x0a]);
    const found = issue(bytes);
    expect(found).toMatchObject({ code: 'not-utf8', path: '第3行' });
    expect(found?.message).toContain('UTF-8');
  });

  it('accepts the occasional form feed of a PDF extraction', () => {
    expect(decodeText(encode('标题\f\n序号 |\n'.repeat(20))).ok).toBe(true);
  });
});
