// One journey: its facts, the map of its route and track (a line per device, the alerts' points,
// each device's last fix), a timeline of what happened (start, alerts with who handled them, the
// seals' state changes seen in the track, arrival, close), and, while it is open, the officer's
// check at destination that closes it. Read again every 5 seconds while the journey is open.
import { useMemo, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { closeJourney, getJourney, getJourneyTrack, listJourneyAlerts } from '../../api/endpoints';
import type { CloseOutcome, Fix, Journey, TransitAlert } from '../../api/trackingTypes';
import { useAuth } from '../../auth/AuthContext';
import { Empty, ErrorBox, Loading } from '../../components/Feedback';
import { formatDateTime, formatTimestamp } from '../../format';
import { useApiAction } from '../../hooks/useApiAction';
import { useAsync } from '../../hooks/useAsync';
import { AlertActions, AlertHandling, AlertKindBadge, AlertStateBadge, JourneyStateBadge } from './AlertItem';
import { messageText } from '../../i18n/dynamic';
import { alertDetail, canWatch, journeyStateLabel, routeName, sealLabel } from './labels';
import { TransitMap, type MapLine, type MapMarker } from './TransitMap';
import { useBasemap, useInterval, useRoutes } from './useTracking';

const TRACK_COLORS = ['#6c3483', '#117a65', '#a04000', '#1f618d'];

type TimelineEvent =
  | { key: string; time: string; type: 'started' | 'arrived' | 'closed' }
  | { key: string; time: string; type: 'alert'; alert: TransitAlert }
  | { key: string; time: string; type: 'seal'; device: string; from: string; to: string };

/** The seals' state changes: consecutive fixes of a device whose seal value differs. */
function sealChanges(fixes: Fix[]): TimelineEvent[] {
  const last = new Map<string, string>();
  const out: TimelineEvent[] = [];
  for (const f of fixes) {
    const prev = last.get(f.device);
    if (prev !== undefined && prev !== f.seal) {
      out.push({ key: `seal-${f.device}-${f.time}`, time: f.time, type: 'seal', device: f.device, from: prev, to: f.seal });
    }
    last.set(f.device, f.seal);
  }
  return out;
}

function buildTimeline(j: Journey, alerts: TransitAlert[], fixes: Fix[]): TimelineEvent[] {
  const events: TimelineEvent[] = [{ key: 'started', time: j.started_at, type: 'started' }];
  for (const a of alerts) events.push({ key: `alert-${a.id}`, time: a.time, type: 'alert', alert: a });
  events.push(...sealChanges(fixes));
  if (j.arrived_at) events.push({ key: 'arrived', time: j.arrived_at, type: 'arrived' });
  if (j.closed_at) events.push({ key: 'closed', time: j.closed_at, type: 'closed' });
  // Oldest first, as the declaration's history; the same moment keeps the order above.
  return events.map((e, i) => ({ e, i })).sort((a, b) => Date.parse(a.e.time) - Date.parse(b.e.time) || a.i - b.i).map((x) => x.e);
}

function Facts({ j, routeLabel }: { j: Journey; routeLabel: string }) {
  const { t } = useTranslation();
  const list = (xs: string[]) => (xs.length ? xs.join(', ') : t('journey.none'));
  return (
    <dl className="facts" data-testid="journey-facts">
      <div>
        <dt>{t('transit.mrn')}</dt>
        <dd>
          <Link to={`/officer/declarations/${encodeURIComponent(j.mrn)}`} className="mono" data-testid="journey-declaration-link">
            {j.mrn}
          </Link>
        </dd>
      </div>
      <div>
        <dt>{t('transit.route')}</dt>
        <dd>
          {routeLabel} <span className="muted small">(v{j.route_version})</span>
        </dd>
      </div>
      <div>
        <dt>{t('transit.state')}</dt>
        <dd>
          <JourneyStateBadge state={j.state} />
        </dd>
      </div>
      <div>
        <dt>{t('transit.started')}</dt>
        <dd>{formatDateTime(j.started_at)}</dd>
      </div>
      <div>
        <dt>{t('transit.deadline')}</dt>
        <dd>{j.deadline ? formatDateTime(j.deadline) : t('transit.noDeadline')}</dd>
      </div>
      {j.arrived_at && (
        <div>
          <dt>{t('journey.arrived')}</dt>
          <dd>{formatDateTime(j.arrived_at)}</dd>
        </div>
      )}
      {j.closed_at && (
        <div>
          <dt>{t('journey.closed')}</dt>
          <dd>
            {formatDateTime(j.closed_at)} · {j.closed_by}
          </dd>
        </div>
      )}
      <div>
        <dt>{t('journey.seals')}</dt>
        <dd className="mono">{list(j.seals)}</dd>
      </div>
      <div>
        <dt>{t('journey.trackers')}</dt>
        <dd className="mono">{list(j.trackers)}</dd>
      </div>
      <div>
        <dt>{t('journey.carrier')}</dt>
        <dd className="mono">{j.carrier_tin || '—'}</dd>
      </div>
    </dl>
  );
}

function Timeline({ j, alerts, fixes, canAct, onChanged }: { j: Journey; alerts: TransitAlert[]; fixes: Fix[]; canAct: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const events = useMemo(() => buildTimeline(j, alerts, fixes), [j, alerts, fixes]);
  const eventTitle = (e: TimelineEvent): string => {
    switch (e.type) {
      case 'started':
        return t('journey.startedEvent', { who: j.started_by });
      case 'arrived':
        return t('journey.arrivedEvent');
      case 'closed':
        return t('journey.closedEvent', { who: j.closed_by, state: journeyStateLabel(j.state) });
      case 'seal':
        return t('journey.sealChanged', { device: e.device, from: sealLabel(e.from), to: sealLabel(e.to) });
      case 'alert':
        return '';
    }
  };
  return (
    <section className="card" aria-labelledby="journey-timeline-heading" data-testid="journey-timeline">
      <h2 id="journey-timeline-heading">{t('journey.timeline')}</h2>
      {events.length === 0 ? (
        <Empty text={t('journey.noEvents')} />
      ) : (
        <ol className="timeline">
          {events.map((e) => (
            <li key={e.key} data-testid={`timeline-${e.type}`} className={`timeline-${e.type}`} data-kind={e.type === 'alert' ? e.alert.kind : undefined}>
              {e.type === 'alert' ? (
                <div data-testid={`alert-${e.alert.id}`} data-state={e.alert.state}>
                  <div className="timeline-head">
                    <AlertKindBadge alert={e.alert} />
                    <AlertStateBadge state={e.alert.state} />
                    <span className="muted small mono">{e.alert.device}</span>
                  </div>
                  <div className="muted small">{formatTimestamp(e.time)}</div>
                  <div className="alert-detail">{alertDetail(e.alert)}</div>
                  <AlertHandling alert={e.alert} />
                  <AlertActions alert={e.alert} canAct={canAct} onChanged={onChanged} />
                </div>
              ) : (
                <>
                  <div className="timeline-head">
                    <strong>{eventTitle(e)}</strong>
                  </div>
                  <div className="muted small">{formatTimestamp(e.time)}</div>
                  {e.type === 'closed' && j.close_note && <div className="reason">{j.close_note}</div>}
                  {e.type === 'closed' &&
                    (j.close_reasons ?? []).map((r, i) => (
                      <div key={i} className="reason" data-testid="close-reason">
                        – {messageText(r)}
                      </div>
                    ))}
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function CloseForm({ j, onClosed }: { j: Journey; onClosed: () => void }) {
  const { t } = useTranslation();
  const [intact, setIntact] = useState<Record<string, boolean>>({});
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState<CloseOutcome>();
  const { busy, error, run } = useApiAction();
  const open = j.state === 'active' || j.state === 'arrived';

  function submit(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const checks = j.seals.map((seal) => ({ seal, intact: !!intact[seal] }));
      setOutcome(await closeJourney(j.id, checks, note.trim()));
      onClosed();
    });
  }

  if (!open && !outcome) return null;
  return (
    <section className="card" aria-labelledby="close-heading" data-testid="journey-close">
      <h2 id="close-heading">{t('journey.closeTitle')}</h2>
      {outcome ? (
        <div
          className={`alert ${outcome.discharged ? 'alert-success' : 'alert-error'}`}
          role="status"
          data-testid="close-outcome"
          data-discharged={outcome.discharged}
        >
          <strong>{outcome.discharged ? t('journey.discharged') : t('journey.enquiry')}</strong>
          {outcome.reasons.length > 0 && (
            <ul>
              {outcome.reasons.map((r, i) => (
                <li key={i}>{messageText(r)}</li>
              ))}
            </ul>
          )}
        </div>
      ) : (
        <form onSubmit={submit}>
          <p className="muted small">{t('journey.closeIntro')}</p>
          {j.seals.length === 0 ? (
            <p className="muted">{t('journey.noSeals')}</p>
          ) : (
            <fieldset className="seal-checks">
              <legend>{t('journey.seals')}</legend>
              {j.seals.map((seal, i) => (
                <label key={seal} className="checkbox" htmlFor={`seal-intact-${i}`}>
                  <input
                    type="checkbox"
                    id={`seal-intact-${i}`}
                    checked={!!intact[seal]}
                    onChange={(e) => setIntact((m) => ({ ...m, [seal]: e.target.checked }))}
                    data-testid={`seal-intact-${seal}`}
                  />
                  <span className="mono">{seal}</span> — {t('journey.intact')}
                </label>
              ))}
            </fieldset>
          )}
          <div className="field">
            <label htmlFor="close-note">{t('journey.closeNote')}</label>
            <textarea id="close-note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
          </div>
          <button type="submit" disabled={busy} data-testid="close-journey">
            {t('journey.closeButton')}
          </button>
        </form>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}

export function JourneyPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const { user } = useAuth();
  const basemap = useBasemap();
  const routes = useRoutes();
  const journey = useAsync((s) => getJourney(id, s), [id]);
  const alerts = useAsync((s) => listJourneyAlerts(id, s), [id]);
  const track = useAsync((s) => getJourneyTrack(id, s), [id]);
  const j = journey.data;
  const open = j?.state === 'active' || j?.state === 'arrived';
  const reloadAll = () => {
    journey.reload();
    alerts.reload();
    track.reload();
  };
  useInterval(reloadAll, 5000, open);

  const fixes = useMemo(() => track.data?.items ?? [], [track.data]);
  const alertList = useMemo(() => alerts.data?.items ?? [], [alerts.data]);
  const routeId = j?.route;
  const route = useMemo(() => (routeId && routes ? routes.filter((r) => r.id === routeId) : []), [routeId, routes]);
  const lines = useMemo<MapLine[]>(() => {
    const byDevice = new Map<string, [number, number][]>();
    for (const f of fixes) {
      if (f.lat === null || f.lon === null) continue;
      const pts = byDevice.get(f.device) ?? [];
      pts.push([f.lat, f.lon]);
      byDevice.set(f.device, pts);
    }
    return [...byDevice.entries()].map(([device, points], i) => ({
      key: device,
      points,
      color: TRACK_COLORS[i % TRACK_COLORS.length] ?? '#6c3483',
      className: 'oc-track',
    }));
  }, [fixes]);
  const markers = useMemo<MapMarker[]>(() => {
    const out: MapMarker[] = [];
    for (const a of alertList) {
      if (a.lat === null || a.lon === null) continue;
      out.push({
        key: `alert-${a.id}`,
        lat: a.lat,
        lon: a.lon,
        radius: 6,
        color: a.blocks_discharge && a.state !== 'resolved' ? '#c0392b' : '#e67e22',
        className: `oc-alert-point oc-alert-${a.kind}`,
        tooltip: `${formatTimestamp(a.time)} · ${t(`alertKind.${a.kind}`)}`,
      });
    }
    // Each device's last fix.
    const lastOf = new Map<string, Fix>();
    for (const f of fixes) if (f.lat !== null && f.lon !== null) lastOf.set(f.device, f);
    for (const [device, f] of lastOf) {
      out.push({
        key: `last-${device}`,
        lat: f.lat ?? 0,
        lon: f.lon ?? 0,
        color: '#1f618d',
        className: 'oc-position oc-last-fix',
        tooltip: `${device} · ${formatTimestamp(f.time)} · ${sealLabel(f.seal)}`,
      });
    }
    return out;
  }, [alertList, fixes, t]);

  if (journey.error) return <ErrorBox error={journey.error} onRetry={journey.reload} />;
  if (!j) return <Loading />;
  const mayAct = canWatch(user);
  return (
    <div className="journey-page" data-testid="journey-page" data-journey={j.id} data-state={j.state}>
      <p>
        <Link to="/officer/transit">← {t('journey.back')}</Link>
      </p>
      <div className="decl-title">
        <h1>{t('journey.title', { id: j.id })}</h1>
      </div>
      <section className="card">
        <Facts j={j} routeLabel={routeName(routes, j.route)} />
      </section>
      <section className="card map-card" aria-labelledby="track-heading">
        <h2 id="track-heading">{t('journey.track')}</h2>
        <TransitMap
          basemap={basemap}
          routes={route}
          markers={markers}
          lines={lines}
          fitKey={`${j.id}:${route.length}:${track.data ? 'track' : ''}`}
          label={t('journey.track')}
          testId="journey-map"
          className="journey-map"
        />
        {track.error && <ErrorBox error={track.error} onRetry={track.reload} />}
        <p className="muted small map-legend" data-testid="journey-fixes" data-fixes={fixes.length}>
          {fixes.length === 0 ? t('journey.noTrack') : t('journey.fixes', { n: fixes.length })}
        </p>
      </section>
      <div className="columns">
        <div>
          {alerts.error && <ErrorBox error={alerts.error} onRetry={alerts.reload} />}
          <Timeline j={j} alerts={alertList} fixes={fixes} canAct={mayAct} onChanged={reloadAll} />
        </div>
        <div>{mayAct && <CloseForm j={j} onClosed={reloadAll} />}</div>
      </div>
    </div>
  );
}
