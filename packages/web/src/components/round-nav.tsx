import type { Role } from '@duban/core';
import { NavLink } from 'react-router';

import { useCurrentUser } from '../api/current-user.tsx';
import { useT } from '../i18n/locale-context.tsx';

const LINKS: {
  to: string;
  key: 'ledger' | 'round' | 'board' | 'users';
  roles: readonly Role[];
  testId: string;
}[] = [
  {
    to: '/',
    key: 'ledger',
    roles: ['admin', 'reporter', 'unit_head', 'leader', 'viewer'],
    testId: 'nav-ledger',
  },
  {
    to: '/round',
    key: 'round',
    roles: ['admin', 'reporter', 'unit_head', 'leader'],
    testId: 'nav-round',
  },
  { to: '/board', key: 'board', roles: ['admin', 'leader'], testId: 'nav-board' },
  { to: '/users', key: 'users', roles: ['admin'], testId: 'nav-users' },
];

/** The header's links for the caller's role (the server enforces the same rules). */
export function RoundNav() {
  const t = useT();
  const user = useCurrentUser();
  const labels = {
    ledger: t('round.nav.ledger'),
    round: t('round.nav.round'),
    board: t('round.nav.board'),
    users: t('round.nav.users'),
  };
  return (
    <nav className="app-nav">
      {LINKS.filter((link) => link.roles.includes(user.role)).map((link) => (
        <NavLink key={link.to} to={link.to} end data-testid={link.testId} className="app-nav-link">
          {labels[link.key]}
        </NavLink>
      ))}
    </nav>
  );
}
