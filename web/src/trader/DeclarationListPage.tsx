import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { STATES, type State } from '../api/types';
import { LabelledInput } from '../components/LabelledInput';
import { searchFilter } from '../declaration/columns';
import { PagedDeclarationTable } from '../declaration/PagedDeclarationTable';
import { stateLabel } from '../i18n/dynamic';

export function DeclarationListPage() {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [state, setState] = useState<State | ''>('');

  function submit(e: FormEvent) {
    e.preventDefault();
    setSearch(text);
  }

  return (
    <section>
      <div className="page-head">
        <h1>{t('trader.listTitle')}</h1>
        <Link className="button" to="/trader/new">
          {t('nav.lodge')}
        </Link>
      </div>
      <form className="filters card" onSubmit={submit} role="search">
        <LabelledInput id="search" label={t('trader.search')} value={text} onChange={setText} placeholder={t('trader.searchPlaceholder')} />
        <div className="field">
          <label htmlFor="state">{t('decl.state')}</label>
          <select id="state" value={state} onChange={(e) => setState(e.target.value as State | '')}>
            <option value="">{t('common.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      <PagedDeclarationTable
        filter={{ state, ...searchFilter(search) }}
        withDeclarant={false}
        empty={t('trader.noDeclarations')}
        rowPath={(d) => `/trader/declarations/${d.id}`}
        rowTestId={(d) => `declaration-row-${d.lrn}`}
      />
    </section>
  );
}
