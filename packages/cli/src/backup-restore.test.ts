import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const BIN = join(ROOT, 'packages/cli/bin/duban.js');
const SEED = join(ROOT, 'fixtures/seed/yijiang-2023q2.txt');

function duban(
  args: string[],
  db: string,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, DUBAN_LOG_LEVEL: 'silent', DUBAN_DB: db },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'duban-cli-backup-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('duban backup / duban restore', () => {
  it('copies the data into a new database and refuses what it must', () => {
    const source = join(work, 'source.db');
    const target = join(work, 'target.db');
    const file = join(work, 'duban.dbk');
    expect(duban(['import', SEED], source).status).toBe(0);

    const backup = duban(['backup', '--out', file], source);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(file);
    const header = JSON.parse(readFileSync(file, 'utf8').split('\n')[0] ?? '') as {
      format: string;
      tables: Record<string, number>;
    };
    expect(header.format).toBe('duban.backup/1');
    expect(header.tables.tasks).toBe(126);

    const restored = duban(['restore', file], target);
    expect(restored.status, restored.stderr).toBe(0);
    const exported = join(work, 'out.json');
    expect(
      duban(['export', '--period', '2023Q2', '--format', 'json', '--out', exported], target).status,
    ).toBe(0);
    const ledger = JSON.parse(readFileSync(exported, 'utf8')) as { tasks: unknown[] };
    expect(ledger.tasks).toHaveLength(126);

    const again = duban(['restore', file], target);
    expect(again.status).toBe(1);
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toContain('--force');
    expect(duban(['restore', file, '--force'], target).status).toBe(0);

    const tampered = join(work, 'tampered.dbk');
    writeFileSync(tampered, readFileSync(file, 'utf8').replace('弋江区', '镜湖区'));
    const bad = duban(['restore', tampered, '--force'], target);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain('校验和');
  });
});
