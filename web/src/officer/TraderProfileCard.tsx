import { useTranslation } from 'react-i18next';
import { getTraderProfile } from '../api/endpoints';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDate, formatPercent } from '../format';
import { useAsync } from '../hooks/useAsync';

export function TraderProfileCard({ tin, refreshKey }: { tin: string; refreshKey: number }) {
  const { t } = useTranslation();
  const p = useAsync((s) => getTraderProfile(tin, s), [tin, refreshKey]);
  return (
    <div data-testid="trader-profile">
      <h3>{t('risk.profileTitle', { tin })}</h3>
      {p.loading && !p.data && <Loading />}
      {p.error && <ErrorBox error={p.error} />}
      {p.data && (
        <dl className="facts">
          <div>
            <dt>{t('risk.declarations')}</dt>
            <dd>{p.data.declarations}</dd>
          </div>
          <div>
            <dt>{t('risk.inspections')}</dt>
            <dd>{p.data.inspections}</dd>
          </div>
          <div>
            <dt>{t('risk.hits')}</dt>
            <dd>{p.data.hits}</dd>
          </div>
          <div>
            <dt>{t('risk.hitRate')}</dt>
            <dd>{formatPercent(p.data.hit_rate)}</dd>
          </div>
          <div>
            <dt>{t('risk.smoothedHitRate')}</dt>
            <dd>{formatPercent(p.data.smoothed_hit_rate)}</dd>
          </div>
          <div>
            <dt>{t('risk.aeo')}</dt>
            <dd>{p.data.aeo ? t('common.yes') : t('common.no')}</dd>
          </div>
          <div>
            <dt>{t('risk.firstDeclaration')}</dt>
            <dd>{formatDate(p.data.first_declaration)}</dd>
          </div>
          <div>
            <dt>{t('risk.lastHit')}</dt>
            <dd>{formatDate(p.data.last_hit)}</dd>
          </div>
        </dl>
      )}
    </div>
  );
}
