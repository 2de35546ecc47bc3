// The declaration's history: its lifecycle transitions and, for a transit, its journey's events
// (started, alerts, their handling, closed), in time order.
import { useTranslation } from 'react-i18next';
import { getHistory } from '../api/endpoints';
import type { JourneyEvent } from '../api/trackingTypes';
import type { Transition } from '../api/types';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatDateTime } from '../format';
import { useAsync } from '../hooks/useAsync';
import { actionLabel, messageText, reasonText, stateLabel } from '../i18n/dynamic';
import { alertKindLabel, journeyStateLabel } from '../officer/transit/labels';

type Entry = { at: string; transition: Transition } | { at: string; event: JourneyEvent };

function merged(transitions: Transition[], events: JourneyEvent[]): Entry[] {
  const all: Entry[] = [
    ...transitions.map((transition) => ({ at: transition.at, transition })),
    ...events.map((event) => ({ at: event.at, event })),
  ];
  // Stable: a transition and an event at the same instant keep the server's order.
  return all.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

export function HistoryTimeline({ id, refreshKey }: { id: number; refreshKey: number }) {
  const { t } = useTranslation();
  const h = useAsync((s) => getHistory(id, s), [id, refreshKey]);
  const actor = (a: string) => (a === 'system' ? t('history.system') : a);
  return (
    <section className="card" aria-labelledby="history-heading" data-testid="history">
      <h2 id="history-heading">{t('history.title')}</h2>
      {h.loading && !h.data && <Loading />}
      {h.error && <ErrorBox error={h.error} onRetry={h.reload} />}
      {h.data && (
        <ol className="timeline">
          {merged(h.data.transitions, h.data.journey_events ?? []).map((e) =>
            'transition' in e ? (
              <TransitionItem key={`t${e.transition.seq}`} tr={e.transition} actor={actor} />
            ) : (
              <li key={`j${e.event.type}-${e.event.alert ?? 0}-${e.event.at}`} data-testid="journey-event" data-type={e.event.type}>
                <div className="timeline-head">
                  <strong>
                    {t(`history.journey.${e.event.type}`, {
                      kind:
                        e.event.type === 'transit_closed'
                          ? journeyStateLabel(e.event.kind ?? '')
                          : alertKindLabel(e.event.kind ?? ''),
                    })}
                  </strong>
                </div>
                <div className="muted small">
                  {formatDateTime(e.event.at)} · {actor(e.event.actor)}
                </div>
                <div className="reason">{messageText(e.event.message)}</div>
                {e.event.note && <div className="reason">{e.event.note}</div>}
                {(e.event.reasons ?? []).map((r, i) => (
                  <div key={i} className="reason">
                    – {messageText(r)}
                  </div>
                ))}
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}

function TransitionItem({ tr, actor }: { tr: Transition; actor: (a: string) => string }) {
  const { t } = useTranslation();
  return (
    <li>
      <div className="timeline-head">
        <strong>{actionLabel(tr.action)}</strong>
        <span className="muted">
          {stateLabel(tr.from)} → {stateLabel(tr.to)}
          {tr.control ? ` (${t(`control.${tr.control}`)})` : ''}
        </span>
      </div>
      <div className="muted small">
        {formatDateTime(tr.at)} · {actor(tr.actor)} · {t('decl.version')} {tr.version}
      </div>
      {tr.reason && <div className="reason">{reasonText(tr.reason_code, tr.reason)}</div>}
      {tr.internal_reason && (
        <div className="reason internal" data-testid="internal-reason">
          <span className="badge">{t('history.internal')}</span> {tr.internal_reason}
        </div>
      )}
    </li>
  );
}
