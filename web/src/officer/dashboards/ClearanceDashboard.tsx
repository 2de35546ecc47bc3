// How long released goods waited from registration to release (GET /v1/reports/clearance): the
// histogram per lane and the median, 90th percentile, mean and longest wait per lane.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { getClearanceReport } from '../../api/endpoints';
import type { ClearanceFigures } from '../../api/officerTypes';
import { EChart } from '../../components/EChart';
import { ErrorBox, Loading } from '../../components/Feedback';
import { formatNumber } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { CLEARANCE_LANES, clearanceLaneLabel, clearanceOption } from './chartOptions';

/** A wait in the largest unit that keeps it readable: 0.02 s, 42 s, 5 min, 1.5 h, 3 d. */
export function formatDuration(t: TFunction, seconds: number): string {
  if (seconds < 60) return t('duration.seconds', { n: formatNumber(seconds, seconds < 10 ? 2 : 0) });
  if (seconds < 3600) return t('duration.minutes', { n: formatNumber(seconds / 60, 1) });
  if (seconds < 86400) return t('duration.hours', { n: formatNumber(seconds / 3600, 1) });
  return t('duration.days', { n: formatNumber(seconds / 86400, 1) });
}

export function ClearanceDashboard({ from, to, office }: { from: string; to: string; office: string }) {
  const { t } = useTranslation();
  const report = useAsync((s) => getClearanceReport(from, to, office, s), [from, to, office]);
  const r = report.data;
  const option = useMemo(() => {
    if (!r) return undefined;
    const bucket = (upTo: number | null, previous: number | null) =>
      upTo === null ? t('dashboards.longerThan', { d: formatDuration(t, previous ?? 0) }) : t('dashboards.upTo', { d: formatDuration(t, upTo) });
    return clearanceOption(r, bucket, t('dashboards.waitAxis'));
  }, [r, t]);

  return (
    <section className="card" data-testid="clearance-dashboard" aria-labelledby="clearance-heading">
      <h2 id="clearance-heading">{t('dashboards.clearanceTime')}</h2>
      <p className="muted small">{t('dashboards.clearanceNote')}</p>
      {report.error && <ErrorBox error={report.error} onRetry={report.reload} />}
      {!report.error && (!r || !option) && <Loading />}
      {r && option && (
        <>
          {r.total.released === 0 ? (
            <p className="muted">{t('dashboards.noReleases')}</p>
          ) : (
            <EChart option={option} label={t('dashboards.clearanceTime')} />
          )}
          <div className="table-scroll">
            <table data-testid="clearance-figures">
              <thead>
                <tr>
                  <th>{t('decl.lane')}</th>
                  <th className="num">{t('dashboards.released')}</th>
                  <th className="num">{t('dashboards.p50')}</th>
                  <th className="num">{t('dashboards.p90')}</th>
                  <th className="num">{t('dashboards.mean')}</th>
                  <th className="num">{t('dashboards.max')}</th>
                </tr>
              </thead>
              <tbody>
                {CLEARANCE_LANES.filter((l) => r.lanes[l]).map((l) => (
                  <FiguresRow key={l} testId={`clearance-${l}`} label={clearanceLaneLabel(l)} f={r.lanes[l]!} />
                ))}
                <FiguresRow testId="clearance-total" label={t('dashboards.total')} f={r.total} strong />
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

function FiguresRow({ label, f, testId, strong }: { label: string; f: ClearanceFigures; testId: string; strong?: boolean }) {
  const { t } = useTranslation();
  const d = (s: number) => (f.released ? formatDuration(t, s) : '—');
  return (
    <tr data-testid={testId} data-released={f.released} className={strong ? 'total-row' : undefined}>
      <td>{label}</td>
      <td className="num">{f.released}</td>
      <td className="num">{d(f.p50_s)}</td>
      <td className="num">{d(f.p90_s)}</td>
      <td className="num">{d(f.mean_s)}</td>
      <td className="num">{d(f.max_s)}</td>
    </tr>
  );
}
