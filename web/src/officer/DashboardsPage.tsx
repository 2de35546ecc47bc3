// Dashboards over the reports of the API: what the risk engine selected and found, how long
// clearance took, and the revenue collected. Charts are Apache ECharts.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { todayIso } from '../format';
import { ClearanceDashboard } from './dashboards/ClearanceDashboard';
import { RevenueDashboard } from './dashboards/RevenueDashboard';
import { RiskDashboard } from './dashboards/RiskDashboard';

function daysAgo(n: number): string {
  return new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
}

export function DashboardsPage() {
  const { t } = useTranslation();
  const [from, setFrom] = useState(daysAgo(29));
  const [to, setTo] = useState(todayIso());
  const [office, setOffice] = useState('');
  const [period, setPeriod] = useState({ from, to, office });

  function apply(e: FormEvent) {
    e.preventDefault();
    setPeriod({ from, to, office: office.trim().toUpperCase() });
  }

  return (
    <section>
      <h1>{t('dashboards.title')}</h1>
      <form className="filters card" onSubmit={apply}>
        <div className="field">
          <label htmlFor="db-from">{t('common.from')}</label>
          <input id="db-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="db-to">{t('common.to')}</label>
          <input id="db-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="db-office">{t('decl.office')}</label>
          <input id="db-office" value={office} onChange={(e) => setOffice(e.target.value)} placeholder={t('common.all')} />
        </div>
        <button type="submit">{t('common.apply')}</button>
      </form>
      <RiskDashboard from={period.from} to={period.to} />
      <ClearanceDashboard from={period.from} to={period.to} office={period.office} />
      <RevenueDashboard from={period.from} to={period.to} office={period.office} />
    </section>
  );
}
