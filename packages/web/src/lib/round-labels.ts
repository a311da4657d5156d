import type { RoundAction, RoundPeriod, RoundState } from '@duban/core';
import type { BOARD_COLUMNS } from '@duban/core';

import type { Translate } from '../i18n/messages.ts';

// Literal t() calls, so the locale test sees every key in use.

export function roundStateLabels(t: Translate): Record<RoundState, string> {
  return {
    not_started: t('round.state.not_started'),
    draft: t('round.state.draft'),
    submitted: t('round.state.submitted'),
    returned: t('round.state.returned'),
    approved: t('round.state.approved'),
    accepted: t('round.state.accepted'),
  };
}

export function roundActionLabels(t: Translate): Record<Exclude<RoundAction, 'save'>, string> {
  return {
    submit: t('round.action.submit'),
    approve: t('round.action.approve'),
    accept: t('round.action.accept'),
    return: t('round.action.return'),
    reopen: t('round.action.reopen'),
  };
}

export function periodStateLabels(t: Translate): Record<RoundPeriod['state'], string> {
  return {
    open: t('round.period.open'),
    closed: t('round.period.closed'),
    published: t('round.period.published'),
  };
}

export function boardColumnLabels(t: Translate): Record<(typeof BOARD_COLUMNS)[number], string> {
  return {
    not_started: t('round.board.not_started'),
    draft: t('round.board.draft'),
    submitted: t('round.board.submitted'),
    returned: t('round.board.returned'),
    approved: t('round.board.approved'),
    accepted: t('round.board.accepted'),
    late: t('round.board.late'),
  };
}
