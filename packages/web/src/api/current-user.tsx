import type { User } from '@duban/core';
import { createContext, useContext } from 'react';

/**
 * The signed-in user, provided by the login gate to the screens behind it. A context rather
 * than each screen reading the session query: when the session ends, the gate stops rendering
 * those screens in the same pass, so none of them ever sees "no user".
 */
export const CurrentUserContext = createContext<User | undefined>(undefined);

export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside the signed-in part of the app');
  return user;
}
