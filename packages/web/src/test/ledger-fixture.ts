import type { LedgerView, PlanDto, TaskDetail, TaskRow, UnitRef, User } from '@duban/core';

/**
 * Four tasks copied from the seed ledger (fixtures/seed/yijiang-2023q2.txt): 2 and 11 from
 * section 一 (11's unit cells are merged with 10's in the source, so both are inferred), 58 from
 * 二 (no 责任单位) and 117 from 四 (two lead units). Section 三 has no task here on purpose.
 */
export const SEED_SECTIONS = [
  { ordinal: '一', title: '以更实举措提升经济高质量发展质效' },
  { ordinal: '二', title: '以更高标准美化城市环境面貌' },
  { ordinal: '三', title: '以更优服务回应人民群众需求' },
  { ordinal: '四', title: '以更新姿态树立政府良好形象' },
];

export const SEED_UNITS: UnitRef[] = [
  { id: 1, name: '区发改委' },
  { id: 2, name: '智能网联及新能源汽车招商中心成员单位' },
  { id: 3, name: '投资促进部' },
  { id: 4, name: '微电子及三代半导体招商中心成员单位' },
  { id: 5, name: '规划建设部' },
  { id: 6, name: '区审计局' },
  { id: 7, name: '区财政局' },
  { id: 8, name: '区纪委监委机关' },
];

function findUnits(...names: string[]): UnitRef[] {
  return names.map((name) => {
    const unit = SEED_UNITS.find((candidate) => candidate.name === name);
    if (!unit) throw new Error(`fixture unit missing: ${name}`);
    return unit;
  });
}

export function buildTaskRow(fields: Partial<TaskRow> & Pick<TaskRow, 'id' | 'no'>): TaskRow {
  return {
    section: '一',
    text: '',
    lead: [],
    co: [],
    progress: null,
    inferred: { lead: false, co: false },
    warnings: [],
    ...fields,
  };
}

export const SEED_TASKS: TaskRow[] = [
  buildTaskRow({
    id: 2,
    no: '2',
    section: '一',
    text: '支持奇瑞新能源、奇瑞商用车做大做强,推进奇瑞新能源汽车四期项目尽快建成投产,推动奇瑞商用车在氢燃料电池汽车领域取得更大突破,2023年产值双双突破200亿元',
    lead: findUnits('区发改委'),
    co: findUnits('智能网联及新能源汽车招商中心成员单位'),
    // As the importer words it for this cell, split over three lines in the source.
    warnings: [
      {
        code: 'unit-joined',
        message:
          '“智能网联及新能源”“汽车招商中心”“成员单位”合为一个单位“智能网联及新能源汽车招商中心成员单位”（文中别处连写为一个名称），请核对',
        field: 'co',
      },
    ],
    progress:
      '支持奇瑞新能源申报国家企业技术中心分中心,近期正在编写申报书。奇瑞新能源四期项目加快建设,车身车间室内消防、照明、管道等安装工作、车间地面打磨已基本完成,室内设备基础钢筋已完成,室外基础桩机完成60%;总装车间室内垫层浇筑已基本完成;研发中心1-6层已全部完成验收,四层墙体砌筑已完成,五层墙体砌筑已完成60%;食堂已完成结构封顶、验收,一层墙体砌筑已完成70%;奇瑞商用车研制全新车型捷途旅行者,加快打造加氢站示范作用,推动氢燃料电池汽车研制研发。1-6月奇瑞商用车预计实现产值12亿元,增长5%;奇瑞新能源预计实现产值23亿元。',
  }),
  buildTaskRow({
    id: 11,
    no: '11',
    section: '一',
    text: '推动义柏一期全尺寸晶圆载具生产线建成投产',
    lead: findUnits('投资促进部'),
    co: findUnits('微电子及三代半导体招商中心成员单位'),
    progress:
      '一期项目92500平方米厂房建设完成,设备陆续进场,预计2023年8月试生产,2023年底前实现达规,在晶圆载具市场进入全球前三。2024年下半年启动二期保税区仓库建设。',
    inferred: { lead: true, co: true },
    warnings: [
      { code: 'lead-inherited', message: '牵头责任单位取自上一行（合并单元格）', field: 'lead' },
      { code: 'co-inherited', message: '责任单位取自上一行（合并单元格）', field: 'co' },
    ],
  }),
  buildTaskRow({
    id: 58,
    no: '58',
    section: '二',
    text: '把城市更新作为满足群众新期待、提升城市能级活力的主抓手,坚持全域更新、系统更新、有机更新,顺应群众对宜居宜业城市环境的期待',
    lead: findUnits('规划建设部'),
    progress:
      '有序推进老旧小区改造,今年计划改造的6个小区已全部进场施工,基本完成地下部分改造内容,正在进行地上部分改造,预计9-10月份全面完工。仓津A地块规划支路、仓津C地块支路、新兴路北段己完工。辖区内污水管网移交至芜湖市三峡二期水环境综合治理有限责任公司进行常态化管理。',
  }),
  buildTaskRow({
    id: 117,
    no: '117',
    section: '四',
    text: '充分发挥审计监督“治已病、防未病”作用,持续压减“三公”经费支出',
    lead: findUnits('区审计局', '区财政局'),
    co: findUnits('区纪委监委机关'),
    progress:
      '完成2023年第一、二季度的跟踪审计报告,总体反映我区“安心托幼”“老年助餐”政策落实及资金管理使用情况较好。正在开展区教育局、区农水局、区人社局、西湾园区、区信访局5个经济责任审计项目。推进弋江区2022年本级预算执行和其他财政收支情况审计和部门预算执行审计,对我区一级预算单位及其下属单位进行了预算执行数据采集、全面分析。不定期的对各预算单位的”三公经费“支出情况进行通报,督促单位加强压减力度。二季度“三公经费”支出比去年同期下降8%。',
  }),
];

