import type { ImportPreview, ImportResult } from '@duban/core';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { errorResponse, installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { buildUser } from '../test/ledger-fixture.ts';
import { renderApp } from '../test/render-app.tsx';

// Rendering antd in jsdom is slow on a loaded 2-core machine: generous limits, same assertions.
const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Two seed tasks as the server previews them: task 2's lead came from a merged cell. */
const PREVIEW: ImportPreview = {
  id: 7,
  fileName: 'q3.xlsx',
  sha256: 'a'.repeat(64),
  expiresAt: '2026-11-29T10:00:00.000Z',
  sheets: [
    { name: '说明', hasLedger: false },
    { name: '台账', hasLedger: true },
  ],
  sheet: '台账',
  title: '弋江区2023年三季度重点工作进展和完成情况',
  organization: '弋江区',
  period: '2023Q3',
  periodExists: false,
  sections: [{ ordinal: '一', title: '以更实举措提升经济高质量发展质效' }],
  tasks: [
    {
      no: '1',
      section: '一',
      text: '坚持壮大主导产业',
      lead: ['发改委'],
      co: ['区商务局'],
      progress: '前三季度新签约项目25个。',
      warnings: [
        {
          code: 'unit-unknown-close',
          message: '单位“发改委”不在单位名录中，是已有单位名称的一部分：可能是“区发改委”，请确认',
          field: 'lead',
          unit: '发改委',
        },
      ],
      match: { kind: 'unchanged', existingNo: '1', rule: 'text', similarity: 1, changes: [] },
    },
    {
      no: '2',
      section: '一',
      text: '加快推进奇瑞新能源四期项目建设',
      lead: ['区发改委'],
      co: [],
      progress: '',
      warnings: [
        { code: 'lead-inherited', message: '牵头责任单位取自上一行（合并单元格）', field: 'lead' },
        { code: 'progress-empty', message: '进展情况为空', field: 'progress' },
      ],
      match: { kind: 'changed', existingNo: '3', rule: 'text', similarity: 1, changes: ['number'] },
    },
  ],
  warnings: [
    { code: 'extra-column', message: '“分管领导”不是台账的标准列，已原样保留在附加字段中' },
  ],
  match: { matched: 2, unchanged: 1, changed: 1, new: 0, missing: ['2'] },
  unitProposals: [{ name: '发改委', unit: { id: 11, name: '区发改委' }, reason: 'contained' }],
};

const RESULT: ImportResult = {
  status: 'created',
  period: '2023Q3',
  created: 0,
  updated: 2,
  unchanged: 0,
  matched: 2,
  changed: 1,
  missing: ['2'],
  aliasesAdded: 1,
};

describe('the import preview', SLOW, () => {
  it('marks warnings at their cells, sends the accepted unit and a fixed cell, shows the result', async () => {
    const server = installFakeServer({
      user: buildUser({ role: 'admin' }),
      override: (request) => {
        if (request.url.pathname === '/api/imports/7' && request.method === 'GET') {
          return jsonResponse(PREVIEW);
        }
        if (request.url.pathname === '/api/imports/7/confirm') return jsonResponse(RESULT);
        return undefined;
      },
    });
    renderApp('/import/7');
    await screen.findByTestId('import-table', {}, WAIT);

    expect(screen.getByTestId('import-matched').textContent).toContain('2');
    // The warnings sit on the cells they concern, and only there.
    expect(screen.getByTestId('import-cell-1-lead').dataset.warned).toBe('true');
    expect(screen.getByTestId('import-cell-2-lead').dataset.warned).toBe('true');
    expect(screen.getByTestId('import-cell-2-progress').dataset.warned).toBe('true');
    expect(screen.getByTestId('import-cell-1-progress').dataset.warned).toBeUndefined();
    expect(screen.getByTestId('import-cell-1-text').dataset.warned).toBeUndefined();
    expect(screen.getByText(/分管领导/)).toBeTruthy();

    // Accept the proposed unit; fix task 2's empty progress.
    fireEvent.click(screen.getByText('“发改委”即“区发改委”'));
    const progressCell = screen.getByTestId('import-cell-2-progress');
    const edit = progressCell.querySelector('.ant-typography-edit');
    if (!(edit instanceof HTMLElement)) throw new Error('the progress cell has no edit button');
    fireEvent.click(edit);
    const textarea = progressCell.querySelector('textarea');
    if (textarea === null) throw new Error('no editor opened');
    fireEvent.change(textarea, { target: { value: '三季度完成主体施工。' } });
    // antd's editable text confirms when the editor loses focus.
    fireEvent.blur(textarea);
    await waitFor(() => {
      expect(screen.getByTestId('import-cell-2-progress').dataset.warned).toBeUndefined();
    }, WAIT);

    fireEvent.click(screen.getByTestId('import-confirm'));
    const result = await screen.findByTestId('import-result', {}, WAIT);
    expect(result.textContent).toContain('2023Q3');
    const [post] = server.requestsTo('/api/imports/7/confirm');
    expect(post?.headers.get('x-requested-with')).toBe('duban');
    expect(post?.body).toEqual({
      acceptUnits: [{ name: '发改委', unitId: 11 }],
      cells: [{ no: '2', field: 'progress', value: '三季度完成主体施工。' }],
    });
  });

  it('shows why a confirm failed and stays on the preview', async () => {
    installFakeServer({
      user: buildUser({ role: 'admin' }),
      override: (request) => {
        if (request.url.pathname === '/api/imports/7' && request.method === 'GET') {
          return jsonResponse(PREVIEW);
        }
        if (request.url.pathname === '/api/imports/7/confirm') {
          return errorResponse(
            409,
            'import-stale',
            '预览之后 2023Q3 的台账已有变动，请重新上传文件预览',
          );
        }
        return undefined;
      },
    });
    renderApp('/import/7');
    fireEvent.click(await screen.findByTestId('import-confirm', {}, WAIT));
    const error = await screen.findByTestId('import-confirm-error', {}, WAIT);
    expect(error.textContent).toContain('重新上传');
    expect(screen.getByTestId('import-table')).toBeTruthy();
  });

  it('lets the person renumber or drop a row with a repeated 序号, and marks a guessed column', async () => {
    const repeated = (no: string) => ({
      ...PREVIEW.tasks[1],
      no,
      text: `重复行${no}`,
      warnings: [
        {
          code: 'duplicate-number',
          message: `序号2重复（第4行也是2号），暂记为“${no}”：请改为正确的序号，或删除这一行`,
          field: 'no',
        },
      ],
    });
    const preview: ImportPreview = {
      ...PREVIEW,
      tasks: [PREVIEW.tasks[0], repeated('2（重复2）'), repeated('2（重复3）')].filter(
        (task): task is ImportPreview['tasks'][number] => task !== undefined,
      ),
      warnings: [
        {
          code: 'column-guessed',
          message: '“牵头单位”列按“牵头责任单位”读取，请核对',
          field: 'lead',
        },
      ],
    };
    const server = installFakeServer({
      user: buildUser({ role: 'admin' }),
      override: (request) => {
        if (request.url.pathname === '/api/imports/7' && request.method === 'GET') {
          return jsonResponse(preview);
        }
        if (request.url.pathname === '/api/imports/7/confirm') return jsonResponse(RESULT);
        return undefined;
      },
    });
    renderApp('/import/7');
    await screen.findByTestId('import-table', {}, WAIT);
    // The guessed column is marked at its header, not only in the file's notes.
    // (antd may render a header twice, for its scroll measurement.)
    expect(screen.getAllByTestId('import-col-lead')[0]?.dataset.warned).toBe('true');
    expect(screen.getAllByTestId('import-col-co')[0]?.dataset.warned).toBeUndefined();
    expect(screen.getByTestId('import-confirm').textContent).toContain('3');

    // Renumber one repeated row, drop the other.
    const noCell = screen.getByTestId('import-cell-2（重复2）-no');
    expect(noCell.dataset.warned).toBe('true');
    const edit = noCell.querySelector('.ant-typography-edit');
    if (!(edit instanceof HTMLElement)) throw new Error('the 序号 cell has no edit button');
    fireEvent.click(edit);
    const textarea = noCell.querySelector('textarea');
    if (textarea === null) throw new Error('no editor opened');
    fireEvent.change(textarea, { target: { value: '5' } });
    fireEvent.blur(textarea);
    fireEvent.click(screen.getByTestId('import-drop-2（重复3）'));
    await waitFor(() => {
      expect(screen.getByTestId('import-confirm').textContent).toContain('2');
    }, WAIT);

    fireEvent.click(screen.getByTestId('import-confirm'));
    await screen.findByTestId('import-result', {}, WAIT);
    const [post] = server.requestsTo('/api/imports/7/confirm');
    expect(post?.body).toEqual({
      acceptUnits: [],
      cells: [{ no: '2（重复2）', field: 'no', value: '5' }],
      dropTasks: ['2（重复3）'],
    });
  });

  it('reads another sheet after a reload, once the person picks the file again', async () => {
    const sent: FormData[] = [];
    class FakeXhr {
      status = 201;
      responseText = JSON.stringify({ ...PREVIEW, id: 8, sheet: '说明' });
      upload: { onprogress: ((event: ProgressEvent) => void) | null } = { onprogress: null };
      onload: (() => void) | null = null;
      onerror: (() => void) | null = null;
      withCredentials = false;
      open(): void {}
      setRequestHeader(): void {}
      send(form: FormData): void {
        sent.push(form);
        setTimeout(() => this.onload?.(), 0);
      }
    }
    vi.stubGlobal('XMLHttpRequest', FakeXhr);
    installFakeServer({
      user: buildUser({ role: 'admin' }),
      override: (request) => {
        if (request.url.pathname === '/api/imports/7') return jsonResponse(PREVIEW);
        if (request.url.pathname === '/api/imports/8') {
          return jsonResponse({ ...PREVIEW, id: 8, sheet: '说明' });
        }
        return undefined;
      },
    });
    // Straight to the preview, as after a reload: no file in memory.
    renderApp('/import/7');
    await screen.findByTestId('import-table', {}, WAIT);
    const select = screen.getByTestId('import-sheet');
    const selector = select.querySelector('.ant-select-selector') ?? select;
    fireEvent.mouseDown(selector);
    fireEvent.click(await screen.findByText('说明（未识别到台账）', {}, WAIT));
    expect((await screen.findByTestId('import-sheet-repick', {}, WAIT)).textContent).toContain(
      'q3.xlsx',
    );

    const picker = screen.getByTestId('import-sheet-file');
    fireEvent.change(picker, { target: { files: [new File(['x'], 'other.xlsx')] } });
    expect((await screen.findByTestId('import-sheet-error', {}, WAIT)).textContent).toContain(
      'q3.xlsx',
    );
    expect(sent).toHaveLength(0);
    fireEvent.change(picker, { target: { files: [new File(['x'], 'q3.xlsx')] } });
    await waitFor(() => {
      expect(sent).toHaveLength(1);
    }, WAIT);
    expect(sent[0]?.get('sheet')).toBe('说明');
    expect((sent[0]?.get('file') as File | null)?.name).toBe('q3.xlsx');
  });

  it('is offered to administrators only', async () => {
    installFakeServer({ user: buildUser({ role: 'viewer' }) });
    renderApp('/');
    await screen.findByTestId('nav-dashboard', {}, WAIT);
    expect(screen.queryByTestId('nav-import')).toBeNull();
  });
});
