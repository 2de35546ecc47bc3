// One transit alert: its kind in the user's language, where and when, the server's detail, its
// state and who handled it; for officers who watch journeys, Acknowledge (optional note) and
// Resolve (note required) while it is not resolved.
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { acknowledgeAlert, resolveAlert } from '../../api/endpoints';
import type { TransitAlert } from '../../api/trackingTypes';
import { ErrorBox } from '../../components/Feedback';
import { formatTimestamp } from '../../format';
import { useApiAction } from '../../hooks/useApiAction';
import { alertDetail, alertKindLabel, alertStateLabel, journeyPath, journeyStateLabel } from './labels';

export function AlertStateBadge({ state }: { state: string }) {
  useTranslation(); // re-render on language change
  return (
    <span className={`badge alert-state alert-state-${state}`} data-testid="alert-state" data-state={state}>
      {alertStateLabel(state)}
    </span>
  );
}

export function JourneyStateBadge({ state }: { state: string }) {
  useTranslation();
  return (
    <span className={`badge journey-state journey-${state}`} data-testid="journey-state" data-state={state}>
      {journeyStateLabel(state)}
    </span>
  );
}

export function AlertKindBadge({ alert }: { alert: TransitAlert }) {
  useTranslation();
  return (
    <span className={`badge alert-kind ${alert.blocks_discharge ? 'alert-blocking' : 'alert-info-kind'}`} data-testid="alert-kind" data-kind={alert.kind}>
      {alertKindLabel(alert.kind)}
    </span>
  );
}

interface Props {
  alert: TransitAlert;
  /** The journey's MRN, when known: shown with a link to the journey. */
  mrn?: string;
  /** Whether the user may act (watch_journeys). */
  canAct: boolean;
  onChanged: (a: TransitAlert) => void;
  /** Shows the journey (MRN and link); off on the journey's own page. */
  withJourney?: boolean;
}

/** Who handled the alert, and the note. */
export function AlertHandling({ alert }: { alert: TransitAlert }) {
  const { t } = useTranslation();
  return (
    <>
      {alert.acknowledged_at && (
        <div className="muted small" data-testid="alert-acknowledged-by">
          {t('transit.acknowledgedBy', { who: alert.acknowledged_by, time: formatTimestamp(alert.acknowledged_at) })}
        </div>
      )}
      {alert.resolved_at && (
        <div className="muted small" data-testid="alert-resolved-by">
          {t('transit.resolvedBy', { who: alert.resolved_by, time: formatTimestamp(alert.resolved_at) })}
        </div>
      )}
      {alert.note && (
        <div className="reason" data-testid="alert-note">
          {t('transit.noteGiven', { note: alert.note })}
        </div>
      )}
    </>
  );
}

export function AlertActions({ alert, canAct, onChanged }: Pick<Props, 'alert' | 'canAct' | 'onChanged'>) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const { busy, error, run } = useApiAction();
  if (!canAct || alert.state === 'resolved') return null;
  const noteId = `alert-note-${alert.id}`;
  const act = (what: 'acknowledge' | 'resolve') =>
    run(async () => {
      const updated = what === 'acknowledge' ? await acknowledgeAlert(alert.id, note.trim()) : await resolveAlert(alert.id, note.trim());
      setNote('');
      onChanged(updated);
    });
  return (
    <div className="alert-actions">
      <div className="field">
        <label htmlFor={noteId}>{t('transit.note')}</label>
        <input
          id={noteId}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={t('transit.notePlaceholder')}
          maxLength={2000}
          data-testid="alert-note-input"
        />
      </div>
      <div className="button-row">
        {alert.state === 'open' && (
          <button type="button" className="secondary" disabled={busy} onClick={() => act('acknowledge')} data-testid="alert-acknowledge">
            {t('transit.acknowledge')}
          </button>
        )}
        <button type="button" disabled={busy || !note.trim()} onClick={() => act('resolve')} data-testid="alert-resolve">
          {t('transit.resolve')}
        </button>
      </div>
      {error && <ErrorBox error={error} />}
    </div>
  );
}

export function AlertItem({ alert, mrn, canAct, onChanged, withJourney = true }: Props) {
  const { t } = useTranslation();
  return (
    <li className={`alert-item alert-item-${alert.state}`} data-testid={`alert-${alert.id}`} data-kind={alert.kind} data-state={alert.state}>
      <div className="timeline-head">
        <AlertKindBadge alert={alert} />
        <AlertStateBadge state={alert.state} />
        {alert.blocks_discharge && alert.state !== 'resolved' && <span className="small bad">{t('transit.blocks')}</span>}
      </div>
      <dl className="facts compact">
        {withJourney && (
          <div>
            <dt>{t('transit.mrn')}</dt>
            <dd>
              <Link to={journeyPath(alert.journey)} data-testid="alert-journey-link">
                {mrn || `#${alert.journey}`}
              </Link>
            </dd>
          </div>
        )}
        <div>
          <dt>{t('transit.device')}</dt>
          <dd className="mono">{alert.device || '—'}</dd>
        </div>
        <div>
          <dt>{t('transit.time')}</dt>
          <dd>{formatTimestamp(alert.time)}</dd>
        </div>
        <div className="span-facts">
          <dt>{t('transit.detail')}</dt>
          <dd className="alert-detail">{alertDetail(alert) || '—'}</dd>
        </div>
      </dl>
      <AlertHandling alert={alert} />
      <AlertActions alert={alert} canAct={canAct} onChanged={onChanged} />
    </li>
  );
}
