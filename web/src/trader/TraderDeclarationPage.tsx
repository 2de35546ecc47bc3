import { useLocation, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DeclarationSummary } from '../api/types';
import { ErrorBox, Loading } from '../components/Feedback';
import { DeclarationHeader } from '../declaration/DeclarationHeader';
import { DutiesPanel } from '../declaration/DutiesPanel';
import { HistoryTimeline } from '../declaration/HistoryTimeline';
import { GoodsPanel } from '../declaration/GoodsPanel';
import { PagedNotifications } from '../declaration/NotificationList';
import { PaymentPanel } from '../declaration/PaymentPanel';
import { useDeclaration } from '../declaration/useDeclaration';
import { fieldErrorText, laneLabel } from '../i18n/dynamic';
import { RequestsPanel } from './RequestsPanel';

export function TraderDeclarationPage() {
  const { t } = useTranslation();
  const { ref = '' } = useParams();
  const location = useLocation();
  const lodged = (location.state as { lodged?: DeclarationSummary } | null)?.lodged;
  const decl = useDeclaration(ref);
  const d = decl.data;

  if (decl.error) return <ErrorBox error={decl.error} onRetry={decl.reload} />;
  if (!d) return <Loading />;
  const registered = d.mrn !== null;
  return (
    <div className="declaration-page">
      {lodged && lodged.id === d.id && (
        <div className="alert alert-success" role="status" data-testid="lodged-banner">
          {t('lodge.lodgedBanner', { mrn: lodged.mrn ?? lodged.lrn, lane: laneLabel(lodged.lane) })}
          {lodged.warnings && lodged.warnings.length > 0 && (
            <ul>
              {lodged.warnings.map((w, i) => (
                <li key={i}>{fieldErrorText(w)}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <DeclarationHeader d={d} />
      <div className="columns">
        <div>
          <GoodsPanel d={d} />
          {registered && <DutiesPanel id={d.id} refreshKey={decl.refreshKey} />}
          {registered && <PaymentPanel id={d.id} refreshKey={decl.refreshKey} canPay onPaid={decl.refresh} />}
        </div>
        <div>
          <HistoryTimeline id={d.id} refreshKey={decl.refreshKey} />
          <section className="card" aria-labelledby="decl-notes-heading">
            <h2 id="decl-notes-heading">{t('notifications.title')}</h2>
            <PagedNotifications declarationId={d.id} refreshKey={decl.refreshKey} pageSize={10} />
          </section>
          <RequestsPanel d={d} onChanged={decl.refresh} />
        </div>
      </div>
    </div>
  );
}
