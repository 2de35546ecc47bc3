// The officer's worklist: declarations by lane, office and state (GET /v1/declarations with
// lane/office/state filters). The filter lives in the URL, so a worklist can be bookmarked.
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { OPEN_STATES } from '../api/endpoints';
import { LANES, STATES, type Lane } from '../api/types';
import { LabelledInput } from '../components/LabelledInput';
import { searchFilter } from '../declaration/columns';
import { PagedDeclarationTable } from '../declaration/PagedDeclarationTable';
import { laneLabel, stateLabel } from '../i18n/dynamic';

export function WorklistPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The default worklist: physical examinations waiting for an officer. `state` may name several
  // states separated by commas (all open work).
  const lane = (params.get('lane') ?? 'red') as Lane | '';
  const state = params.get('state') ?? 'under_control';
  const office = params.get('office') ?? '';
  const search = params.get('q') ?? '';
  const [officeText, setOfficeText] = useState(office);
  const [searchText, setSearchText] = useState(search);

  const update = (changes: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) next.set(k, v);
    setParams(next, { replace: true });
  };
  function submit(e: FormEvent) {
    e.preventDefault();
    update({ office: officeText.trim(), q: searchText.trim() });
  }

  return (
    <section>
      <h1>{t('worklist.title')}</h1>
      <div className="lane-tabs" role="tablist" aria-label={t('decl.lane')}>
        {(['', ...LANES] as const).map((l) => (
          <button
            key={l || 'all'}
            type="button"
            role="tab"
            aria-selected={lane === l}
            className={`tab lane-tab lane-${l || 'all'}`}
            onClick={() => update({ lane: l })}
            data-testid={`lane-tab-${l || 'all'}`}
          >
            {l ? laneLabel(l) : t('common.all')}
          </button>
        ))}
      </div>
      <form className="filters card" onSubmit={submit} role="search">
        <div className="field">
          <label htmlFor="wl-state">{t('decl.state')}</label>
          <select id="wl-state" value={state} onChange={(e) => update({ state: e.target.value })}>
            <option value="">{t('common.all')}</option>
            <option value={OPEN_STATES.join(',')}>{t('worklist.openWork')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <LabelledInput id="wl-office" label={t('decl.office')} value={officeText} onChange={setOfficeText} placeholder="UZ260101" />
        <LabelledInput id="wl-search" label={t('trader.search')} value={searchText} onChange={setSearchText} placeholder={t('trader.searchPlaceholder')} />
        <button type="submit">{t('common.search')}</button>
      </form>
      <PagedDeclarationTable
        filter={{ lane, state, office: office.toUpperCase(), ...searchFilter(search) }}
        withDeclarant
        empty={t('worklist.empty')}
        rowPath={(d) => `/officer/declarations/${d.id}`}
        rowTestId={(d) => `worklist-row-${d.lrn}`}
      />
    </section>
  );
}
