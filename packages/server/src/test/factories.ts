import {
  analyseLedger,
  computeExpectedProgress,
  LEDGER_FORMAT,
  type Ledger,
  type LedgerTask,
  type PeriodRef,
} from '@duban/core';

const PERIOD_2023Q2: PeriodRef = { year: 2023, quarter: 2, label: '2023Q2' };

/** A task as the parser produces it, before analyseLedger reads its figures. */
export function buildTask(
  overrides: Partial<LedgerTask> & Pick<LedgerTask, 'no'>,
  period: PeriodRef = PERIOD_2023Q2,
): LedgerTask {
  return {
    section: '一',
    text: `第${overrides.no}项重点工作`,
    lead: ['区发改委'],
    co: [],
    progress: '',
    targets: [],
    actuals: [],
    status: { completion: null, expected: computeExpectedProgress(period), light: 'grey' },
    warnings: [],
    ...overrides,
  };
}

/**
 * A small, realistic ledger: two sections, Chinese text, several units per cell, units rebuilt
 * from merged cells (lead-/co-inherited), an extra column, a task without progress, and a
 * ledger-level warning. Figures, status and findings are computed by core's analyseLedger, as
 * `duban import` does before storing.
 */
export function buildLedger(
  overrides: { organization?: string; period?: PeriodRef; tasks?: LedgerTask[] } = {},
): Ledger {
  const period = overrides.period ?? PERIOD_2023Q2;
  const task = (fields: Partial<LedgerTask> & Pick<LedgerTask, 'no'>): LedgerTask =>
    buildTask(fields, period);
  const tasks = overrides.tasks ?? [
    task({
      no: '1',
      text: '支持奇瑞新能源、奇瑞商用车做大做强，2023年产值双双突破200亿元',
      lead: ['区发改委'],
      co: ['智能网联及新能源汽车招商中心成员单位'],
      progress:
        '奇瑞新能源四期项目加快建设，总装车间室内垫层浇筑已基本完成；1-6月奇瑞新能源预计实现产值23亿元。',
    }),
    task({
      no: '2',
      text: '加快数字经济发展，全年新增规模以上工业企业10家',
      lead: ['区发改委'],
      co: ['区经信局', '区科技局'],
      progress: '上半年新增规上工业企业4家，数字经济核心产业增加值增长12%。',
      warnings: [
        {
          code: 'lead-inherited',
          message: '牵头责任单位取自上一行（合并单元格）',
          field: 'lead',
          ref: { line: 17 },
        },
      ],
    }),
    task({
      no: '3',
      text: '推进长江路商圈提质升级，社会消费品零售总额增长8%',
      lead: ['区商务局'],
      co: ['区文旅局', '弋江经济开发区'],
      progress: '举办“夏夜弋江”消费季活动12场，上半年社零总额增长7.6%。',
      extra: { 完成时限: '2023年12月' },
    }),
    task({
      no: '4',
      section: '二',
      text: '实施就业优先战略，争取全年新增城镇就业1.8万人',
      lead: ['区人社局'],
      co: ['各街道'],
      progress: '全区城镇新增就业14093人，完成年度目标的78%。',
    }),
    task({
      no: '5',
      section: '二',
      text: '新建改造城市停车位不少于930个',
      lead: ['区住建局'],
      co: ['各街道'],
      progress: '',
      warnings: [
        {
          code: 'co-inherited',
          message: '责任单位取自上一行（合并单元格）',
          field: 'co',
          ref: { line: 31 },
        },
      ],
    }),
  ];
  return analyseLedger({
    format: LEDGER_FORMAT,
    title: `示范区${period.year}年第${period.quarter}季度重点工作进展和完成情况`,
    organization: overrides.organization ?? '示范区',
    period,
    sections: [
      { ordinal: '一', title: '以更实举措提升经济高质量发展质效' },
      { ordinal: '二', title: '以更暖温度增进民生福祉' },
    ],
    tasks,
    findings: [],
    warnings: [{ code: 'extra-column', message: '表格中有一列“完成时限”，已原样保留' }],
  });
}

/** The ledger with task `no` changed; the other tasks as they were. */
export function changeTask(ledger: Ledger, no: string, changes: Partial<LedgerTask>): Ledger {
  if (!ledger.tasks.some((task) => task.no === no)) throw new Error(`no task ${no}`);
  const tasks = ledger.tasks.map((task) => (task.no === no ? { ...task, ...changes } : task));
  return analyseLedger({ ...ledger, tasks });
}
