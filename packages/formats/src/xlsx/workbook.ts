/**
 * The workbook-level parts of an .xlsx: sheet names and where they live, shared strings,
 * number formats and the date system. Everything a worksheet needs to turn its cells into text.
 */
import type { Result } from '@duban/core';
import { ok } from '@duban/core';
import { failWith, quote } from '../shared/issues.ts';
import {
  findMainPart,
  hasRelationshipType,
  readRelationships,
  readXmlPart,
} from '../shared/opc.ts';
import { childElements, findChild, isElement } from '../shared/xml.ts';
import type { XmlElement } from '../shared/xml.ts';
import type { ZipArchive } from '../shared/zip.ts';
import { findBuiltinCode } from './number-format.ts';
import type { NumberFormat } from './number-format.ts';

export interface SheetInfo {
  name: string;
  /** The worksheet part, or undefined for a chart sheet or a broken relationship. */
  path: string | undefined;
  hidden: boolean;
}

export interface Workbook {
  archive: ZipArchive;
  sheets: SheetInfo[];
  /** The sheet that was open when the workbook was saved. */
  activeIndex: number;
  sharedStrings: string[];
  /** Number format per cell style index (`s` attribute). */
  formats: NumberFormat[];
  date1904: boolean;
}

export function readWorkbook(archive: ZipArchive): Result<Workbook> {
  const main = findMainPart(archive, 'xl/workbook.xml');
  if (!main.ok) return main;
  if (main.value === undefined) {
    return failWith(
      'not-xlsx',
      `文件${quote(archive.name)}不是 Excel 工作簿（.xlsx）：压缩包中没有工作簿。如果它是 Word 文档，请改用 .docx 扩展名`,
    );
  }
  const workbookPath = main.value;
  const xml = readXmlPart(archive, workbookPath);
  if (!xml.ok) return xml;
  const rels = readRelationships(archive, workbookPath);
  if (!rels.ok) return rels;
  if (xml.value?.name === 'document') {
    return failWith(
      'not-xlsx',
      `文件${quote(archive.name)}是 Word 文档，不是 Excel 工作簿。请改用 .docx 扩展名`,
    );
  }
  if (xml.value?.name !== 'workbook') {
    return failWith(
      'not-xlsx',
      `文件${quote(archive.name)}不是 Excel 工作簿（.xlsx）：缺少工作簿内容`,
    );
  }
  const workbook = xml.value;

  const byId = new Map(rels.value.map((rel) => [rel.id, rel]));
  const sheets = childElements(findChild(workbook, 'sheets') ?? workbook, 'sheet').map(
    (sheet): SheetInfo => {
      const rel = byId.get(sheet.attrs.id ?? '');
      const isWorksheet = rel !== undefined && hasRelationshipType(rel, 'worksheet');
      return {
        name: sheet.attrs.name ?? '',
        path: isWorksheet && !rel.external ? rel.target : undefined,
        hidden: sheet.attrs.state === 'hidden' || sheet.attrs.state === 'veryHidden',
      };
    },
  );
  const view = findChild(findChild(workbook, 'bookViews') ?? workbook, 'workbookView');
  const activeIndex = Number(view?.attrs.activeTab ?? '0');
  const properties = findChild(workbook, 'workbookPr');
  const date1904 = properties?.attrs.date1904 === '1' || properties?.attrs.date1904 === 'true';

  const sharedPath = rels.value.find((rel) => hasRelationshipType(rel, 'sharedStrings'))?.target;
  const stylesPath = rels.value.find((rel) => hasRelationshipType(rel, 'styles'))?.target;
  const sharedStrings = sharedPath === undefined ? ok([]) : readSharedStrings(archive, sharedPath);
  if (!sharedStrings.ok) return sharedStrings;
  const formats = stylesPath === undefined ? ok([]) : readFormats(archive, stylesPath);
  if (!formats.ok) return formats;

  return ok({
    archive,
    sheets,
    activeIndex: Number.isInteger(activeIndex) ? activeIndex : 0,
    sharedStrings: sharedStrings.value,
    formats: formats.value,
    date1904,
  });
}

function readSharedStrings(archive: ZipArchive, path: string): Result<string[]> {
  const xml = readXmlPart(archive, path);
  if (!xml.ok) return xml;
  if (xml.value === undefined) return ok([]);
  return ok(childElements(xml.value, 'si').map(readRichText));
}

/**
 * The text of a string item (`<si>`, `<is>`): its runs' `<t>` elements, without phonetic
 * guides (`<rPh>`), with OOXML's `_x000D_` escapes decoded.
 */
export function readRichText(element: XmlElement): string {
  let text = '';
  const visit = (node: XmlElement): void => {
    for (const child of node.children) {
      if (!isElement(child)) continue;
      if (child.name === 't') {
        for (const part of child.children) if (!isElement(part)) text += part;
      } else if (child.name !== 'rPh' && child.name !== 'phoneticPr') {
        visit(child);
      }
    }
  };
  visit(element);
  return decodeOoxmlEscapes(text);
}

/** `_x000D_` → CR, `_x005F_x000D_` → the literal `_x000D_`. */
export function decodeOoxmlEscapes(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/gu, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

function readFormats(archive: ZipArchive, path: string): Result<NumberFormat[]> {
  const xml = readXmlPart(archive, path);
  if (!xml.ok) return xml;
  if (xml.value === undefined) return ok([]);
  const custom = new Map<number, string>();
  for (const format of childElements(findChild(xml.value, 'numFmts') ?? xml.value, 'numFmt')) {
    custom.set(Number(format.attrs.numFmtId), format.attrs.formatCode ?? '');
  }
  const xfs = childElements(findChild(xml.value, 'cellXfs') ?? xml.value, 'xf');
  return ok(
    xfs.map((xf) => {
      const id = Number(xf.attrs.numFmtId ?? '0');
      return { id, code: custom.get(id) ?? findBuiltinCode(id) };
    }),
  );
}
