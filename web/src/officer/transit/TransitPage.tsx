// The live transit map of the officer console: every route of the library, a marker per device of
// each open journey at its last fix (red while its journey has an unresolved alert that blocks
// discharge), the unresolved alerts to acknowledge and resolve, and the open journeys. Positions,
// alerts and journeys are read again every 5 seconds.
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { listOpenJourneys, listPositions, listUnresolvedAlerts } from '../../api/endpoints';
import type { Journey, Position, TransitAlert } from '../../api/trackingTypes';
import { useAuth } from '../../auth/AuthContext';
import { Empty, ErrorBox, Loading } from '../../components/Feedback';
import { formatDateTime, formatNumber, formatTimestamp } from '../../format';
import { useAsync } from '../../hooks/useAsync';
import { AlertItem, JourneyStateBadge } from './AlertItem';
import { canWatch, journeyPath, routeName, sealLabel } from './labels';
import { TransitMap, type MapMarker } from './TransitMap';
import { useBasemap, useInterval, useRoutes } from './useTracking';

const RED = '#c0392b';
const GREEN = '#1e8449';

/** The popup of a position: what the officer needs to decide whether to open the journey. */
function positionPopup(p: Position, mrn: string, rows: [string, string][], linkText: string, open: () => void): HTMLElement {
  const root = document.createElement('div');
  root.className = 'position-popup';
  root.dataset.testid = 'position-popup';
  const title = document.createElement('strong');
  title.textContent = mrn;
  root.appendChild(title);
  const dl = document.createElement('dl');
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    dl.append(dt, dd);
  }
  root.appendChild(dl);
  const a = document.createElement('a');
  a.href = journeyPath(p.journey);
  a.textContent = linkText;
  a.addEventListener('click', (e) => {
    e.preventDefault();
    open();
  });
  root.appendChild(a);
  return root;
}

