/**
 * A draft notice (通报) of the tasks behind expected progress, for the office to edit and send:
 * an A4 portrait document in the layout of government documents (GB/T 9704 margins, 三号仿宋,
 * 28 pt lines), the tasks grouped by how far behind they are.
 */
import { REPORT_LIGHT_FULL_LABELS, REPORT_LIGHT_LABELS, REPORT_LIGHT_ORDER } from '@duban/core';
import type { BehindTask, ReportModel } from '@duban/core';
import { AlignmentType, Paragraph } from 'docx';
import type { FileChild } from 'docx';
import { FONT_SIZE, createRun, createSection, packDocument } from './docx-parts.ts';
import type { PageLayout } from './docx-parts.ts';
import type { ReportFonts } from './report-fonts.ts';
import { resolveFonts } from './report-writer-options.ts';
import type { ReportWriterOptions } from './report-writer-options.ts';

export interface NoticeOptions extends ReportWriterOptions {
  /** The date under the signature, e.g. `2023年7月10日`; blank spaces to fill in otherwise. */
  date?: string;
  /** Who issues it; `<organization>人民政府办公室` otherwise. */
  issuer?: string;
}

/** GB/T 9704: top 37 mm, bottom 35 mm, left 28 mm, right 26 mm. */
const LAYOUT: PageLayout = {
  orientation: 'portrait',
  margin: { top: 2098, right: 1474, bottom: 1984, left: 1588 },
};

const ORDINALS = ['一', '二', '三', '四', '五'];
/** Room to write a number in by hand: two ideographic spaces. */
const BLANK = '\u3000\u3000';
/** Two characters of 三号 text. */
const INDENT = 640;
/** 28 pt lines, as the standard has them. */
const LINE = { line: 560, lineRule: 'exact' } as const;

function createText(
  fonts: ReportFonts,
  text: string,
  style: { role?: 'heading' | 'body'; indent?: boolean; align?: 'right' | 'left' } = {},
): Paragraph {
  return new Paragraph({
    alignment: style.align === 'right' ? AlignmentType.RIGHT : AlignmentType.BOTH,
    spacing: LINE,
    ...(style.indent === false ? {} : { indent: { firstLine: INDENT } }),
    children: [createRun(fonts, text, { role: style.role ?? 'body', size: FONT_SIZE.san })],
  });
}

function describeCounts(model: ReportModel): string {
  return REPORT_LIGHT_ORDER.map(
    (light) => `${REPORT_LIGHT_LABELS[light]}${model.counts[light]}项`,
  ).join('，');
}

function describeTask(fonts: ReportFonts, task: BehindTask, index: number): Paragraph[] {
  const units = [`牵头责任单位：${task.lead.join('、') || '未填写'}`];
  if (task.co.length > 0) units.push(`责任单位：${task.co.join('、')}`);
  const figures = task.figures.slice(0, -1);
  const status = [task.gapText, ...figures].join('；');
  return [
    createText(fonts, `${index}．任务${task.no}：${task.text}（${units.join('；')}）`),
    createText(fonts, `进度评价：${status}。`),
    createText(fonts, `进展情况：${task.progress === '' ? '本期未报送进展情况。' : task.progress}`),
  ];
}

function buildNotice(fonts: ReportFonts, model: ReportModel, options: NoticeOptions): FileChild[] {
  const children: FileChild[] = [];
  const addText = (text: string, style?: Parameters<typeof createText>[2]): void => {
    children.push(createText(fonts, text, style));
  };
  const title = `关于${model.periodText}重点工作进展滞后情况的通报`;
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: 'exact' },
      children: [createRun(fonts, title, { role: 'title', size: FONT_SIZE.er })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { ...LINE, after: 280 },
      children: [createRun(fonts, '（代拟稿）', { size: FONT_SIZE.san })],
    }),
  );
  addText('各有关单位：', { indent: false });
  const scope = model.subtitle === '' ? '' : `（范围：${model.subtitle}）`;
  const behind = model.behind;
  addText(
    `根据各单位报送的${model.periodText}重点工作进展情况，经汇总分析，纳入督办的重点工作共${model.counts.total}项${scope}，其中${describeCounts(model)}。` +
      (behind.length === 0
        ? '本期所有可评价的任务均达到序时进度，没有进展滞后的任务。'
        : `现将进展滞后于序时进度的${behind.length}项任务通报如下。`),
  );
  let section = 0;
  const heading = (text: string): void => {
    addText(`${ORDINALS[section] ?? String(section + 1)}、${text}`, { role: 'heading' });
    section += 1;
  };
  let index = 0;
  for (const light of ['red', 'yellow'] as const) {
    const tasks = behind.filter((t) => t.light === light);
    if (tasks.length === 0) continue;
    heading(`${REPORT_LIGHT_FULL_LABELS[light]}的任务（${tasks.length}项）`);
    for (const task of tasks) {
      index += 1;
      children.push(...describeTask(fonts, task, index));
    }
  }
  const issuer = options.issuer ?? `${model.organization}人民政府办公室`;
  if (behind.length > 0) {
    heading('工作要求');
    addText(
      '请上述任务的牵头责任单位认真分析滞后原因，逐项制定整改措施，明确时间节点，加快推进进度，' +
        `并于${BLANK}月${BLANK}日前将整改情况书面报送${issuer}（督查室）。各责任单位要主动配合，形成工作合力，确保全年目标任务按期完成。`,
    );
  }
  children.push(new Paragraph({ spacing: LINE, children: [] }));
  addText(issuer, { indent: false, align: 'right' });
  addText(options.date ?? `${BLANK}年${BLANK}月${BLANK}日`, { indent: false, align: 'right' });
  return children;
}

/**
 * Writes the draft notice of the tasks behind (yellow and red lights) among those the model's
 * section and unit filters chose.
 *
 * @example
 * ```ts
 * const bytes = await writeNoticeDocx(buildReportModel(ledger), { date: '2023年7月10日' });
 * ```
 */
export async function writeNoticeDocx(
  model: ReportModel,
  options: NoticeOptions = {},
): Promise<Uint8Array> {
  const fonts = resolveFonts(options);
  const children = buildNotice(fonts, model, options);
  return packDocument(fonts, `关于${model.periodText}重点工作进展滞后情况的通报`, [
    createSection(fonts, LAYOUT, children),
  ]);
}