export const SEED_PLAN: PlanDto = {
  id: 1,
  title: '弋江区2023年重点工作',
  organization: '弋江区',
  year: 2023,
  periods: [
    { id: 1, label: '2023Q1', year: 2023, quarter: 1 },
    { id: 2, label: '2023Q2', year: 2023, quarter: 2 },
  ],
};

export function buildUser(fields: Partial<User> = {}): User {
  return {
    id: 1,
    username: 'admin',
    displayName: '督查室管理员',
    role: 'admin',
    organization: { id: 1, name: '弋江区人民政府办公室' },
    unit: null,
    mustChangePassword: false,
    ...fields,
  };
}

function matchesQuery(task: TaskRow, q: string): boolean {
  const haystack = [
    task.text,
    task.progress ?? '',
    ...[...task.lead, ...task.co].map((u) => u.name),
  ];
  return haystack.some((text) => text.includes(q));
}

/**
 * The view the server would answer for these query params, filtering like the real one
 * (section, unit with its role, text search), so the page is tested against what it asked for.
 */
export function buildLedgerView(params: URLSearchParams = new URLSearchParams()): LedgerView {
  const periodLabel = params.get('period') ?? '2023Q2';
  const period = SEED_PLAN.periods.find((p) => p.label === periodLabel) ?? SEED_PLAN.periods[1];
  if (!period) throw new Error('fixture plan has no periods');
  const section = params.get('section');
  const unit = params.get('unit');
  const role = params.get('unitRole') ?? 'any';
  const q = params.get('q');
  const tasks = SEED_TASKS.filter((task) => {
    if (section !== null && task.section !== section) return false;
    if (unit !== null) {
      const id = Number(unit);
      const lead = task.lead.some((u) => u.id === id);
      const co = task.co.some((u) => u.id === id);
      if (role === 'lead' ? !lead : role === 'co' ? !co : !lead && !co) return false;
    }
    return q === null || matchesQuery(task, q);
  });
  return {
    plan: SEED_PLAN,
    period,
    sections: SEED_SECTIONS,
    units: SEED_UNITS,
    tasks,
    total: SEED_TASKS.length,
  };
}

export function buildTaskDetail(id: number): TaskDetail | undefined {
  const task = SEED_TASKS.find((candidate) => candidate.id === id);
  if (!task) return undefined;
  const section = SEED_SECTIONS.find((candidate) => candidate.ordinal === task.section);
  return {
    ...task,
    plan: SEED_PLAN,
    sectionTitle: section?.title ?? '',
    extra: { 完成时限: '2023年12月底' },
    history:
      task.progress === null
        ? []
        : [
            {
              period: '2023Q2',
              text: task.progress,
              version: 2,
              updatedAt: '2023-07-10T02:30:00.000Z',
              author: '区发改委填报员',
            },
            {
              period: '2023Q1',
              text: '一季度进展（导入）',
              version: 1,
              updatedAt: '2023-04-08T01:00:00.000Z',
              author: null,
            },
          ],
  };
}
