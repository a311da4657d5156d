import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readLedger } from '../read-ledger.ts';
import { getValue, loadSeedLedger, SEED_PATH } from '../shared/test-support/seed.ts';

describe('a GBK .txt of the seed', () => {
  it('imports to the same ledger as the UTF-8 text', () => {
    const gbk = iconv.encode(readFileSync(SEED_PATH, 'utf8'), 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(gbk)).toThrow();
    const ledger = getValue(readLedger('yijiang-2023q2.txt', gbk));
    expect(ledger).toEqual(loadSeedLedger());
    expect(ledger.tasks).toHaveLength(126);
  });
});
