import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/AuthContext';
import { ErrorBox, Loading } from '../components/Feedback';
import { DeclarationHeader } from '../declaration/DeclarationHeader';
import { DutiesPanel } from '../declaration/DutiesPanel';
import { GoodsPanel } from '../declaration/GoodsPanel';
import { HistoryTimeline } from '../declaration/HistoryTimeline';
import { PaymentPanel } from '../declaration/PaymentPanel';
import { useDeclaration } from '../declaration/useDeclaration';
import { listDeclarationActions } from '../api/endpoints';
import { useAsync } from '../hooks/useAsync';
import { ActionsPanel } from './ActionsPanel';
import { CorrectionPanel } from './CorrectionPanel';
import { InspectionPanel } from './InspectionPanel';
import { LedgerPanel } from './ledger/LedgerPanel';
import { RiskPanel } from './RiskPanel';

export function OfficerDeclarationPage() {
  const { t } = useTranslation();
  const { ref = '' } = useParams();
  const { user } = useAuth();
  const decl = useDeclaration(ref);
  const d = decl.data;
  // What the API would accept now, for the action buttons and the correction form.
  const options = useAsync((s) => listDeclarationActions(ref, s), [ref, decl.refreshKey]);

  if (decl.error) return <ErrorBox error={decl.error} onRetry={decl.reload} />;
  if (!d || !user) return <Loading />;
  const registered = d.mrn !== null;
  return (
    <div className="declaration-page">
      <p>
        <Link to="/officer">← {t('worklist.back')}</Link>
      </p>
      <DeclarationHeader d={d} />
      <div className="columns">
        <div>
          <GoodsPanel d={d} />
          <RiskPanel id={d.id} refreshKey={decl.refreshKey} />
          {registered && <DutiesPanel id={d.id} refreshKey={decl.refreshKey} />}
        </div>
        <div>
          <InspectionPanel d={d} refreshKey={decl.refreshKey} onRecorded={decl.refresh} />
          <ActionsPanel d={d} options={options.data?.actions} onDone={decl.refresh} />
          <CorrectionPanel
            d={d}
            allowed={options.data?.actions.some((o) => o.action === 'correct' && o.allowed) ?? false}
            onCorrected={decl.refresh}
          />
          {registered && <PaymentPanel id={d.id} refreshKey={decl.refreshKey} canPay={false} onPaid={decl.refresh} />}
          <HistoryTimeline id={d.id} refreshKey={decl.refreshKey} />
          {registered && <LedgerPanel id={d.id} />}
        </div>
      </div>
    </div>
  );
}
