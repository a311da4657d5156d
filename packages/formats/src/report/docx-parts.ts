/**
 * Pieces shared by the .docx writers (report and notice): A4 pages, runs in the government
 * fonts with explicit East Asian faces, page numbers, packing with our font table.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Packer,
  PageNumber,
  PageOrientation,
  Paragraph,
  TextRun,
} from 'docx';
import type { IParagraphOptions, ISectionOptions } from 'docx';
import { buildFontTableXml } from './report-fonts.ts';
import type { ReportFonts } from './report-fonts.ts';

/** A4 in twentieths of a point, portrait. */
export const A4 = { width: 11906, height: 16838 } as const;

/** Font sizes in half-points, by their Chinese names. */
export const FONT_SIZE = {
  /** 二号 22pt: document titles. */
  er: 44,
  /** 三号 16pt: the text of a document. */
  san: 32,
  /** 四号 14pt: page numbers. */
  si: 28,
  /** 小四 12pt. */
  xiaoSi: 24,
  /** 五号 10.5pt: table text. */
  wu: 21,
} as const;

export type FontRole = 'title' | 'heading' | 'body';

export interface RunStyle {
  role?: FontRole;
  size?: number;
  color?: string;
}

/** A run whose East Asian face is set explicitly, marked as Simplified Chinese. */
export function createRun(fonts: ReportFonts, text: string, style: RunStyle = {}): TextRun {
  return new TextRun({
    text,
    font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts[style.role ?? 'body'] },
    language: { value: 'en-US', eastAsia: 'zh-CN' },
    ...(style.size === undefined ? {} : { size: style.size, sizeComplexScript: style.size }),
    ...(style.color === undefined ? {} : { color: style.color }),
  });
}

/** One paragraph per line of `text`: Word has no line breaks inside a run's text. */
export function createParagraphs(
  fonts: ReportFonts,
  text: string,
  style: RunStyle,
  paragraph: Omit<IParagraphOptions, 'children'> = {},
): Paragraph[] {
  return text
    .split('\n')
    .map((line) => new Paragraph({ ...paragraph, children: [createRun(fonts, line, style)] }));
}

/** `— 1 —` centred at the foot of every page, as government documents number them. */
export function createPageNumberFooter(fonts: ReportFonts): Footer {
  const font = { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.body };
  return new Footer({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new TextRun({
            children: ['— ', PageNumber.CURRENT, ' —'],
            font,
            size: FONT_SIZE.si,
          }),
        ],
      }),
    ],
  });
}

export interface PageLayout {
  orientation: 'portrait' | 'landscape';
  /** Margins in twentieths of a point. */
  margin: { top: number; right: number; bottom: number; left: number };
}

/** The width between the margins, in twentieths of a point. */
export function measureTextWidth(layout: PageLayout): number {
  const width = layout.orientation === 'landscape' ? A4.height : A4.width;
  return width - layout.margin.left - layout.margin.right;
}

export function createSection(
  fonts: ReportFonts,
  layout: PageLayout,
  children: ISectionOptions['children'],
): ISectionOptions {
  return {
    properties: {
      page: {
        size: {
          ...A4,
          orientation:
            layout.orientation === 'landscape'
              ? PageOrientation.LANDSCAPE
              : PageOrientation.PORTRAIT,
          code: 9,
        },
        margin: { ...layout.margin, header: 567, footer: 567 },
      },
    },
    footers: { default: createPageNumberFooter(fonts) },
    children,
  };
}

/**
 * Packs a document. The defaults (docDefaults) carry the fonts and language as well, so text a
 * person types into the document later looks like the rest.
 */
export async function packDocument(
  fonts: ReportFonts,
  title: string,
  sections: ISectionOptions[],
): Promise<Uint8Array> {
  const document = new Document({
    title,
    creator: '督办',
    styles: {
      default: {
        document: {
          run: {
            font: { ascii: fonts.latin, hAnsi: fonts.latin, eastAsia: fonts.body },
            language: { value: 'en-US', eastAsia: 'zh-CN' },
            size: FONT_SIZE.san,
          },
        },
      },
    },
    sections,
  });
  const buffer = await Packer.toBuffer(document, false, [
    { path: 'word/fontTable.xml', data: buildFontTableXml(fonts) },
  ]);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
