import { readFileSync } from 'node:fs';
import type { Issue, Ledger, LedgerTask } from '@duban/core';
import { createPeriod } from '@duban/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readGrid } from './read-grid.ts';
import { readLedger } from './read-ledger.ts';

const SEED_BYTES = readFileSync(
  new URL('../../../fixtures/seed/yijiang-2023q2.txt', import.meta.url),
);
const SEED_LINES = SEED_BYTES.toString('utf8').split('\n');
const encode = (text: string) => new TextEncoder().encode(text);

function readSeed(): Ledger {
  const result = readLedger('yijiang-2023q2.txt', SEED_BYTES);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

function issuesOf(name: string, bytes: Uint8Array): Issue[] {
  const result = readLedger(name, bytes);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

/** The seed with its lines edited; `edit` gets and returns the array of lines. */
function editSeed(edit: (lines: string[]) => string[]): Uint8Array {
  return encode(edit([...SEED_LINES]).join('\n'));
}

/** A row, a part of the file, or for JSON the path of the field (`tasks[3].lead`). */
const ISSUE_PATH = /^(第\d+行|表头|标题|全文|文件类型|[a-z]+(\[\d+\]|\.[a-zA-Z]+)*)$/u;

describe('readLedger on the seed', () => {
  const ledger = readSeed();
  const task = (no: string): LedgerTask => {
    const found = ledger.tasks.find((candidate) => candidate.no === no);
    if (found === undefined) throw new Error(`no task ${no}`);
    return found;
  };
  const units = (no: string) => ({ lead: task(no).lead, co: task(no).co });
  const codes = (no: string) => task(no).warnings.map((warning) => warning.code);

  it('has the title, organisation, period and four sections', () => {
    expect(ledger.format).toBe('duban.ledger/1');
    expect(ledger.title).toBe('弋江区2023年二季度重点工作进展和完成情况');
    expect(ledger.organization).toBe('弋江区');
    expect(ledger.period).toEqual({ year: 2023, quarter: 2, label: '2023Q2' });
    expect(ledger.sections).toEqual([
      { ordinal: '一', title: '以更实举措提升经济高质量发展质效' },
      { ordinal: '二', title: '以更高标准美化城市环境面貌' },
      { ordinal: '三', title: '以更优服务回应人民群众需求' },
      { ordinal: '四', title: '以更新姿态树立政府良好形象' },
    ]);
    expect(ledger.warnings).toEqual([]);
  });

  it('has exactly the tasks 1–126 in order, each in its section, with text and a lead unit', () => {
    expect(ledger.tasks.map((item) => item.no)).toEqual(
      Array.from({ length: 126 }, (_, index) => String(index + 1)),
    );
    const sectionOf = (no: number) => (no <= 57 ? '一' : no <= 86 ? '二' : no <= 114 ? '三' : '四');
    for (const item of ledger.tasks) {
      expect(item.section, item.no).toBe(sectionOf(Number(item.no)));
      expect(item.text, item.no).not.toBe('');
      expect(item.progress, item.no).not.toBe('');
      // Reading a lost cell as the co-units' cell would leave 17 tasks without a lead unit.
      expect(item.lead.length, item.no).toBeGreaterThan(0);
      expect(item.status).toEqual({ completion: null, expected: 0.5, light: 'grey' });
      expect(item.targets).toEqual([]);
      expect(item.actuals).toEqual([]);
    }
  });

  it('keeps the source characters of text and progress', () => {
    expect(task('3').text).toBe('支持舟之航总部建成投产,2023年产值力争突破100亿元');
    expect(task('4').progress).toBe(
      '中鼎项目已投产;博康项目一期厂房已封顶,预计10月中旬一期厂房主体竣工,2024年启动二期厂房建设。',
    );
    expect(task('11').progress).toBe(
      '一期项目92500平方米厂房建设完成,设备陆续进场,预计2023年8月试生产,2023年底前实现达规,在晶圆载具市场进入全球前三。2024年下半年启动二期保税区仓库建设。',
    );
    expect(task('12').progress).toContain('具有自主知识产权SiC MOSFET。赛腾微电子');
    expect(task('73').text).toBe('加大违法建设的查处力度');
    expect(task('90').text).toBe('新增公共停车位不少于9330个');
    expect(task('103')).toMatchObject({
      text: '争取全年新增城镇就业1.8万人,城镇登记失业率控制在4%以内,实现“零就业”家庭动态清零',
      progress:
        '上半年,全区城镇新增就业14093人,城镇登记失业率1.12%。经过各类就业帮扶,全区实现“零就业”家庭清零。',
    });
    expect(task('126').progress).toBe(
      '加强政府投资项目审核管理,二季度立项备案政府投资项目64个,总投资34.76亿元。',
    );
  });

  // The rebuilt merged cells. The text keeps, after each row's last real cell, one empty cell per
  // cell lost to a merge with the row above; the lead column is taken as lost first (see
  // core's task-layout.ts). Why each result is the one to defend:
  describe('rebuilt merged cells', () => {
    it('task 10 is complete; 11 lost both unit cells and takes both from 10', () => {
      // ["11", text, progress, "", ""]: tasks 10–13 are the microelectronics block (义柏, 芯塔,
      // 源芯) of 投资促进部 and the microelectronics 招商中心.
      expect(units('10')).toEqual({
        lead: ['投资促进部'],
        co: ['微电子及三代半导体招商中心成员单位'],
      });
      expect(units('11')).toEqual(units('10'));
      expect(codes('11')).toEqual(['lead-inherited', 'co-inherited']);
    });

    it('task 15 lost its lead cell; the cell present is its co-units', () => {
      // ["15", text, "智能网联…成员单位 大数据…成员单位", progress, ""]: those 招商中心 member units
      // are co-units wherever their column is certain (tasks 1–9, 17), never a lead.
      expect(units('15')).toEqual({
        lead: ['区商务局'],
        co: ['智能网联及新能源汽车招商中心成员单位', '大数据及信息技术服务招商中心成员单位'],
      });
      expect(codes('15')).toEqual(['lead-inherited']);
    });

    it('tasks 16 and 24 are complete rows whose co-unit cell is really empty', () => {
      // ["16", text, "科技经贸部", "", progress]: an empty cell before the progress is no placeholder.
      expect(units('16')).toEqual({ lead: ['科技经贸部'], co: [] });
      expect(units('24')).toEqual({ lead: ['科技经贸部'], co: [] });
      expect(codes('16')).toEqual([]);
      expect(codes('24')).toEqual([]);
    });

    it('task 25 inherits 科技经贸部, which cannot also co-serve its own task', () => {
      // ["25", text, "科技经贸部", progress, ""]: the lead comes from 24; the present cell names it
      // again as co-unit, which is dropped. (Reading the cell as the lead gives the same units.)
      expect(units('25')).toEqual({ lead: ['科技经贸部'], co: [] });
      expect(codes('25')).toEqual(['lead-inherited', 'co-same-as-lead']);
    });

    it('task 29 inherits 区经信局; its present empty cell is the co-units', () => {
      // ["29", text, "", progress, ""]: 工业互联网 follows 28 (登云企业), both 经信局 work. Were the
      // empty cell the lead, the task would have no lead unit at all.
      expect(units('29')).toEqual({ lead: ['区经信局'], co: [] });
      expect(codes('29')).toEqual(['lead-inherited']);
    });

    it('task 42 keeps 区农水局 as lead and the two street offices as co-units', () => {
      // ["42", text, "白马街道 火龙街道", progress, ""]: 9000亩 of farmland is 农水局's programme
      // (task 41); the street offices are co-units of 43–48 as well.
      expect(units('42')).toEqual({ lead: ['区农水局'], co: ['白马街道', '火龙街道'] });
      expect(codes('42')).toEqual(['lead-inherited']);
    });

    it('task 73 takes both unit columns from 72', () => {
      // ["73", text, progress, "", ""]: illegal construction is 城管局's, like 72's city management.
      expect(units('73')).toEqual({ lead: ['区城管局'], co: ['各街道'] });
      expect(codes('73')).toEqual(['lead-inherited', 'co-inherited']);
    });

    it('task 109 stays under 区教育局 with 区重点处 as co-unit', () => {
      // ["109", text, "区重点处", progress, ""]: 区教育局 (108) heads the education block 108–114;
      // reading 区重点处 as lead would leave 111–114 (集团化办学, 学前教育, 双减, 教师队伍) with
      // an empty lead cell.
      expect(units('109')).toEqual({ lead: ['区教育局'], co: ['区重点处'] });
      expect(units('113')).toEqual({ lead: ['区教育局'], co: [] });
      expect(codes('109')).toEqual(['lead-inherited']);
    });

    it('marks exactly the rows with lost cells', () => {
      const inherited = ledger.tasks
        .filter((item) => item.warnings.some((warning) => warning.code === 'lead-inherited'))
        .map((item) => item.no);
      // 9 rows with 3 real cells, 8 with 4 and a unit cell, 17 with 4 and an empty unit cell.
      expect(inherited).toHaveLength(34);
      expect(
        ledger.tasks.filter((item) => item.warnings.some((w) => w.code === 'co-inherited')),
      ).toHaveLength(9);
    });
  });

  describe('unit names', () => {
    it('joins names the extraction broke, with a warning naming the fragments', () => {
      expect(task('1').co).toEqual(['智能网联及新能源汽车招商中心成员单位']);
      const joined = task('1').warnings.find((warning) => warning.code === 'unit-joined');
      expect(joined).toMatchObject({ field: 'co', ref: { line: 10 } });
      expect(joined?.message).toContain('“智能网联及新能源”“汽车招商中心”“成员单位”');
      expect(task('18').co).toEqual(['节能环保及高端装备制造招商中心成员单位']);
      expect(task('95').co).toEqual(['扫黑除恶斗争领导小组成员单位', '各街道']);
      expect(task('123').co).toEqual(['政府性投资项目各牵头部门']);
    });

    it('splits cells holding several names', () => {
      expect(task('14').co).toEqual(['区发改委', '区经信局', '区农水局']);
      expect(task('57').co).toEqual(['区直各单位', '各街道']);
      expect(task('105').lead).toEqual(['总工会', '团区委', '区妇联', '区残联', '区关工委']);
      expect(task('117').lead).toEqual(['区审计局', '区财政局']);
    });

    it('leaves no spaces inside any unit name', () => {
      for (const item of ledger.tasks) {
        for (const name of [...item.lead, ...item.co]) expect(name, item.no).not.toMatch(/\s/u);
      }
    });
  });

  it('finds the progress of 123 copied from 98 and no missing progress', () => {
    expect(ledger.findings).toEqual([
      {
        kind: 'duplicate-progress',
        tasks: ['98', '123'],
        message: '第123项的进展情况与第98项进展情况中的一段逐字相同',
      },
    ]);
  });

  it('lets the caller override period and organisation', () => {
    const result = readLedger('seed.txt', SEED_BYTES, {
      period: createPeriod(2023, 3),
      organization: '芜湖市弋江区',
    });
    expect(result.ok && result.value.period.label).toBe('2023Q3');
    expect(result.ok && result.value.organization).toBe('芜湖市弋江区');
  });

  it('round-trips through JSON', () => {
    const json = encode(JSON.stringify(ledger));
    expect(readLedger('x.json', json)).toEqual({ ok: true, value: ledger });
  });
});

describe('readLedger on bad input', () => {
  it('reports an empty file', () => {
    expect(issuesOf('x.txt', new Uint8Array())).toEqual([
      { code: 'empty-file', path: '全文', message: '文件是空的，没有任何内容' },
    ]);
  });

  it('reports a binary file', () => {
    const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    expect(issuesOf('x.txt', bytes).map((issue) => issue.code)).toEqual(['binary-file']);
  });

  it('reports text with no table in it', () => {
    const issues = issuesOf('x.txt', encode('弋江区2023年二季度重点工作\n这里只有一段文字。\n'));
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([['no-header', '表头']]);
  });

  it('reports a repeated task number, naming both rows', () => {
    // Line 64 holds task 12's number; make it a second 11 (line 60).
    const bytes = editSeed((lines) => lines.map((line, index) => (index === 63 ? '11 |' : line)));
    expect(issuesOf('x.txt', bytes)).toEqual([
      { code: 'duplicate-number', path: '第64行', message: '序号11重复：第60行和第64行都是11号' },
    ]);
  });

  it('reports a row with too many cells', () => {
    // One more empty cell after task 11's progress (line 62).
    const bytes = editSeed((lines) => [...lines.slice(0, 62), '|', ...lines.slice(62)]);
    expect(issuesOf('x.txt', bytes)).toEqual([
      { code: 'too-many-cells', path: '第60行', message: '序号11这一行有6个单元格，但表头只有5列' },
    ]);
  });

  it('reports a task row before any header', () => {
    const bytes = editSeed((lines) => [
      lines[0] ?? '',
      '1 |',
      '一项任务 |',
      '区发改委 |',
      ...lines.slice(1),
    ]);
    const issues = issuesOf('x.txt', bytes);
    expect(issues.map((issue) => [issue.code, issue.path])).toEqual([
      ['row-before-header', '第2行'],
    ]);
    expect(issues[0]?.message).toContain('表头之前');
  });

  it('reports a title without a period unless one is given', () => {
    const bytes = editSeed((lines) => ['弋江区重点工作进展和完成情况', ...lines.slice(1)]);
    expect(issuesOf('x.txt', bytes).map((issue) => issue.code)).toEqual(['period-missing']);
    expect(readLedger('x.txt', bytes, { period: createPeriod(2023, 2) }).ok).toBe(true);
  });

  it('names the supported types for any other file', () => {
    for (const name of ['x.pdf', 'x.doc', 'README']) {
      const issues = issuesOf(name, encode('序号 |'));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatchObject({ code: 'unsupported-format', path: '文件类型' });
      expect(issues[0]?.message).toMatch(/^无法读取.*：目前支持 .*\.txt.*\.json$/u);
    }
    expect(readGrid('x.json', encode('{}')).ok).toBe(false);
  });

  it('reports broken JSON', () => {
    expect(issuesOf('x.json', encode('{"format":')).map((issue) => issue.code)).toEqual([
      'invalid-json',
    ]);
    expect(issuesOf('x.json', encode('{"format":"duban.ledger/1"}'))[0]?.code).toBe(
      'invalid-ledger',
    );
  });
});

describe('readLedger never throws', () => {
  function expectReported(name: string, bytes: Uint8Array): void {
    const result = readLedger(name, bytes);
    if (result.ok) return;
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(issue.message).not.toBe('');
      expect(issue.path).toMatch(ISSUE_PATH);
    }
  }

  it('on the seed with lines deleted or duplicated', () => {
    const edit = fc.record({
      kind: fc.constantFrom('delete', 'duplicate'),
      line: fc.nat({ max: SEED_LINES.length - 1 }),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = editSeed((lines) => {
          let result = lines;
          for (const { kind, line } of edits) {
            const at = line % Math.max(result.length, 1);
            result =
              kind === 'delete'
                ? [...result.slice(0, at), ...result.slice(at + 1)]
                : [...result.slice(0, at + 1), ...result.slice(at)];
          }
          return result;
        });
        expectReported('seed.txt', bytes);
      }),
      { numRuns: 200 },
    );
  });

  it('on arbitrary text and bytes', () => {
    const piece = fc.oneof(
      fc.constantFrom(
        ' |\n',
        '|',
        '||\n',
        '\n',
        '序号 |\n',
        '目 标 与 任 务 |\n',
        '(一)标题 |\n',
        '12 |\n',
        '弋江区2023年二季度\n',
      ),
      fc.string({ maxLength: 10 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        expectReported('x.txt', encode(pieces.join('')));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('x.txt', 'x.json'),
        (bytes, name) => {
          expectReported(name, bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
