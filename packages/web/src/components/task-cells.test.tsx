import type { TaskRow } from '@duban/core';
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { LocaleProvider } from '../i18n/locale-context.tsx';
import { TaskProgress } from './task-cells.tsx';

const task = (matchedIn?: TaskRow['matchedIn']): TaskRow => ({
  id: 1,
  no: '7',
  section: '一',
  text: '任务',
  lead: [],
  co: [],
  progress: '三季度进展',
  inferred: { lead: false, co: false },
  warnings: [],
  ...(matchedIn === undefined ? {} : { matchedIn }),
});

function renderProgress(row: TaskRow) {
  return render(
    <LocaleProvider>
      <TaskProgress task={row} terms={[]} />
    </LocaleProvider>,
  );
}

describe('TaskProgress', () => {
  it('says when a search found the task in a 批示 or a return reason', () => {
    renderProgress(task(['instruction', 'return_reason']));
    expect(screen.getByTestId('search-hits-7').textContent).toBe(
      '批示中含搜索词退回原因中含搜索词',
    );
  });

  it('says nothing for hits the row shows itself, or without a search', () => {
    const { unmount } = renderProgress(task(['text', 'progress', 'unit']));
    expect(screen.queryByTestId('search-hits-7')).toBeNull();
    unmount();
    renderProgress(task());
    expect(screen.queryByTestId('search-hits-7')).toBeNull();
    expect(screen.getByText('三季度进展')).toBeTruthy();
  });
});
