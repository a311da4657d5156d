import { describe, expect, it } from 'vitest';
import { extractActuals, extractProgressFigures } from './actuals.ts';
import { extractTargets } from './targets.ts';

/** [value, unit] of each figure, for compact expectations. */
function values(figures: readonly { value: number; unit: string }[]): [number, string][] {
  return figures.map((f) => [f.value, f.unit]);
}

describe('extractActuals on progress texts of the seed', () => {
  it('reads task 103 as the contract shows, taking the target metric when given the targets', () => {
    const targets = extractTargets('争取全年新增城镇就业1.8万人,城镇登记失业率控制在4%以内');
    const progress =
      '上半年,全区城镇新增就业14093人,城镇登记失业率1.12%。经过各类就业帮扶,全区实现“零就业”家庭清零。';
    expect(extractActuals(progress, targets)).toEqual([
      { metric: '新增城镇就业', value: 14093, unit: '人', source: '全区城镇新增就业14093人' },
      { metric: '城镇登记失业率', value: 1.12, unit: '%', source: '城镇登记失业率1.12%' },
    ]);
    // Without targets the metric is the text's own.
    expect(extractActuals(progress)[0]?.metric).toBe('城镇新增就业');
  });

  it('tells forecasts from actuals, also in the clause after a forecast (task 2)', () => {
    const { actuals, forecasts } = extractProgressFigures(
      '室外基础桩机完成60%;总装车间室内垫层浇筑已基本完成。1-6月奇瑞商用车预计实现产值12亿元,增长5%;奇瑞新能源预计实现产值23亿元。',
    );
    expect(values(actuals)).toEqual([[60, '%']]);
    expect(values(forecasts)).toEqual([
      [1200000000, '元'],
      [5, '%'],
      [2300000000, '元'],
    ]);
  });

  it('stops a plan at a clause that reports what is done (tasks 87, 112)', () => {
    // The size of the plan (计划共计93个) is neither an actual nor a forecast.
    const plan = extractProgressFigures(
      '全区23年暖民心行动计划共计93个项目点位,目前已建成并运营点位73个。',
    );
    expect(values(plan.forecasts)).toEqual([]);
    expect(values(plan.actuals)).toEqual([[73, '个']]);
    const { actuals, forecasts } = extractProgressFigures(
      '新增1所普惠性民办园,预计2023年秋季公办园在园幼儿占比60%,普惠性幼儿园覆盖率达90%。',
    );
    expect(values(actuals)).toEqual([[1, '所']]);
    expect(values(forecasts)).toEqual([
      [60, '%'],
      [90, '%'],
    ]);
  });

  it('reads 预计 after the number in its clause (task 88) and 计划 before it (task 58)', () => {
    expect(
      values(extractActuals('截止目前,已建成12个助餐点(老年食堂),其余3个助餐点预计8月底前建成。')),
    ).toEqual([[12, '个']]);
    expect(extractActuals('今年计划改造的6个小区已全部进场施工,基本完成地下部分改造内容')).toEqual(
      [],
    );
  });

  it('does not take 计划生育 for a plan (task 106)', () => {
    expect(
      values(
        extractActuals(
          '免费为60岁以上低保、分散特困、计划生育特殊家庭和独居老人提供一次身体能力评估,评估进度完成70%;',
        ),
      ),
    ).toEqual([[70, '%']]);
  });

  it('leaves out the size of projects, capacities and distributive counts', () => {
    // Task 64: 工程共16.9公里 is the project, 已完成4.76公里 the progress.
    expect(
      values(
        extractActuals(
          '省级民生工程2023年农村公路联网路工程共16.9 公里,目前已完成4.76公里,省级民生工程2023年农村路养护工程共6公里,已进场施工',
        ),
      ),
    ).toEqual([[4.76, '公里']]);
    // Task 42: the 9000亩 names the project.
    expect(extractActuals('2023年9000亩高标准农田建设项目已完成初步设计方案编制')).toEqual([]);
    // Task 18: a plant's yearly capacity.
    expect(
      values(
        extractActuals(
          '集中签约国威通年产50万套新能源汽车线束高低压系列等研发、生产项目,拜访企业10家',
        ),
      ),
    ).toEqual([[10, '家']]);
    // Task 82: 各1个 repeats the counts before it.
    expect(
      values(extractActuals('2个国控断面(漳河、青弋江各1个)均已建设水质自动监测站点')),
    ).toEqual([[2, '个']]);
  });

  it('names a ratio or amount after the figure before it (tasks 94, 99)', () => {
    const figures = extractActuals(
      '大病补充保险享受待遇2742人次,支出928.9万元;兑付高校毕业生一次性就业补贴83人、24.9万元;',
    );
    expect(figures.map((f) => [f.metric, f.value])).toEqual([
      ['大病补充保险享受待遇', 2742],
      ['大病补充保险享受待遇支出', 9289000],
      ['兑付高校毕业生一次性就业补贴', 83],
      ['兑付高校毕业生一次性就业补贴', 249000],
    ]);
  });

  it('reads several actuals of one text, quantifiers excluded (task 1)', () => {
    expect(
      values(
        extractActuals(
          '上半年,智能网联及新能源汽车领域新签约项目18个,总投资140.55亿元。其中亿元项目16个,5亿元以上项目2个,10亿元及以上项目1个,50亿元以上项2个。',
        ),
      ),
    ).toEqual([
      [18, '个'],
      [14055000000, '元'],
      [16, '个'],
      [2, '个'],
      [1, '个'],
      [2, '个'],
    ]);
  });

  it('finds nothing in progress without figures (task 90)', () => {
    expect(
      extractActuals(
        '新建小区、商业体等城市停车泊位建设按序时推进。加快公共停车泊位建设,目前仓津新兴地块路边停车位已全部完工;火龙小马路临时货车停车场,7月6日进场,工期一个月;',
      ),
    ).toEqual([]);
  });
});
