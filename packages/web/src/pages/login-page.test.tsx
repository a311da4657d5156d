import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { LOCALE_STORAGE_KEY } from '../i18n/locale-context.tsx';
import { errorResponse, installFakeServer, jsonResponse } from '../test/fake-server.ts';
import { buildUser } from '../test/ledger-fixture.ts';
import { renderApp } from '../test/render-app.tsx';

// Rendering antd in jsdom is slow on a loaded 2-core machine: generous limits, same assertions.
const WAIT = { timeout: 15_000 };
const SLOW = { timeout: 60_000 };

afterEach(() => {
  vi.unstubAllGlobals();
});

function typeInto(testId: string, value: string) {
  fireEvent.change(screen.getByTestId(testId), { target: { value } });
}

function submitLogin(username: string, password: string) {
  typeInto('login-username', username);
  typeInto('login-password', password);
  fireEvent.click(screen.getByTestId('login-submit'));
}

describe('login', SLOW, () => {
  it('shows the login form in Chinese when there is no session', async () => {
    installFakeServer();
    renderApp();
    const submit = await screen.findByTestId('login-submit', {}, WAIT);
    expect(submit.textContent).toBe('登录');
    expect(screen.getByText('用户名')).toBeTruthy();
    expect(screen.getByText('密码')).toBeTruthy();
    // The inputs carry the test ids themselves, so a browser test can type into them.
    expect(screen.getByTestId('login-username').tagName).toBe('INPUT');
    expect(screen.getByTestId('login-password').getAttribute('type')).toBe('password');
  });

  it('says the password is wrong, after posting with the CSRF header', async () => {
    const server = installFakeServer({
      override: (request) =>
        request.method === 'POST' && request.url.pathname === '/api/session'
          ? errorResponse(401, 'invalid-credentials', 'Invalid username or password')
          : undefined,
    });
    renderApp();
    await screen.findByTestId('login-submit', {}, WAIT);
    submitLogin('  admin ', 'wrong');

    const error = await screen.findByTestId('login-error', {}, WAIT);
    expect(error.textContent).toContain('用户名或密码错误');
    const [post] = server.requestsTo('/api/session').filter((r) => r.method === 'POST');
    expect(post?.body).toEqual({ username: 'admin', password: 'wrong' });
    expect(post?.headers.get('x-requested-with')).toBe('duban');
    // A wrong password is a form error, not a lost session: still on the form, no reload.
    expect(screen.getByTestId('login-username')).toBeTruthy();
  });

  it('tells how long a locked account must wait, from Retry-After', async () => {
    installFakeServer({
      override: (request) =>
        request.method === 'POST'
          ? errorResponse(429, 'account-locked', 'locked', { 'retry-after': '540' })
          : undefined,
    });
    renderApp();
    await screen.findByTestId('login-submit', {}, WAIT);
    submitLogin('admin', 'x');
    const error = await screen.findByTestId('login-error', {}, WAIT);
    expect(error.textContent).toContain('账户已锁定，请 9 分钟后再试');
  });

  it('asks for both fields before calling the server', async () => {
    const server = installFakeServer();
    renderApp();
    await screen.findByTestId('login-submit', {}, WAIT);
    fireEvent.click(screen.getByTestId('login-submit'));
    expect(await screen.findByText('请输入用户名', {}, WAIT)).toBeTruthy();
    expect(screen.getByText('请输入密码')).toBeTruthy();
    expect(server.requests.filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('forces the password change before the ledger, then shows the ledger', async () => {
    const server = installFakeServer({
      override: (request) => {
        if (request.url.pathname === '/api/session' && request.method === 'POST') {
          const user = buildUser({ mustChangePassword: true });
          server.setSession(user);
          return jsonResponse(user);
        }
        if (request.url.pathname === '/api/session/password') {
          const body = request.body as { newPassword?: string }; // posted by the page under test
          if (body.newPassword === 'short') {
            return errorResponse(400, 'weak-password', '密码至少 12 位');
          }
          server.setSession(buildUser({ mustChangePassword: false }));
          return new Response(null, { status: 204 });
        }
        return undefined;
      },
    });
    renderApp();
    await screen.findByTestId('login-submit', {}, WAIT);
    submitLogin('admin', 'initial-secret');

    await screen.findByTestId('password-submit', {}, WAIT);
    expect(screen.getByText('首次登录须先修改初始密码，修改后才能继续使用。')).toBeTruthy();
    expect(screen.queryByTestId('ledger-title')).toBeNull();
    expect(server.requestsTo('/api/ledger')).toEqual([]);

    // The confirmation must match; nothing is sent until it does.
    typeInto('password-current', 'initial-secret');
    typeInto('password-new', 'short');
    typeInto('password-confirm', 'shrt');
    fireEvent.click(screen.getByTestId('password-submit'));
    expect(await screen.findByText('两次输入的新密码不一致', {}, WAIT)).toBeTruthy();
    expect(server.requestsTo('/api/session/password')).toEqual([]);

    // A weak password comes back from the server as a translated error.
    typeInto('password-confirm', 'short');
    fireEvent.click(screen.getByTestId('password-submit'));
    const weak = await screen.findByTestId('password-error', {}, WAIT);
    expect(weak.textContent).toContain('请换一个更安全的密码。密码至少 12 位');

    typeInto('password-new', 'a-much-longer-passphrase');
    typeInto('password-confirm', 'a-much-longer-passphrase');
    fireEvent.click(screen.getByTestId('password-submit'));

    const title = await screen.findByTestId('ledger-title', {}, WAIT);
    expect(title.textContent).toBe('弋江区2023年二季度重点工作进展和完成情况');
    const changes = server.requestsTo('/api/session/password');
    expect(changes.at(-1)?.body).toEqual({
      currentPassword: 'initial-secret',
      newPassword: 'a-much-longer-passphrase',
    });
    expect(changes.at(-1)?.headers.get('x-requested-with')).toBe('duban');
  });

  it('switches to English, remembers it, and translates server codes too', async () => {
    installFakeServer({
      override: (request) =>
        request.method === 'POST'
          ? errorResponse(401, 'invalid-credentials', '密码错误')
          : undefined,
    });
    const first = renderApp();
    fireEvent.click(await screen.findByTestId('lang-switch', {}, WAIT));
    expect(await screen.findByText('Username', {}, WAIT)).toBeTruthy();
    expect(window.localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    first.unmount();

    renderApp();
    const form = (await screen.findByTestId('login-submit', {}, WAIT)).closest('form');
    if (!form) throw new Error('login submit outside a form');
    expect(within(form).getByText('Password')).toBeTruthy();
    submitLogin('admin', 'wrong');
    expect((await screen.findByTestId('login-error', {}, WAIT)).textContent).toContain(
      'Wrong username or password',
    );
  });
});
