import { describe, expect, it } from 'vitest';
import { measureEditDistance, proposeUnits } from './propose-units.ts';

const KNOWN = [
  { id: 1, name: '区发改委' },
  { id: 2, name: '区经信局' },
  { id: 3, name: '区住建局' },
  { id: 4, name: '高新区管委会' },
];

describe('proposeUnits', () => {
  it('proposes the unit whose name contains the short form', () => {
    expect(proposeUnits(['发改委'], KNOWN)).toEqual([
      { name: '发改委', unit: { id: 1, name: '区发改委' }, reason: 'contained' },
    ]);
  });

  it('proposes the unit a longer name contains', () => {
    expect(proposeUnits(['芜湖市弋江区住建局'], KNOWN)).toEqual([
      { name: '芜湖市弋江区住建局', unit: { id: 3, name: '区住建局' }, reason: 'contains' },
    ]);
  });

  it('proposes a name one character apart', () => {
    expect(proposeUnits(['区经信委'], KNOWN)).toEqual([
      { name: '区经信委', unit: { id: 2, name: '区经信局' }, reason: 'similar' },
    ]);
  });

  it('proposes nothing for an unrelated or too short name', () => {
    expect(proposeUnits(['区教育局', '区委', '团区委'], KNOWN)).toEqual([]);
  });
});

describe('measureEditDistance', () => {
  it('counts insertions, deletions and substitutions', () => {
    expect(measureEditDistance('区发改委', '区发改委')).toBe(0);
    expect(measureEditDistance('区发改委', '发改委')).toBe(1);
    expect(measureEditDistance('区发改委', '区发改局')).toBe(1);
    expect(measureEditDistance('kitten', 'sitting')).toBe(3);
    expect(measureEditDistance('kitten', 'sitting', 1)).toBe(2);
  });
});