export function TransitPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { user } = useAuth();
  const basemap = useBasemap();
  const routes = useRoutes();
  const positions = useAsync((s) => listPositions(s), []);
  const alerts = useAsync((s) => listUnresolvedAlerts(s), []);
  const journeys = useAsync((s) => listOpenJourneys(s), []);
  const [updatedAt, setUpdatedAt] = useState<string>();
  // Alerts handled here since the page opened: shown in their new state (a resolved one stays in
  // the list, marked, until the page is left) whatever the last poll said.
  const [handled, setHandled] = useState<Map<number, TransitAlert>>(new Map());

  useInterval(() => {
    positions.reload();
    alerts.reload();
    journeys.reload();
  }, 5000);
  useEffect(() => {
    if (positions.data) setUpdatedAt(new Date().toISOString());
  }, [positions.data]);

  const journeyById = useMemo(() => new Map<number, Journey>((journeys.data?.items ?? []).map((j) => [j.id, j])), [journeys.data]);
  const shownAlerts = useMemo(() => {
    const byId = new Map<number, TransitAlert>();
    for (const a of alerts.data?.items ?? []) byId.set(a.id, a);
    for (const [id, a] of handled) {
      const polled = byId.get(id);
      // The newer of the two: a poll answered before the action must not undo it.
      if (!polled || a.state === 'resolved' || (a.state === 'acknowledged' && polled.state === 'open')) byId.set(id, a);
    }
    return [...byId.values()].sort((a, b) => (a.state === 'resolved' ? 1 : 0) - (b.state === 'resolved' ? 1 : 0) || b.id - a.id);
  }, [alerts.data, handled]);
  const blocked = useMemo(() => {
    const s = new Set<number>();
    for (const a of shownAlerts) if (a.blocks_discharge && a.state !== 'resolved') s.add(a.journey);
    return s;
  }, [shownAlerts]);

  const located = useMemo(
    () => (positions.data?.items ?? []).filter((p): p is Position & { lat: number; lon: number } => p.lat !== null && p.lon !== null),
    [positions.data],
  );
  const markers = useMemo<MapMarker[]>(() => {
    const rows = (p: Position): [string, string][] => [
      [t('transit.device'), p.device],
      [t('transit.time'), formatTimestamp(p.time)],
      [t('transit.speed'), p.speed_kmh === null ? '—' : t('transit.kmh', { n: formatNumber(p.speed_kmh, 0) })],
      [t('transit.seal'), sealLabel(p.seal)],
    ];
    return located.map((p) => {
      const red = blocked.has(p.journey);
      const mrn = journeyById.get(p.journey)?.mrn ?? `#${p.journey}`;
      return {
        key: `${p.journey}/${p.device}`,
        lat: p.lat,
        lon: p.lon,
        color: red ? RED : GREEN,
        className: `oc-position oc-journey-${p.journey} ${red ? 'oc-position-alert' : 'oc-position-ok'}`,
        tooltip: `${mrn} · ${p.device}`,
        popup: () => positionPopup(p, mrn, rows(p), t('transit.openJourney'), () => navigate(journeyPath(p.journey))),
      };
    });
    // i18n.language: the popups' words follow the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [located, blocked, journeyById, navigate, i18n.language]);

  const mayAct = canWatch(user);
  const onChanged = (a: TransitAlert) => {
    setHandled((h) => new Map(h).set(a.id, a));
    alerts.reload();
    positions.reload();
  };
  const fitKey = `${routes ? 'routes' : ''}:${positions.data ? 'positions' : ''}`;

  return (
    <section className="transit-page">
      <div className="page-head">
        <h1>{t('transit.title')}</h1>
        {updatedAt && (
          <span className="muted small" data-testid="transit-updated">
            {t('transit.updated', { time: formatTimestamp(updatedAt) })}
          </span>
        )}
      </div>
      <p className="muted">{t('transit.intro')}</p>
      <div className="card map-card">
        <TransitMap
          basemap={basemap}
          routes={routes ?? []}
          markers={markers}
          fitKey={fitKey}
          label={t('transit.map')}
          testId="transit-map"
        />
        <p className="muted small map-legend">
          {t('transit.legend')}
          {basemap === null && <> {t('transit.noBasemap')}</>}
        </p>
      </div>
      {positions.error && <ErrorBox error={positions.error} onRetry={positions.reload} />}
      <div className="columns">
        <section className="card" aria-labelledby="alerts-heading" data-testid="transit-alerts">
          <h2 id="alerts-heading">{t('transit.alerts')}</h2>
          {alerts.error && <ErrorBox error={alerts.error} onRetry={alerts.reload} />}
          {!alerts.data && !alerts.error ? (
            <Loading />
          ) : shownAlerts.length === 0 ? (
            <Empty text={t('transit.noAlerts')} />
          ) : (
            <ul className="alert-list">
              {shownAlerts.map((a) => (
                <AlertItem key={a.id} alert={a} mrn={journeyById.get(a.journey)?.mrn} canAct={mayAct} onChanged={onChanged} />
              ))}
            </ul>
          )}
        </section>
        <div>
          <section className="card" aria-labelledby="journeys-heading" data-testid="transit-journeys">
            <h2 id="journeys-heading">{t('transit.journeys')}</h2>
            {journeys.error && <ErrorBox error={journeys.error} onRetry={journeys.reload} />}
            {!journeys.data && !journeys.error ? (
              <Loading />
            ) : (journeys.data?.items.length ?? 0) === 0 ? (
              <Empty text={t('transit.noJourneys')} />
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('transit.mrn')}</th>
                    <th>{t('transit.route')}</th>
                    <th>{t('transit.state')}</th>
                    <th>{t('transit.deadline')}</th>
                  </tr>
                </thead>
                <tbody>
                  {journeys.data?.items.map((j) => (
                    <tr key={j.id} data-testid={`journey-row-${j.id}`} data-mrn={j.mrn}>
                      <td data-label={t('transit.mrn')}>
                        <Link to={journeyPath(j.id)} className="mono">
                          {j.mrn}
                        </Link>
                      </td>
                      <td data-label={t('transit.route')}>{routeName(routes, j.route)}</td>
                      <td data-label={t('transit.state')}>
                        <JourneyStateBadge state={j.state} />
                        {blocked.has(j.id) && <span className="dot-alert" aria-hidden="true" />}
                      </td>
                      <td data-label={t('transit.deadline')}>{j.deadline ? formatDateTime(j.deadline) : t('transit.noDeadline')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="positions-heading" data-testid="transit-positions">
            <h2 id="positions-heading">{t('transit.positions')}</h2>
            {!positions.data ? (
              !positions.error && <Loading />
            ) : positions.data.items.length === 0 ? (
              <Empty text={t('transit.noPositions')} />
            ) : (
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('transit.mrn')}</th>
                    <th>{t('transit.device')}</th>
                    <th>{t('transit.time')}</th>
                    <th>{t('transit.speed')}</th>
                    <th>{t('transit.seal')}</th>
                  </tr>
                </thead>
                <tbody>
                  {positions.data.items.map((p) => (
                    <tr
                      key={`${p.journey}/${p.device}`}
                      data-testid={`position-${p.device}`}
                      data-journey={p.journey}
                      className={blocked.has(p.journey) ? 'position-alert' : undefined}
                    >
                      <td data-label={t('transit.mrn')}>
                        <Link to={journeyPath(p.journey)} className="mono">
                          {journeyById.get(p.journey)?.mrn ?? `#${p.journey}`}
                        </Link>
                      </td>
                      <td data-label={t('transit.device')} className="mono">
                        {p.device}
                      </td>
                      <td data-label={t('transit.time')}>{formatTimestamp(p.time)}</td>
                      <td data-label={t('transit.speed')}>{p.speed_kmh === null ? '—' : t('transit.kmh', { n: formatNumber(p.speed_kmh, 0) })}</td>
                      <td data-label={t('transit.seal')}>{sealLabel(p.seal)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
        </div>
      </div>
    </section>
  );
}
