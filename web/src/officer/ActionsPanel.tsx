// Lifecycle actions an officer may take now (POST /v1/declarations/{ref}/actions). Which actions
// are offered follows the table of actOnDeclaration in docs/openapi.yaml; the server still decides.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { actOnDeclaration } from '../api/endpoints';
import type { ControlType, DeclarationSummary, OfficerAction, Role, State } from '../api/types';
import { ErrorBox } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { useApiAction } from '../hooks/useApiAction';

interface Choice {
  action: OfficerAction;
  control?: ControlType;
  label: 'requestDocuments' | 'physicalControl' | OfficerAction;
  danger?: boolean;
}

function available(d: DeclarationSummary, role: Role): Choice[] {
  const s: State = d.state;
  const transit = d.type === 'TR';
  const supervisor = role === 'supervisor';
  const out: Choice[] = [];
  if (['registered', 'assessed', 'under_control'].includes(s)) {
    if (!(s === 'under_control' && d.control === 'documentary')) out.push({ action: 'control', control: 'documentary', label: 'requestDocuments' });
    if (!(s === 'under_control' && d.control === 'physical')) out.push({ action: 'control', control: 'physical', label: 'physicalControl' });
  }
  if (['registered', 'under_control'].includes(s)) out.push({ action: 'assess', label: 'assess' });
  if (s === 'assessed' || (transit && ['registered', 'under_control'].includes(s))) out.push({ action: 'release', label: 'release' });
  if (s === 'released' && d.type !== 'IM') out.push({ action: 'exit', label: 'exit' });
  if (['registered', 'under_control', 'assessed'].includes(s)) out.push({ action: 'hold', label: 'hold', danger: true });
  if (s === 'held') out.push({ action: 'unhold', label: 'unhold' });
  if (supervisor && ['registered', 'under_control', 'assessed', 'held'].includes(s)) out.push({ action: 'detain', label: 'detain', danger: true });
  if (supervisor && s === 'detained') out.push({ action: 'lift_detention', label: 'lift_detention' });
  if (supervisor && (['registered', 'under_control', 'assessed', 'held', 'detained'].includes(s) || (s === 'released' && d.type === 'EX')))
    out.push({ action: 'invalidate', label: 'invalidate', danger: true });
  return out;
}

export function ActionsPanel({ d, role, onDone }: { d: DeclarationSummary; role: Role; onDone: () => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const { busy, error, run } = useApiAction();
  const choices = available(d, role);

  const act = (c: Choice) =>
    run(async () => {
      await actOnDeclaration(d.id, c.action, reason.trim(), c.control);
      setReason('');
      onDone();
    });

  return (
    <section className="card" aria-labelledby="actions-heading" data-testid="actions-panel">
      <h2 id="actions-heading">{t('actions.title')}</h2>
      {choices.length === 0 ? (
        <p className="muted">{t('actions.none')}</p>
      ) : (
        <>
          <LabelledInput id="action-reason" label={t('actions.reason')} value={reason} onChange={setReason} maxLength={512} />
          <div className="button-row">
            {choices.map((c) => (
              <button
                key={c.label}
                type="button"
                className={c.danger ? 'danger' : 'secondary'}
                disabled={busy}
                onClick={() => act(c)}
                data-testid={`action-${c.label}`}
              >
                {t(`actions.labels.${c.label}`)}
              </button>
            ))}
          </div>
        </>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
