// The trader's requests on a lodged declaration: amendment (a new version, on its own page) and
// cancellation (a draft is cancelled, a lodged declaration invalidated where the lifecycle allows).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { cancelDeclaration } from '../api/endpoints';
import type { DeclarationSummary, State } from '../api/types';
import { ErrorBox } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { useApiAction } from '../hooks/useApiAction';

// Where the API allows the trader to amend (openapi: amendDeclaration) and to cancel/invalidate.
const AMENDABLE: State[] = ['draft', 'registered', 'assessed', 'under_control'];
const CANCELLABLE: State[] = ['draft', 'registered', 'under_control'];

export function RequestsPanel({ d, onChanged }: { d: DeclarationSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useApiAction();
  const amendable = AMENDABLE.includes(d.state) && !(d.state === 'under_control' && d.control === 'physical');
  // Released goods can be invalidated only for an export whose goods did not leave.
  const cancellable =
    (CANCELLABLE.includes(d.state) && !(d.state === 'under_control' && d.control === 'physical')) || (d.state === 'released' && d.type === 'EX');

  if (!amendable && !cancellable) return null;

  async function cancel() {
    if (!window.confirm(t('requests.confirmCancel'))) return;
    await run(async () => {
      await cancelDeclaration(d.id, reason.trim());
      onChanged();
    });
  }

  return (
    <section className="card" aria-labelledby="requests-heading">
      <h2 id="requests-heading">{t('requests.title')}</h2>
      {amendable && (
        <p>
          <Link className="button secondary" to={`/trader/declarations/${d.id}/amend`}>
            {t('requests.amend')}
          </Link>
        </p>
      )}
      {cancellable && (
        <div className="inline-form">
          <LabelledInput id="cancel-reason" label={t('requests.cancelReason')} value={reason} onChange={setReason} maxLength={512} />
          <button type="button" className="danger" onClick={cancel} disabled={busy}>
            {d.state === 'draft' ? t('requests.cancel') : t('requests.invalidate')}
          </button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
