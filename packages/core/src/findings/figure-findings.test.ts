import { describe, expect, it } from 'vitest';
import { extractActuals } from '../figures/actuals.ts';
import { extractTargets } from '../figures/targets.ts';
import {
  findClaimsWithoutFigures,
  findConflictingFigures,
  findFigureFindings,
  findStaleProgress,
  findTargetsWithoutFigures,
  formatFigure,
} from './figure-findings.ts';

/** A task as the importer builds it: figures read from its own text and progress. */
function task(no: string, text: string, progress: string) {
  const targets = extractTargets(text);
  return { no, progress, targets, actuals: extractActuals(progress, targets) };
}

// Rows 35, 38, 100 and 103 of the seed (progress shortened to the sentences with figures).
const row35 = task(
  '35',
  '充分发挥高新区国家级双创示范基地优势,拿出更多硬招实招支持大学生创新创业',
  '2023年上半年,全区城镇新增就业14093人,新引进大学生8718人,开发公益性岗位285个,安置上岗人员118人。',
);
const row38 = task(
  '38',
  '力争全年新招引领军人才10名、高端人才100名、大学生1.5万名、高层次人才团队20个,打造人才集聚新高地',
  '上半年,已引育领军人才9人、高端人才94人,大学生9168人;引进第一批高层次人才团队5个,参加芜湖市第一批高层次科技人才团队路演答辩;第二批高层次人才团队正在申报中,预计招引12家团队。',
);
const row100 = task(
  '100',
  '统筹做好高校毕业生、城镇失业人员等群体就业工作',
  '2023年1-6月份,全区失业人员再就业2643人,就业困难人员再就业191人;失业人员帮扶就业率65.81%。新引进大学生8718人,城镇登记失业率低至1.12%。',
);
const row103 = task(
  '103',
  '争取全年新增城镇就业1.8万人,城镇登记失业率控制在4%以内,实现“零就业”家庭动态清零',
  '上半年,全区城镇新增就业14093人,城镇登记失业率1.12%。经过各类就业帮扶,全区实现“零就业”家庭清零。',
);
const row90 = task(
  '90',
  '新增公共停车位不少于9330个',
  '新建小区、商业体等城市停车泊位建设按序时推进。加快公共停车泊位建设,目前仓津新兴地块路边停车位、街头空闲地停车场、天子港周边停车场、马仁山路边停车位已全部完工;弋江嘉园临时停车场建设,7月19日已开标;南关小学临时停车场目前正在招标。',
);

describe('findConflictingFigures', () => {
  it('finds the seed’s newly attracted graduates: 8718 in rows 35 and 100, 9168 in row 38', () => {
    expect(findConflictingFigures([row35, row38, row100, row103])).toEqual([
      {
        kind: 'conflicting-figure',
        tasks: ['35', '38', '100'],
        message: '“大学生”在3项任务中的数字不一致：8718人（第35、100项），9168人（第38项）',
      },
    ]);
  });

  it('leaves agreeing figures, rates and names a row uses twice alone', () => {
    // 城镇新增就业14093人 in rows 35 and 103 agree; 城镇登记失业率 is a rate.
    expect(findConflictingFigures([row35, row103])).toEqual([]);
    // Rows 98 and 123 both say 已整改871处 and 正在整改14处: 整改 names two numbers.
    const row98 = task('98', '强化风险隐患排查治理', '已整改871处,正在整改14处。检查企业431家。');
    const row123 = task('123', '完善安全隐患整改机制', '已整改871处,正在整改14处。检查企业431家。');
    expect(findConflictingFigures([row98, row123])).toEqual([]);
  });
});

describe('findTargetsWithoutFigures', () => {
  it('finds row 90: a target of 9330 parking spaces, progress without a count', () => {
    expect(findTargetsWithoutFigures([row90, row103])).toEqual([
      {
        kind: 'no-figures',
        tasks: ['90'],
        message: '第90项任务有量化目标（新增公共停车位不少于9330个），但进展情况中没有可对照的数字',
      },
    ]);
  });

  it('leaves tasks without progress to missing-progress', () => {
    expect(findTargetsWithoutFigures([{ ...row90, progress: ' ' }])).toEqual([]);
  });
});

describe('findClaimsWithoutFigures', () => {
  it('finds row 90: parking lots reported finished, without a number of spaces', () => {
    const [finding] = findClaimsWithoutFigures([row90]);
    expect(finding?.kind).toBe('claim-without-figure');
    expect(finding?.message).toContain('已全部完工');
    expect(finding?.message).toContain('没有对应目标（新增公共停车位不少于9330个）的数字');
  });

  it('finds 已完成 while the figure is short of the target', () => {
    // Built on row 88: the unit reports 12 of the 15 canteens, and calls the work done.
    const row88 = task(
      '88',
      '新增城乡老年食堂、老年助餐点不少于15个',
      '截止目前,已建成12个助餐点(老年食堂),老年助餐点建设已全部完成。',
    );
    expect(findClaimsWithoutFigures([row88])).toEqual([
      {
        kind: 'claim-without-figure',
        tasks: ['88'],
        message:
          '第88项任务进展称“老年助餐点建设已全部完成”，但数字（12个）未达到目标（新增城乡老年食堂、老年助餐点不少于15个）',
      },
    ]);
  });

  it('does not read partial progress with its own number as a claim (row 88 as written)', () => {
    const row88 = task(
      '88',
      '新增城乡老年食堂、老年助餐点不少于15个',
      '截止目前,已建成12个助餐点(老年食堂),其余3个助餐点预计8月底前建成。',
    );
    expect(findClaimsWithoutFigures([row88])).toEqual([]);
    expect(findFigureFindings([row88])).toEqual([]);
  });
});

describe('findStaleProgress', () => {
  it('finds progress that is the same text as last period, spacing and punctuation width aside', () => {
    const previous = [
      { no: '63', progress: '仓津A地块和仓津C地块规划支路建设已完成。' },
      { no: '103', progress: '一季度,全区城镇新增就业6120人。' },
      { no: '90', progress: '' },
    ];
    const current = [
      { no: '63', progress: '仓津A地块和仓津C地块规划支路建设已完成 。' },
      { no: '103', progress: row103.progress },
      { no: '90', progress: '' },
      { no: '126', progress: '加强政府投资项目审核管理。' },
    ];
    expect(findStaleProgress(current, previous)).toEqual([
      { kind: 'stale-progress', tasks: ['63'], message: '第63项任务的进展情况与上期完全相同' },
    ]);
    expect(
      findStaleProgress(
        [{ no: '63', progress: '仓津A地块和仓津C地块规划支路建设已完成,' }],
        previous,
      ),
    ).toEqual([]);
  });
});

describe('formatFigure', () => {
  it('writes money in 万元 and 亿元', () => {
    expect(formatFigure(14055000000, '元')).toBe('140.55亿元');
    expect(formatFigure(4140000, '元')).toBe('414万元');
    expect(formatFigure(145.06, '元')).toBe('145.06元');
    expect(formatFigure(8718, '人')).toBe('8718人');
  });
});
