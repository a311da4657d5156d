import { describe, expect, it } from 'vitest';
import type { Target } from '../ledger/types.ts';
import { extractTargets } from './targets.ts';

/** [metric, value, unit, bound] of each target, for compact expectations. */
function read(text: string): [string, number, string, Target['bound']][] {
  return extractTargets(text).map((t) => [t.metric, t.value, t.unit, t.bound]);
}

describe('extractTargets on task texts of the seed', () => {
  it('reads task 103: a floor with 争取, a ceiling with 控制在…以内, and the source fragment', () => {
    const text = '争取全年新增城镇就业1.8万人,城镇登记失业率控制在4%以内,实现“零就业”家庭动态清零';
    expect(extractTargets(text)).toEqual([
      {
        metric: '新增城镇就业',
        value: 18000,
        unit: '人',
        bound: 'min',
        source: '争取全年新增城镇就业1.8万人',
      },
      {
        metric: '城镇登记失业率',
        value: 4,
        unit: '%',
        bound: 'max',
        source: '城镇登记失业率控制在4%以内',
      },
    ]);
  });

  it('reads task 27: two targets joined by 、, each with its own 不少于', () => {
    expect(
      read(
        '继续实施高新技术企业倍增行动计划,争取年内新增高新技术企业不少于60家、科技型中小企业不少于500家',
      ),
    ).toEqual([
      ['新增高新技术企业', 60, '家', 'min'],
      ['科技型中小企业', 500, '家', 'min'],
    ]);
  });

  it('reads task 37: 力争 reaches every figure of its sentence; 10亿元以上 only qualifies', () => {
    expect(
      read(
        '着力引进一批战略性、标志性、引领性的优秀项目,力争招引亿元以上项目120个,10亿元以上项目20个,50亿元以上项目2个,总投资额达到600亿元',
      ),
    ).toEqual([
      ['招引亿元以上项目', 120, '个', 'min'],
      ['10亿元以上项目', 20, '个', 'min'],
      ['50亿元以上项目', 2, '个', 'min'],
      ['总投资额', 60000000000, '元', 'min'],
    ]);
  });

  it('reads task 112: a bound word counts in its own clause only', () => {
    expect(
      read(
        '加大学前教育投入,改造中御公馆等6所幼儿园,增加学位2520个,将公办园比例提升至60%,普惠性幼儿园覆盖率提升至90%',
      ),
    ).toEqual([
      ['改造幼儿园', 6, '所', 'exact'],
      ['增加学位', 2520, '个', 'min'],
      ['公办园比例', 60, '%', 'min'],
      ['普惠性幼儿园覆盖率', 90, '%', 'min'],
    ]);
  });

  it('names the noun after the number when the words before it list places (task 65)', () => {
    expect(read('全面建设公园城区,提升三潭公园环境品质,新建弋江桥桥下、李巷等4座口袋公园')).toEqual(
      [['新建口袋公园', 4, '座', 'exact']],
    );
  });

  it('reads 以上 after the number as a floor (tasks 52, 79) and 争创 as one (task 76)', () => {
    expect(read('力争规上工业企业亩均税收增长10%以上,一手抓“亩均效益”')).toEqual([
      ['规上工业企业亩均税收增长', 10, '%', 'min'],
    ]);
    expect(read('争创4个“皖美红色物业”示范小区,打造1家金牌物业企业')).toEqual([
      ['争创皖美红色物业示范小区', 4, '个', 'min'],
      ['打造金牌物业企业', 1, '家', 'exact'],
    ]);
  });

  it('reads plain amounts as exact (tasks 48, 64, 75)', () => {
    expect(read('新建、改扩建“四好农村路”24.6公里')).toEqual([
      ['新建、改扩建四好农村路', 24.6, '公里', 'exact'],
    ]);
    expect(
      read(
        '实施老旧片区“优+”工程,计划投资8250万元,实施月河星城、九龙新村等6个老旧小区改造,改造面积17万平方米,将惠及居民近2000户',
      ),
    ).toEqual([
      ['投资', 82500000, '元', 'exact'],
      ['实施老旧小区改造', 6, '个', 'exact'],
      ['改造面积', 170000, '平方米', 'exact'],
      ['惠及居民', 2000, '户', 'exact'],
    ]);
  });

  it.each([
    ['万人有效发明专利拥有量保持在全市前列'],
    ['把握“三区三线”调整契机,开启弋江区“十四五”期间土地收储计划编制'],
    ['推深做实“1%工作法”,完善重点行业、重点企业专班服务机制'],
    ['支持三只松鼠数字化转型和一二三产融合发展,支持“小鹿蓝蓝”等子品牌发展壮大'],
    ['推进奇瑞新能源汽车四期项目尽快建成投产'],
  ])('finds no target in %s', (text) => {
    expect(extractTargets(text)).toEqual([]);
  });
});
