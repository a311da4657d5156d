import { describe, expect, it } from 'vitest';
import { parseXml } from '../shared/xml.ts';
import { NumberingCounter, readNumberingDefinitions } from './numbering.ts';

const NUMBERING = `<w:numbering xmlns:w="urn:w">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="●"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
  <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>`;

const STYLES = `<w:styles xmlns:w="urn:w">
  <w:style w:styleId="TaskItem"><w:pPr><w:numPr><w:numId w:val="1"/><w:ilvl w:val="2"/></w:numPr></w:pPr></w:style>
  <w:style w:styleId="TaskItemBold"><w:basedOn w:val="TaskItem"/></w:style>
</w:styles>`;

function properties(numId: string | undefined, level = 0, style?: string) {
  const numPr =
    numId === undefined
      ? ''
      : `<w:numPr><w:ilvl w:val="${level}"/><w:numId w:val="${numId}"/></w:numPr>`;
  const pStyle = style === undefined ? '' : `<w:pStyle w:val="${style}"/>`;
  return parseXml(`<w:pPr xmlns:w="urn:w">${pStyle}${numPr}</w:pPr>`);
}

describe('NumberingCounter', () => {
  it('replays multi-level Chinese and decimal numbering, restarting deeper levels', () => {
    const counter = new NumberingCounter(
      readNumberingDefinitions(parseXml(NUMBERING), parseXml(STYLES)),
    );
    const labels = [
      counter.labelFor(properties('1', 0)),
      counter.labelFor(properties('1', 1)),
      counter.labelFor(properties('1', 2)),
      counter.labelFor(properties(undefined, 0, 'TaskItemBold')),
      counter.labelFor(properties('1', 1)),
      counter.labelFor(properties('1', 2)),
      counter.labelFor(properties('2', 0)),
      counter.labelFor(properties('1', 0)),
      counter.labelFor(properties('1', 2)),
      // A second list over the same definition restarts where its override says.
      counter.labelFor(properties('3', 2)),
      counter.labelFor(properties('0', 0)),
      counter.labelFor(undefined),
    ];
    expect(labels).toEqual([
      '一、',
      '（一）',
      '1.',
      '2.',
      '（二）',
      '1.',
      '',
      '二、',
      '1.',
      '1.',
      '',
      '',
    ]);
  });
});
