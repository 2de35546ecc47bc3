// Risk criteria: the list with their results, and the editor (syntax feedback, back-test, save
// for approval by a second officer).
import { useMemo, useState } from 'react';
import { createColumnHelper } from '@tanstack/react-table';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { approveCriterion, listCriteria, retireCriterion } from '../api/endpoints';
import type { Criterion } from '../api/officerTypes';
import { useAuth } from '../auth/AuthContext';
import { LaneBadge } from '../components/Badges';
import { DataTable } from '../components/DataTable';
import { ErrorBox, Loading } from '../components/Feedback';
import { formatPercent } from '../format';
import { useAsync } from '../hooks/useAsync';
import { tKey } from '../i18n/dynamic';
import { CriterionEditor } from './criteria/CriterionEditor';

const col = createColumnHelper<Criterion>();

export function CriteriaPage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const list = useAsync((s) => listCriteria(s), []);
  const [actionError, setActionError] = useState<ApiError>();
  const canApprove = user?.role === 'supervisor' || user?.role === 'risk_officer';

  const columns = useMemo(() => {
    async function act(fn: () => Promise<unknown>) {
      setActionError(undefined);
      try {
        await fn();
        list.reload();
      } catch (e) {
        if (e instanceof ApiError) setActionError(e);
        else throw e;
      }
    }
    return [
      col.accessor('id', { header: t('criteria.id'), cell: (c) => <span className="mono">{`${c.getValue()} v${c.row.original.version}`}</span> }),
      col.accessor('name', { header: t('criteria.name') }),
      col.accessor('expression', { header: t('criteria.expression'), cell: (c) => <code>{c.getValue()}</code> }),
      col.accessor('lane', { header: t('criteria.lane'), cell: (c) => <LaneBadge lane={c.getValue()} /> }),
      col.accessor('status', { header: t('criteria.status'), cell: (c) => tKey(`criteria.statuses.${c.getValue()}`, c.getValue()) }),
      col.accessor('selection_percent', { header: t('criteria.selection') }),
      col.accessor('priority', { header: t('criteria.priority') }),
      col.accessor('fired', { header: t('criteria.fired') }),
      col.accessor('inspected', { header: t('criteria.inspected') }),
      col.accessor('hits', { header: t('criteria.hits') }),
      col.accessor('hit_rate', { header: t('criteria.hitRate'), cell: (c) => formatPercent(c.getValue()) }),
      col.display({
        id: 'actions',
        header: '',
        cell: (c) => {
          const cr = c.row.original;
          return (
            <div className="button-row">
              {cr.status === 'pending' && canApprove && (
                <button type="button" className="secondary" onClick={() => act(() => approveCriterion(cr.id, cr.version))}>
                  {t('criteria.approve')}
                </button>
              )}
              {(cr.status === 'active' || cr.status === 'pending') && (
                <button type="button" className="danger" onClick={() => act(() => retireCriterion(cr.id))}>
                  {t('criteria.retire')}
                </button>
              )}
            </div>
          );
        },
      }),
    ];
  }, [t, canApprove, list]);

  return (
    <section>
      <h1>{t('criteria.title')}</h1>
      <CriterionEditor onSaved={list.reload} />
      <section className="card">
        <h2>{t('criteria.list')}</h2>
        {actionError && <ErrorBox error={actionError} />}
        {list.error && <ErrorBox error={list.error} onRetry={list.reload} />}
        {list.loading && !list.data && <Loading />}
        {list.data && (
          <div className="table-scroll">
            <DataTable data={list.data.items} columns={columns} empty={t('worklist.empty')} rowTestId={(c) => `criterion-${c.id}`} />
          </div>
        )}
      </section>
    </section>
  );
}
