import { useMemo, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { STATES, type State } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/Feedback';
import { declarationColumns, searchFilter } from '../declaration/columns';
import { useDeclarationList } from '../declaration/useDeclarationList';
import { stateLabel } from '../i18n/dynamic';

export function DeclarationListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [text, setText] = useState('');
  const [search, setSearch] = useState('');
  const [state, setState] = useState<State | ''>('');
  const list = useDeclarationList({ state, ...searchFilter(search) });
  const columns = useMemo(() => declarationColumns(t, false), [t]);

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
        <div className="field">
          <label htmlFor="search">{t('trader.search')}</label>
          <input id="search" value={text} onChange={(e) => setText(e.target.value)} placeholder={t('trader.searchPlaceholder')} />
        </div>
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
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      <div className="card">
        <DataTable
          data={list.items}
          columns={columns}
          empty={list.loading ? t('common.loading') : t('trader.noDeclarations')}
          onRowClick={(d) => navigate(`/trader/declarations/${d.id}`)}
          rowTestId={(d) => `declaration-row-${d.lrn}`}
        />
        {list.loading && list.items.length > 0 && <Loading />}
        {list.hasMore && !list.loading && (
          <button type="button" className="secondary" onClick={list.loadMore}>
            {t('common.loadMore')}
          </button>
        )}
      </div>
    </section>
  );
}
