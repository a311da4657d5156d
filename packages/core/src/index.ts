export * from './result/result.ts';
export * from './grid/grid.ts';
export * from './ledger/types.ts';
export * from './contracts/api.ts';
