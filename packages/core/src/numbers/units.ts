/**
 * Units of measure and classifiers (量词) that follow a number in reports, and the one name each
 * is stored under. Money is stored in 元 and areas in 平方米: 万 and 亿 are multiplied out
 * before the unit, so 1.3亿元 is 130000000 元 and 74万平方 is 740000 平方米.
 */

/** Written form → stored form, for units whose stored name differs. */
const ALIASES: Readonly<Record<string, string>> = {
  平米: '平方米',
  平方: '平方米',
  '㎡': '平方米',
  千米: '公里',
  km: '公里',
  KM: '公里',
  千克: '公斤',
  kg: '公斤',
  KG: '公斤',
  '％': '%',
  个百分点: '百分点',
};

/**
 * Every unit the quantity finder recognises. Time words (年, 月, 日, 天, 小时, 季度) are
 * deliberately absent: 2023年 and 4个工作日 are dates and durations, not figures. So are 岁, 层,
 * 号, 寸 and electrical units, which name things (60岁以上, 1号楼, 6寸晶圆, 220kV) rather than
 * count them.
 */
const UNITS = [
  '元',
  '美元',
  '平方米',
  '平方公里',
  '亩',
  '公顷',
  '公里',
  '米',
  '吨',
  '公斤',
  '立方米',
  '千瓦',
  '千瓦时',
  '%',
  '百分点',
  '人次',
  '人',
  '名',
  '位',
  '户次',
  '户',
  '家次',
  '家',
  '个',
  '件',
  '项',
  '条',
  '处',
  '套',
  '盏',
  '棵',
  '株',
  '座',
  '所',
  '栋',
  '幢',
  '间',
  '张',
  '份',
  '块',
  '篇',
  '起',
  '台',
  '辆次',
  '辆',
  '艘',
  '架',
  '部',
  '册',
  '本',
  '支',
  '头',
  '片',
  '宗',
  '笔',
  '例',
  '场次',
  '场',
  '批次',
  '批',
  '期',
  '次',
  '轮',
  '门',
  '课时',
  '学时',
  '方面',
];

/** Written forms, longest first, so that 平方米 wins over 平方 and 人次 over 人. */
const WRITTEN = [...new Set([...UNITS, ...Object.keys(ALIASES)])].sort(
  (a, b) => b.length - a.length,
);

/** Units that measure an amount (money, area, length, weight) rather than count things. */
export const MEASURE_UNITS: ReadonlySet<string> = new Set([
  '元',
  '美元',
  '平方米',
  '平方公里',
  '亩',
  '公顷',
  '公里',
  '米',
  '吨',
  '公斤',
  '立方米',
]);

/**
 * The unit written at `at` in `text`, as `{ written, unit }` (stored form), or undefined.
 *
 * @example
 * findUnitAt('约74万平方，', 4); // { written: '平方', unit: '平方米' }
 */
export function findUnitAt(
  text: string,
  at: number,
): { written: string; unit: string } | undefined {
  for (const written of WRITTEN) {
    if (text.startsWith(written, at)) return { written, unit: ALIASES[written] ?? written };
  }
  return undefined;
}

/** The stored form of a unit as written (平米 → 平方米); unknown units are returned as given. */
export function normalizeUnit(written: string): string {
  return ALIASES[written] ?? written;
}

/**
 * Units that name the same kind of thing, so that a target in 名 can be measured by an actual in
 * 人 (领军人才10名 ↔ 已引育领军人才9人).
 */
const FAMILIES: readonly (readonly string[])[] = [['人', '名', '位']];

/** Whether an actual in unit `b` can measure a target in unit `a`. */
export function isSameUnitKind(a: string, b: string): boolean {
  if (a === b) return true;
  return FAMILIES.some((family) => family.includes(a) && family.includes(b));
}
