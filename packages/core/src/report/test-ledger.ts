/**
 * Test factory: a small ledger of real tasks copied from the seed (弋江区 2023Q2), texts
 * shortened. Statuses and figures are set per test's needs, not taken from any computation.
 * Used by the report tests of core and formats; not exported from the package.
 */
import type { Ledger, LedgerTask, LedgerWarning } from '../ledger/types.ts';

const INHERITED_LEAD: LedgerWarning = {
  code: 'lead-inherited',
  message: '牵头责任单位取自上一行（合并单元格）',
  field: 'lead',
};
const INHERITED_CO: LedgerWarning = {
  code: 'co-inherited',
  message: '责任单位取自上一行（合并单元格）',
  field: 'co',
};

export function buildTask(overrides: Partial<LedgerTask> & Pick<LedgerTask, 'no'>): LedgerTask {
  return {
    section: '一',
    text: `任务${overrides.no}`,
    lead: [],
    co: [],
    progress: '',
    targets: [],
    actuals: [],
    status: { completion: null, expected: 0.5, light: 'grey' },
    warnings: [],
    ...overrides,
  };
}

const AUTO_CENTRE = '智能网联及新能源汽车招商中心成员单位';
const CHIP_CENTRE = '微电子及三代半导体招商中心成员单位';

export function buildTestTasks(): LedgerTask[] {
  return [
    buildTask({
      no: '1',
      text: '坚持壮大主导产业，积极构建“汽车链”推动“半导体链”、赋能“大数据链”、融合“现代服务链”的“多链协同”发展格局，向全球产业链、价值链中高端迈进',
      lead: ['区发改委'],
      co: [AUTO_CENTRE],
      progress: '上半年，智能网联及新能源汽车领域新签约项目18个，总投资140.55亿元。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
    buildTask({
      no: '2',
      text: '支持奇瑞新能源、奇瑞商用车做大做强，推进奇瑞新能源汽车四期项目尽快建成投产，2023年产值双双突破200亿元',
      lead: ['区发改委'],
      co: [AUTO_CENTRE],
      progress: '1-6月奇瑞商用车预计实现产值12亿元，增长5%；奇瑞新能源预计实现产值23亿元。',
      targets: [
        {
          metric: '产值',
          value: 20000000000,
          unit: '元',
          bound: 'min',
          source: '产值双双突破200亿元',
        },
      ],
      actuals: [{ metric: '产值', value: 2300000000, unit: '元', source: '预计实现产值23亿元' }],
      status: { completion: 0.115, expected: 0.5, light: 'red' },
    }),
    buildTask({
      no: '3',
      text: '支持舟之航总部建成投产，2023年产值力争突破100亿元',
      lead: ['区发改委'],
      co: [AUTO_CENTRE],
      progress:
        '加快推进舟之航总部基地及研发中心项目建设，目前正在进行主体施工。预计1-6月实现产值26亿元。',
      targets: [
        {
          metric: '产值',
          value: 10000000000,
          unit: '元',
          bound: 'min',
          source: '产值力争突破100亿元',
        },
      ],
      actuals: [
        { metric: '产值', value: 2600000000, unit: '元', source: '预计1-6月实现产值26亿元' },
      ],
      status: { completion: 0.26, expected: 0.5, light: 'yellow' },
    }),
    buildTask({
      no: '10',
      text: '支持长飞半导体扩大产能做大做强',
      lead: ['投资促进部'],
      co: [CHIP_CENTRE],
      progress: '目前，企业研发大楼已启用，正在落实二期合同的“一事一议”会议程序。',
      status: { completion: null, expected: 0.5, light: 'grey' },
    }),
    buildTask({
      no: '11',
      text: '推动义柏一期全尺寸晶圆载具生产线建成投产',
      lead: ['投资促进部'],
      co: [CHIP_CENTRE],
      progress: '一期项目92500平方米厂房建设完成，设备陆续进场，预计2023年8月试生产。',
      status: { completion: null, expected: 0.5, light: 'green' },
      warnings: [INHERITED_LEAD, INHERITED_CO],
    }),
    buildTask({
      no: '12',
      text: '支持芯塔电子、赛腾微电子提升车载芯片设计核心技术',
      lead: ['投资促进部'],
      co: [CHIP_CENTRE],
      progress: '芯塔电子推出多款650V-1700V具有自主知识产权SiC MOSFET。',
      status: { completion: null, expected: 0.5, light: 'done' },
      warnings: [INHERITED_LEAD, INHERITED_CO],
    }),
    buildTask({
      no: '14',
      text: '支持三只松鼠数字化转型和一二三产融合发展，支持“小鹿蓝蓝”等子品牌发展壮大',
      lead: ['区商务局'],
      co: ['区发改委', '区经信局', '区农水局'],
      progress: '三只松鼠已成功入选2023年度芜湖市工业互联网标杆示范企业。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
    buildTask({
      no: '58',
      section: '二',
      text: '把城市更新作为满足群众新期待、提升城市能级活力的主抓手，坚持全域更新、系统更新、有机更新',
      lead: ['规划建设部'],
      co: [],
      progress: '有序推进老旧小区改造，今年计划改造的6个小区已全部进场施工。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
    buildTask({
      no: '59',
      section: '二',
      text: '把握“三区三线”调整契机，开启弋江区“十四五”期间土地收储计划编制',
      lead: ['区征收办'],
      co: ['各有关街道'],
      progress:
        '积极推进地块征收工作，弋江区红花山路地块（顺启地块）出让红线内19户，已完成拆迁16户。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
    buildTask({
      no: '87',
      section: '三',
      text: '建立完善以群众满意度为导向的考核评价体系，高标准推进暖民心各项行动，全面提升群众满意度',
      lead: ['区发改委'],
      co: [],
      progress: '全区23年暖民心行动计划共计93个项目点位，目前已建成并运营点位73个。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
    buildTask({
      no: '88',
      section: '三',
      text: '新增城乡老年食堂、老年助餐点不少于15个',
      lead: ['区民政局'],
      co: ['各街道'],
      progress: '',
      targets: [
        {
          metric: '老年食堂、老年助餐点',
          value: 15,
          unit: '个',
          bound: 'min',
          source: '不少于15个',
        },
      ],
      status: { completion: 0, expected: 0.5, light: 'red' },
    }),
    buildTask({
      no: '116',
      section: '四',
      text: '树牢以实绩论英雄的鲜明导向，大力推行一线工作法，继续减轻基层负担',
      lead: ['区委组织部'],
      co: ['区督查办'],
      progress: '上半年纳入统计文件135件，同比下降41.8%；召开会议4次，同比下降25%。',
      status: { completion: null, expected: 0.5, light: 'green' },
    }),
  ];
}

export function buildTestLedger(tasks: LedgerTask[] = buildTestTasks()): Ledger {
  return {
    format: 'duban.ledger/1',
    title: '弋江区2023年二季度重点工作进展和完成情况',
    organization: '弋江区',
    period: { year: 2023, quarter: 2, label: '2023Q2' },
    sections: [
      { ordinal: '一', title: '以更实举措提升经济高质量发展质效' },
      { ordinal: '二', title: '以更高标准美化城市环境面貌' },
      { ordinal: '三', title: '以更优服务回应人民群众需求' },
      { ordinal: '四', title: '以更新姿态树立政府良好形象' },
    ],
    tasks,
    findings: [],
    warnings: [],
  };
}
