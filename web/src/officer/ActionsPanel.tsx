// Lifecycle actions the officer may take now, as the API lists them
// (GET /v1/declarations/{ref}/actions): a button for each allowed move; release, while the goods
// wait for it, is shown disabled with what stands in the way, in words.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actOnDeclaration } from '../api/endpoints';
import type { ActionOption, DeclarationSummary, OfficerAction } from '../api/types';
import { ErrorBox, Loading } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { useApiAction } from '../hooks/useApiAction';
import { messageText } from '../i18n/dynamic';

type Label = 'requestDocuments' | 'physicalControl' | OfficerAction;

const DANGER = new Set(['hold', 'detain', 'invalidate']);
// Moves with panels of their own, or the trader's.
const ELSEWHERE = new Set(['correct', 'submit', 'amend', 'cancel']);

function labelOf(o: ActionOption): Label {
  if (o.action === 'control') return o.control === 'documentary' ? 'requestDocuments' : 'physicalControl';
  return o.action as OfficerAction;
}

export function ActionsPanel({ d, options, onDone }: { d: DeclarationSummary; options: ActionOption[] | undefined; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useApiAction();
  const shown = (options ?? []).filter((o) => !ELSEWHERE.has(o.action));
  const blocked = shown.filter((o) => !o.allowed);

  const act = (o: ActionOption) =>
    run(async () => {
      await actOnDeclaration(d.id, o.action as OfficerAction, reason.trim(), o.control);
      setReason('');
      onDone();
    });

  return (
    <section className="card" aria-labelledby="actions-heading" data-testid="actions-panel">
      <h2 id="actions-heading">{t('actions.title')}</h2>
      {!options ? (
        <Loading />
      ) : shown.length === 0 ? (
        <p className="muted">{t('actions.none')}</p>
      ) : (
        <>
          <LabelledInput id="action-reason" label={t('actions.reason')} value={reason} onChange={setReason} maxLength={512} />
          <div className="button-row">
            {shown.map((o) => {
              const label = labelOf(o);
              return (
                <button
                  key={label}
                  type="button"
                  className={DANGER.has(o.action) ? 'danger' : 'secondary'}
                  disabled={busy || !o.allowed}
                  onClick={() => act(o)}
                  data-testid={`action-${label}`}
                  data-allowed={o.allowed}
                >
                  {t(`actions.labels.${label}`)}
                </button>
              );
            })}
          </div>
          {blocked.map((o) => (
            <div key={labelOf(o)} className="alert alert-info" data-testid={`blocked-${labelOf(o)}`}>
              <strong>{o.action === 'release' ? t('messages.releaseBlocked') : t(`actions.labels.${labelOf(o)}`)}</strong>
              <ul>
                {o.reasons.map((r, i) => (
                  <li key={i} data-code={r.code}>
                    {messageText(r)}
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
