import { ROLES } from '@duban/core';
import type { AdminUser, Role } from '@duban/core';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';

import { useUnitsQuery, useUserAdminMutation, useUsersQuery } from '../api/round.ts';
import { PageError, PageLoading } from '../components/page-state.tsx';
import { useT } from '../i18n/locale-context.tsx';
import type { Translate } from '../i18n/messages.ts';
import { describeError } from '../lib/error-message.ts';

function roleLabels(t: Translate): Record<Role, string> {
  return {
    admin: t('round.users.role.admin'),
    reporter: t('round.users.role.reporter'),
    unit_head: t('round.users.role.unit_head'),
    leader: t('round.users.role.leader'),
    viewer: t('round.users.role.viewer'),
  };
}

/** A user's e-mail address, editable in place; saved with the button (the server validates). */
function EmailCell({
  user,
  saving,
  onSave,
}: {
  user: AdminUser;
  saving: boolean;
  onSave: (email: string) => void;
}) {
  const t = useT();
  const [value, setValue] = useState(user.email ?? '');
  const changed = value !== (user.email ?? '');
  return (
    <Space.Compact size="small">
      <Input
        data-testid={`user-email-${user.username}`}
        type="email"
        size="small"
        style={{ width: 200 }}
        placeholder={t('round.users.email')}
        title={t('round.users.emailHint')}
        value={value}
        onChange={(event) => {
          setValue(event.target.value.trim());
        }}
      />
      <Button
        size="small"
        data-testid={`user-email-save-${user.username}`}
        disabled={!changed}
        loading={saving && changed}
        onClick={() => {
          onSave(value);
        }}
      >
        {t('round.users.emailSave')}
      </Button>
    </Space.Compact>
  );
}

/** 用户管理 for the office: list, create, reset a password (shown once), disable, e-mail. */
export function UsersPage() {
  const t = useT();
  const users = useUsersQuery();
  const units = useUnitsQuery();
  const change = useUserAdminMutation();
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('reporter');
  const [unitId, setUnitId] = useState<number | undefined>(undefined);
  const [email, setEmail] = useState('');
  const roles = roleLabels(t);
  if (users.isPending) return <PageLoading />;
  if (users.isError) return <PageError error={users.error} onRetry={() => void users.refetch()} />;
  const shownPassword = change.data?.password;
  return (
    <div className="board-page">
      <Typography.Title level={4}>{t('round.users.title')}</Typography.Title>
      <Space wrap>
        <Input
          data-testid="user-new-name"
          placeholder={t('round.users.username')}
          value={username}
          onChange={(event) => {
            setUsername(event.target.value.trim());
          }}
        />
        <Select<Role>
          data-testid="user-new-role"
          value={role}
          style={{ width: 140 }}
          onChange={setRole}
          options={ROLES.map((value) => ({ value, label: roles[value] }))}
        />
        <Select<number>
          data-testid="user-new-unit"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('round.users.unit')}
          style={{ width: 260 }}
          value={unitId}
          onChange={setUnitId}
          options={(units.data ?? []).map((unit) => ({ value: unit.id, label: unit.name }))}
        />
        <Input
          data-testid="user-new-email"
          type="email"
          placeholder={t('round.users.email')}
          title={t('round.users.emailHint')}
          style={{ width: 220 }}
          value={email}
          onChange={(event) => {
            setEmail(event.target.value.trim());
          }}
        />
        <Button
          type="primary"
          data-testid="user-new-submit"
          disabled={username === ''}
          loading={change.isPending}
          onClick={() => {
            change.mutate({
              kind: 'create',
              body: {
                username,
                role,
                ...(unitId === undefined ? {} : { unitId }),
                ...(email === '' ? {} : { email }),
              },
            });
          }}
        >
          {t('round.users.create')}
        </Button>
      </Space>
      {change.isError ? <Alert type="error" title={describeError(change.error, t)} /> : null}
      {shownPassword === undefined || change.data === undefined ? null : (
        <Alert
          type="success"
          data-testid="user-password"
          title={t('round.users.password', {
            username: change.data.user.username,
            password: shownPassword,
          })}
        />
      )}
      <Table<AdminUser>
        size="small"
        rowKey="id"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={users.data}
        columns={[
          { title: t('round.users.username'), dataIndex: 'username', key: 'username' },
          { title: t('round.users.displayName'), dataIndex: 'displayName', key: 'displayName' },
          {
            title: t('round.users.roleTitle'),
            key: 'role',
            render: (_: unknown, user) => roles[user.role],
          },
          {
            title: t('round.users.unit'),
            key: 'unit',
            render: (_: unknown, user) => user.unit?.name ?? '—',
          },
          {
            title: t('round.users.email'),
            key: 'email',
            render: (_: unknown, user) =>
              user.disabled ? (
                (user.email ?? '—')
              ) : (
                <EmailCell
                  user={user}
                  saving={change.isPending}
                  onSave={(value) => {
                    change.mutate({ kind: 'email', id: user.id, email: value });
                  }}
                />
              ),
          },
          {
            title: '',
            key: 'status',
            render: (_: unknown, user) =>
              user.disabled ? <Tag color="error">{t('round.users.disabled')}</Tag> : null,
          },
          {
            title: '',
            key: 'actions',
            render: (_: unknown, user) =>
              user.disabled ? null : (
                <Space>
                  <Button
                    size="small"
                    data-testid={`user-reset-${user.username}`}
                    onClick={() => {
                      change.mutate({ kind: 'reset', id: user.id });
                    }}
                  >
                    {t('round.users.reset')}
                  </Button>
                  <Button
                    size="small"
                    danger
                    data-testid={`user-disable-${user.username}`}
                    onClick={() => {
                      change.mutate({ kind: 'disable', id: user.id });
                    }}
                  >
                    {t('round.users.disable')}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
    </div>
  );
}
