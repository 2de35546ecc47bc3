// Dashboards over the reports of the API: what the risk engine selected and found, how long
// clearance took, and the revenue collected. Charts are Apache ECharts.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LabelledInput } from '../components/LabelledInput';
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
        <LabelledInput id="db-from" label={t('common.from')} type="date" value={from} onChange={setFrom} />
        <LabelledInput id="db-to" label={t('common.to')} type="date" value={to} onChange={setTo} />
        <LabelledInput id="db-office" label={t('decl.office')} value={office} onChange={setOffice} placeholder={t('common.all')} />
        <button type="submit">{t('common.apply')}</button>
      </form>
      <RiskDashboard from={period.from} to={period.to} />
      <ClearanceDashboard from={period.from} to={period.to} office={period.office} />
      <RevenueDashboard from={period.from} to={period.to} office={period.office} />
    </section>
  );
}
