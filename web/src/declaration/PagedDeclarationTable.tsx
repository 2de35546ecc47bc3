// A list of declarations matching a filter, fetched a page at a time (GET /v1/declarations):
// the table, "load more", and the loading and error states. Shared by the trader's list and the
// officer's worklist.
import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import type { DeclarationFilter } from '../api/endpoints';
import type { DeclarationSummary } from '../api/types';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/Feedback';
import { declarationColumns } from './columns';
import { useDeclarationList } from './useDeclarationList';

interface Props {
  filter: DeclarationFilter;
  /** Show the declarant's TIN (officers see everyone's declarations). */
  withDeclarant: boolean;
  /** What the table says when nothing matches. */
  empty: string;
  /** The page a row opens. */
  rowPath: (d: DeclarationSummary) => string;
  rowTestId: (d: DeclarationSummary) => string;
}

export function PagedDeclarationTable({ filter, withDeclarant, empty, rowPath, rowTestId }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useDeclarationList(filter);
  const columns = useMemo(() => declarationColumns(t, withDeclarant), [t, withDeclarant]);

  return (
    <>
      {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
      <div className="card">
        <DataTable
          data={list.items}
          columns={columns}
          empty={list.loading ? t('common.loading') : empty}
          onRowClick={(d) => navigate(rowPath(d))}
          rowTestId={rowTestId}
        />
        {list.loading && list.items.length > 0 && <Loading />}
        {list.hasMore && !list.loading && (
          <button type="button" className="secondary" onClick={list.loadMore}>
            {t('common.loadMore')}
          </button>
        )}
      </div>
    </>
  );
}
