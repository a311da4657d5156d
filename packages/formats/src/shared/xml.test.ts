import { describe, expect, it } from 'vitest';
import { collectText, findChild, MAX_DEPTH, parseXml, XmlError } from './xml.ts';

describe('parseXml', () => {
  it('keeps elements by local name, decodes entities and CDATA', () => {
    const root = parseXml(
      '<?xml version="1.0"?><!-- note --><x:sst xmlns:x="urn:x" count="2"><x:si><x:t xml:space="preserve"> A&amp;B &#x4E00;&#20108; </x:t></x:si><x:si><x:t><![CDATA[<三>]]></x:t></x:si></x:sst>',
    );
    expect(root.name).toBe('sst');
    expect(root.attrs).toEqual({ count: '2' });
    expect(root.children.map((si) => (typeof si === 'string' ? si : collectText(si)))).toEqual([
      ' A&B 一二 ',
      '<三>',
    ]);
    expect(findChild(root, 'si')?.attrs).toEqual({});
  });

  it('reads attribute values holding > and quotes of the other kind', () => {
    const root = parseXml(`<a title='x > "y"' b="1"/>`);
    expect(root.attrs).toEqual({ title: 'x > "y"', b: '1' });
  });

  it('refuses DTDs and malformed documents', () => {
    expect(() => parseXml('<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')).toThrow(XmlError);
    expect(() => parseXml('<a><b></a>')).toThrow(XmlError);
    expect(() => parseXml('<a><b/>')).toThrow(XmlError);
    expect(() => parseXml('just text')).toThrow(XmlError);
  });

  it('refuses nesting deeper than the walkers may recurse, and accepts it up to the limit', () => {
    const nested = (depth: number) => `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    expect(parseXml(nested(MAX_DEPTH)).name).toBe('a');
    expect(() => parseXml(nested(MAX_DEPTH + 1))).toThrow(/嵌套超过/u);
    expect(() => parseXml(nested(100_000))).toThrow(XmlError);
  });
});
