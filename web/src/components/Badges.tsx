import { useTranslation } from 'react-i18next';
import type { ControlType, Lane, State } from '../api/types';
import { laneLabel, stateLabel } from '../i18n/dynamic';

export function LaneBadge({ lane }: { lane: Lane | null }) {
  useTranslation(); // re-render on language change
  return (
    <span className={`badge lane lane-${lane ?? 'none'}`} data-testid="lane-badge" data-lane={lane ?? ''}>
      {laneLabel(lane)}
    </span>
  );
}

export function StateBadge({ state, control }: { state: State; control?: ControlType }) {
  const { t } = useTranslation();
  return (
    <span className={`badge state state-${state}`} data-testid="state-badge" data-state={state}>
      {stateLabel(state)}
      {control ? ` · ${t(`control.${control}`)}` : ''}
    </span>
  );
}
