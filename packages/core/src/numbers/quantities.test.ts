import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findQuantities, parseQuantity } from './quantities.ts';

/** [text, value, unit] of every quantity found, for compact expectations. */
function read(text: string): [string, number, string][] {
  return findQuantities(text).map((q) => [q.text, q.value, q.unit]);
}

describe('findQuantities on fragments of the seed', () => {
  it('multiplies 万 and 亿 out and keeps the unit after them', () => {
    expect(read('争取全年新增城镇就业1.8万人')).toEqual([['1.8万人', 18000, '人']]);
    expect(read('计划投资1.3亿元深入推进自来水改造工程')).toEqual([['1.3亿元', 130000000, '元']]);
    expect(read('新签约项目18个,总投资140.55亿元。')).toEqual([
      ['18个', 18, '个'],
      ['140.55亿元', 14055000000, '元'],
    ]);
    expect(read('实现融资担保自营业务在保余额68426.7万元。')).toEqual([
      ['68426.7万元', 684267000, '元'],
    ]);
  });

  it('gives the span of each quantity in the text', () => {
    const text = '上半年,全区城镇新增就业14093人,城镇登记失业率1.12%。';
    const found = findQuantities(text);
    expect(found.map((q) => text.slice(q.start, q.end))).toEqual(['14093人', '1.12%']);
    expect(found.map((q) => q.text)).toEqual(['14093人', '1.12%']);
  });

  it('reads percentages, also when the % is doubled by mistake', () => {
    expect(read('组织乡村医生岗位技能培训57人,完成率100%%;')).toEqual([
      ['57人', 57, '人'],
      ['100%%', 100, '%'],
    ]);
    expect(read('提升至百分之六十')).toEqual([['百分之六十', 60, '%']]);
  });

  it('reads ranges with the multiplier of their upper end', () => {
    const [q] = findQuantities('加速建成年产能80-100万套电驱动总成');
    expect(q?.value).toBe(800000);
    expect(q?.range).toEqual({ min: 800000, max: 1000000 });
    expect(q?.unit).toBe('套');
  });

  it('marks approximations written with 约, 近, 余, 多 and 左右', () => {
    const approx = (text: string): [number, boolean][] =>
      findQuantities(text).map((q) => [q.value, q.approximate]);
    expect(approx('目前已完成项目一期约254亩地块摘牌')).toEqual([[254, true]]);
    expect(approx('服务大厅共受理各项业务1.7万余件')).toEqual([[17000, true]]);
    expect(approx('化解率近90%')).toEqual([[90, true]]);
    expect(approx('发放文明养犬宣传单50余张')).toEqual([[50, true]]);
    expect(approx('参加企业约100余家')).toEqual([[100, true]]);
    expect(approx('十余家企业')).toEqual([[10, true]]);
    expect(approx('培训50人左右')).toEqual([[50, true]]);
    // 签约 ends in 约 but says nothing about the number after it.
    expect(approx('已签约5个养老服务站运营协议')).toEqual([[5, false]]);
  });

  it('stores units under one name', () => {
    expect(read('铺设草坪约500平米')).toEqual([['约500平米', 500, '平方米']]);
    expect(read('清淤疏浚共完成约74万平方')).toEqual([['约74万平方', 740000, '平方米']]);
    expect(read('贝类投放约4100kg。')).toEqual([['约4100kg', 4100, '公斤']]);
    expect(read('省级民生工程2023年农村公路联网路工程共16.9 公里')).toEqual([
      ['16.9 公里', 16.9, '公里'],
    ]);
    expect(read('提高2个百分点')).toEqual([['2个百分点', 2, '百分点']]);
  });

  it('reads counts in Chinese numerals', () => {
    expect(read('完成红花山路、花津南路林荫大道、迎客园内三处配电箱彩绘')).toEqual([
      ['三处', 3, '处'],
    ]);
    expect(read('新招引领军人才一百二十名')).toEqual([['一百二十名', 120, '名']]);
  });

  it.each([
    ['把握“三区三线”调整契机,开启弋江区“十四五”期间土地收储计划编制'],
    ['支持三只松鼠数字化转型和一二三产融合发展'],
    ['推深做实“1%工作法”,完善重点行业、重点企业专班服务机制'],
    ['万人有效发明专利拥有量保持在全市前列'],
    ['2023年上半年,全区'],
    ['二季度节能环保招商中心赴长三角'],
    ['1-6月奇瑞商用车'],
    ['引进第一批高层次人才团队'],
    ['推动义柏一期全尺寸晶圆载具生产线建成投产'],
    ['五一期间持续开展学科类校外培训专项整治'],
    ['每日对二次供水设备进行巡查'],
    ['力争所有问题4个工作日内反馈'],
    ['全力支持大工山路、G205国道快速化工程建设'],
    ['两路220kV外线中清竹变接线方案已定'],
    ['芜湖电子推出多款650V-1700V具有自主知识产权SiC MOSFET'],
    ['紫云英人才服务项目(271宿舍)'],
    ['以《反有组织犯罪法》、常态化扫黑除恶、12337平台为主要内容'],
    ['制定并印发《弋江区2022年度巩固拓展脱贫攻坚成果考核评估反馈问题整改工作方案》'],
    ['建立问题整改“四项清单”'],
    ['着力引进一批战略性、标志性、引领性的优秀项目'],
    ['公司开发的轻量化三元电池系统整包比能量达到190wh/kg'],
    ['支持三联锻造新型轻量化精密成型汽车零部件项目加快推进'],
    ['研发中心1-6层已全部完成验收'],
    ['全市文明指数测评4、5月份均为第4'],
    ['实行24小时巡查制度'],
    ['发现一起,整治一起'],
    ['实现“零就业”家庭动态清零'],
  ])('finds no quantity in %s', (text) => {
    expect(read(text)).toEqual([]);
  });

  it('marks amounts that only qualify a noun', () => {
    const flags = (text: string): [string, boolean][] =>
      findQuantities(text).map((q) => [q.text, q.qualifier]);
    expect(flags('5亿元以上项目2个,10亿元及以上项目1个')).toEqual([
      ['5亿元', true],
      ['2个', false],
      ['10亿元', true],
      ['1个', false],
    ]);
    expect(flags('完成规上工业企业和供地5亩以上规下工业企业评价')).toEqual([['5亩', true]]);
    expect(flags('经营性收入达50万的共计6个')).toEqual([
      ['50万', true],
      ['6个', false],
    ]);
    // A bound after a count, or before a comma, is not a qualifier.
    expect(flags('力争实现4个以上街道达标')).toEqual([['4个', false]]);
    expect(flags('亩均税收增长10%以上,一手抓')).toEqual([['10%', false]]);
  });

  it('reads exactly what it is given, whatever the decimals', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 8n }),
        fc.integer({ min: 0, max: 4 }),
        (mantissa, decimals) => {
          const digits = mantissa.toString().padStart(decimals + 1, '0');
          const written =
            decimals === 0 ? digits : `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
          const [q] = findQuantities(`总投资${written}亿元。`);
          expect(q?.value).toBe(Number(mantissa * 10n ** BigInt(8 - decimals)));
          expect(q?.unit).toBe('元');
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('parseQuantity', () => {
  it('reads one quantity and nothing else', () => {
    expect(parseQuantity('1.3亿元')?.value).toBe(130000000);
    expect(parseQuantity(' 约254亩 ')?.approximate).toBe(true);
    expect(parseQuantity('2023年')).toBeUndefined();
    expect(parseQuantity('18个,54个')).toBeUndefined();
    expect(parseQuantity('新增18个')).toBeUndefined();
  });
});
