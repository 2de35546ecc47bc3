import { useTranslation } from 'react-i18next';
import type { DeclarationSummary } from '../api/types';
import { LaneBadge, StateBadge } from '../components/Badges';
import { formatDateTime, formatMoney } from '../format';
import { stateLabel } from '../i18n/dynamic';

export function DeclarationHeader({ d }: { d: DeclarationSummary }) {
  const { t } = useTranslation();
  return (
    <section className="card decl-header" data-testid="declaration-header" data-id={d.id} data-mrn={d.mrn ?? ''}>
      <div className="decl-title">
        <h1>
          {t('decl.declaration')} <span className="mono">{d.mrn ?? d.lrn}</span>
        </h1>
        <div className="badges">
          <StateBadge state={d.state} control={d.control} />
          <span>
            {t('decl.lane')}: <LaneBadge lane={d.lane} />
          </span>
        </div>
      </div>
      <dl className="facts">
        <div>
          <dt>{t('decl.lrn')}</dt>
          <dd className="mono">{d.lrn}</dd>
        </div>
        <div>
          <dt>{t('decl.mrn')}</dt>
          <dd className="mono">{d.mrn ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('decl.type')}</dt>
          <dd>{t(`declType.${d.type}`)}</dd>
        </div>
        <div>
          <dt>{t('decl.office')}</dt>
          <dd>{d.office}</dd>
        </div>
        <div>
          <dt>{t('decl.declarant')}</dt>
          <dd>{d.declarant_tin}</dd>
        </div>
        <div>
          <dt>{t('decl.items')}</dt>
          <dd>{d.item_count}</dd>
        </div>
        <div>
          <dt>{t('decl.invoiceTotal')}</dt>
          <dd>{formatMoney(d.invoice_total, d.invoice_currency)}</dd>
        </div>
        <div>
          <dt>{t('decl.version')}</dt>
          <dd>{d.version}</dd>
        </div>
        <div>
          <dt>{t('decl.updated')}</dt>
          <dd>{formatDateTime(d.updated_at)}</dd>
        </div>
        {d.resumes_to && (
          <div>
            <dt>{t('decl.resumesTo')}</dt>
            <dd>{stateLabel(d.resumes_to)}</dd>
          </div>
        )}
      </dl>
    </section>
  );
}
