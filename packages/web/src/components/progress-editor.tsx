import type { RoundEntryDto, StaleVersionDetails } from '@duban/core';
import { Alert, Button, Input, Space, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiError } from '../api/client.ts';
import { partKey, saveProgress } from '../api/round.ts';
import { useT } from '../i18n/locale-context.tsx';
import { describeError } from '../lib/error-message.ts';

/** Typing pauses this long before a draft is saved. */
export const AUTOSAVE_DELAY_MS = 800;

type SaveStatus = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict';

function isStaleDetails(details: unknown): details is StaleVersionDetails {
  return (
    typeof details === 'object' &&
    details !== null &&
    'yours' in details &&
    'current' in details &&
    typeof details.current === 'object' &&
    details.current !== null &&
    'version' in details.current
  );
}

interface ProgressEditorProps {
  taskId: number;
  period: string;
  entry: RoundEntryDto;
  /** Told after every successful save, so the page can offer "submit" on the saved text. */
  onSaved: (entry: RoundEntryDto) => void;
  onDirtyChange: (dirty: boolean) => void;
}

/**
 * The draft editor: saves as the person types (debounced), based on the version it loaded; a
 * 409 stale-version shows both texts and lets the person choose, so no work is lost. A new
 * entry starts from last period's text ("report once").
 */
export function ProgressEditor({
  taskId,
  period,
  entry,
  onSaved,
  onDirtyChange,
}: ProgressEditorProps) {
  const t = useT();
  const id = `${taskId}-${partKey(entry.part)}`;
  const prefilled = entry.version === 0 && entry.text === '' && entry.previousText !== null;
  const [text, setText] = useState(prefilled ? (entry.previousText ?? '') : entry.text);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState<string>('');
  const [conflict, setConflict] = useState<StaleVersionDetails | undefined>(undefined);
  const version = useRef(entry.version);
  const saving = useRef(false);
  const pending = useRef<string | undefined>(undefined);

  useEffect(() => {
    onDirtyChange(
      status === 'dirty' ||
        status === 'saving' ||
        status === 'conflict' ||
        (status === 'idle' && prefilled),
    );
  }, [status, prefilled, onDirtyChange]);

  const save = useCallback(
    async (value: string, baseVersion: number) => {
      if (saving.current) {
        pending.current = value;
        return;
      }
      saving.current = true;
      setStatus('saving');
      try {
        const saved = await saveProgress(taskId, {
          period,
          part: entry.part,
          baseVersion,
          text: value,
        });
        version.current = saved.version;
        onSaved(saved);
        setStatus(pending.current === undefined ? 'saved' : 'dirty');
      } catch (caught) {
        if (
          caught instanceof ApiError &&
          caught.code === 'stale-version' &&
          isStaleDetails(caught.details)
        ) {
          setConflict(caught.details);
          setStatus('conflict');
          pending.current = undefined;
        } else {
          setError(describeError(caught, t));
          setStatus('error');
        }
      } finally {
        saving.current = false;
      }
      const next = pending.current;
      if (next !== undefined) {
        pending.current = undefined;
        void save(next, version.current);
      }
    },
    [taskId, period, entry.part, onSaved, t],
  );

  useEffect(() => {
    if (status !== 'dirty') return undefined;
    const timer = window.setTimeout(() => {
      void save(text, version.current);
    }, AUTOSAVE_DELAY_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [text, status, save]);

  const statusText: Record<SaveStatus, string> = {
    idle: prefilled ? t('round.prefilled') : '',
    dirty: t('round.unsaved'),
    saving: t('round.saving'),
    saved: t('round.saved'),
    error: error,
    conflict: t('round.conflict'),
  };

  return (
    <div className="progress-editor">
      <div className="progress-editor-columns">
        <div className="progress-editor-main">
          <Input.TextArea
            data-testid={`editor-${id}`}
            value={text}
            autoSize={{ minRows: 3, maxRows: 12 }}
            disabled={status === 'conflict'}
            onChange={(event) => {
              setText(event.target.value);
              setStatus('dirty');
            }}
          />
          <Typography.Text
            type={status === 'error' ? 'danger' : 'secondary'}
            data-testid={`save-status-${id}`}
          >
            {statusText[status]}
          </Typography.Text>
        </div>
        {entry.previousText === null ? null : (
          <div className="progress-editor-previous" data-testid={`previous-${id}`}>
            <Typography.Text type="secondary">{t('round.previous')}</Typography.Text>
            <div className="pre-wrap muted">{entry.previousText}</div>
          </div>
        )}
      </div>
      {conflict === undefined ? null : (
        <Alert
          type="warning"
          data-testid={`conflict-${id}`}
          title={t('round.conflictTitle', { who: conflict.current.updatedBy ?? '—' })}
          description={
            <div className="conflict-texts">
              <div>
                <Typography.Text strong>{t('round.conflictTheirs')}</Typography.Text>
                <div className="pre-wrap" data-testid={`conflict-theirs-${id}`}>
                  {conflict.current.text}
                </div>
              </div>
              <div>
                <Typography.Text strong>{t('round.conflictYours')}</Typography.Text>
                <div className="pre-wrap" data-testid={`conflict-yours-${id}`}>
                  {conflict.yours}
                </div>
              </div>
              <Space>
                <Button
                  data-testid={`conflict-keep-mine-${id}`}
                  onClick={() => {
                    const mine = conflict.yours;
                    version.current = conflict.current.version;
                    setConflict(undefined);
                    setText(mine);
                    void save(mine, conflict.current.version);
                  }}
                >
                  {t('round.keepMine')}
                </Button>
                <Button
                  data-testid={`conflict-take-theirs-${id}`}
                  onClick={() => {
                    version.current = conflict.current.version;
                    setText(conflict.current.text);
                    setConflict(undefined);
                    setStatus('saved');
                  }}
                >
                  {t('round.takeTheirs')}
                </Button>
              </Space>
            </div>
          }
        />
      )}
    </div>
  );
}
