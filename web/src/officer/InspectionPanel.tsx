// Recording what an inspection found (POST /v1/declarations/{ref}/inspection) and the results so far.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { listInspections, recordInspection } from '../api/endpoints';
import type { DeclarationSummary, InspectionOutcome, State } from '../api/types';
import { ErrorBox } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { formatDateTime, formatMoney } from '../format';
import { useApiAction } from '../hooks/useApiAction';
import { useAsync } from '../hooks/useAsync';

// States in which the API accepts an inspection result.
const INSPECTABLE: State[] = ['under_control', 'assessed', 'held', 'detained', 'released', 'exited'];
const KINDS = ['undervaluation', 'misclassification', 'origin', 'quantity', 'prohibited'] as const;

export function InspectionPanel({ d, refreshKey, onRecorded }: { d: DeclarationSummary; refreshKey: number; onRecorded: () => void }) {
  const { t } = useTranslation();
  const list = useAsync((s) => listInspections(d.id, s), [d.id, refreshKey]);
  const [outcome, setOutcome] = useState<InspectionOutcome>('no_discrepancy');
  const [kind, setKind] = useState<string>('undervaluation');
  const [revenue, setRevenue] = useState('');
  const [notes, setNotes] = useState('');
  const { busy, error, run } = useApiAction();
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    await run(async () => {
      await recordInspection(d.id, {
        outcome,
        ...(outcome !== 'no_discrepancy' ? { kind } : {}),
        ...(outcome !== 'no_discrepancy' && revenue.trim() ? { additional_revenue: revenue.trim() } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setSaved(true);
      setNotes('');
      onRecorded();
    });
  }

  return (
    <section className="card" aria-labelledby="inspection-heading" data-testid="inspection-panel">
      <h2 id="inspection-heading">{t('inspection.title')}</h2>
      {list.data && list.data.items.length > 0 && (
        <ul className="inspections">
          {list.data.items.map((i) => (
            <li key={i.id} data-testid="inspection-result">
              <strong>{t(`inspection.outcomes.${i.outcome}`)}</strong>
              {i.kind && ` · ${i.kind}`}
              {i.additional_revenue !== '0.00' && ` · ${formatMoney(i.additional_revenue)}`}
              <div className="muted small">
                {formatDateTime(i.at)} · {i.officer}
                {i.notes ? ` · ${i.notes}` : ''}
              </div>
            </li>
          ))}
        </ul>
      )}
      {INSPECTABLE.includes(d.state) ? (
        <form onSubmit={submit} className="grid" data-testid="inspection-form">
          <div className="field">
            <label htmlFor="ins-outcome">{t('inspection.outcome')}</label>
            <select id="ins-outcome" value={outcome} onChange={(e) => setOutcome(e.target.value as InspectionOutcome)}>
              {(['no_discrepancy', 'discrepancy', 'seizure'] as const).map((o) => (
                <option key={o} value={o}>
                  {t(`inspection.outcomes.${o}`)}
                </option>
              ))}
            </select>
          </div>
          {outcome !== 'no_discrepancy' && (
            <>
              <div className="field">
                <label htmlFor="ins-kind">{t('inspection.kind')}</label>
                <select id="ins-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`inspection.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              <LabelledInput id="ins-revenue" label={t('inspection.additionalRevenue')} inputMode="decimal" value={revenue} onChange={setRevenue} />
            </>
          )}
          <div className="field span-2">
            <label htmlFor="ins-notes">{t('inspection.notes')}</label>
            <textarea id="ins-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} maxLength={4000} />
          </div>
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="record-inspection">
              {busy ? t('common.working') : t('inspection.record')}
            </button>
          </div>
        </form>
      ) : (
        <p className="muted">{t('inspection.notNow')}</p>
      )}
      {saved && (
        <p className="alert alert-success" role="status">
          {t('inspection.saved')}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
