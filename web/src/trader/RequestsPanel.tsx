// The trader's requests on a lodged declaration: amendment (a new version, on its own page) and
// cancellation (a draft is cancelled, a lodged declaration invalidated where the lifecycle allows).
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { cancelDeclaration } from '../api/endpoints';
import type { DeclarationSummary, State } from '../api/types';
import { ErrorBox } from '../components/Feedback';

// Where the API allows the trader to amend (openapi: amendDeclaration) and to cancel/invalidate.
const AMENDABLE: State[] = ['draft', 'registered', 'assessed', 'under_control'];
const CANCELLABLE: State[] = ['draft', 'registered', 'under_control'];

export function RequestsPanel({ d, onChanged }: { d: DeclarationSummary; onChanged: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const amendable = AMENDABLE.includes(d.state) && !(d.state === 'under_control' && d.control === 'physical');
  // Released goods can be invalidated only for an export whose goods did not leave.
  const cancellable =
    (CANCELLABLE.includes(d.state) && !(d.state === 'under_control' && d.control === 'physical')) || (d.state === 'released' && d.type === 'EX');

  if (!amendable && !cancellable) return null;

  async function cancel() {
    if (!window.confirm(t('requests.confirmCancel'))) return;
    setBusy(true);
    setError(undefined);
    try {
      await cancelDeclaration(d.id, reason.trim());
      onChanged();
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else throw e;
    } finally {
      setBusy(false);
    }
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
          <div className="field">
            <label htmlFor="cancel-reason">{t('requests.cancelReason')}</label>
            <input id="cancel-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={512} />
          </div>
          <button type="button" className="danger" onClick={cancel} disabled={busy}>
            {d.state === 'draft' ? t('requests.cancel') : t('requests.invalidate')}
          </button>
        </div>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
