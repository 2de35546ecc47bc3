import { createColumnHelper } from '@tanstack/react-table';
import type { TFunction } from 'i18next';
import type { DeclarationSummary } from '../api/types';
import { LaneBadge, StateBadge } from '../components/Badges';
import { formatDateTime, formatMoney } from '../format';

const col = createColumnHelper<DeclarationSummary>();

/** The columns of a declaration list, shared by the trader's list and the officer's worklist. */
export function declarationColumns(t: TFunction, withDeclarant: boolean) {
  return [
    col.accessor('lrn', { header: t('decl.lrn') }),
    col.accessor('mrn', { header: t('decl.mrn'), cell: (c) => c.getValue() ?? '—' }),
    col.accessor('type', { header: t('decl.type'), cell: (c) => t(`declType.${c.getValue()}`) }),
    ...(withDeclarant ? [col.accessor('declarant_tin', { header: t('decl.declarant') })] : []),
    col.accessor('office', { header: t('decl.office') }),
    col.accessor('state', {
      header: t('decl.state'),
      cell: (c) => <StateBadge state={c.getValue()} control={c.row.original.control} />,
    }),
    col.accessor('lane', { header: t('decl.lane'), cell: (c) => <LaneBadge lane={c.getValue()} /> }),
    col.accessor('invoice_total', {
      header: t('decl.invoiceTotal'),
      cell: (c) => formatMoney(c.getValue(), c.row.original.invoice_currency),
      sortingFn: (a, b) => Number(a.original.invoice_total) - Number(b.original.invoice_total),
    }),
    col.accessor('created_at', { header: t('decl.created'), cell: (c) => formatDateTime(c.getValue()) }),
  ];
}

/** The search box: the API finds declarations by part of the LRN or MRN, or by words of their invoice, parties, goods, documents or containers. */
export function searchFilter(text: string): { q?: string } {
  const s = text.trim();
  return s ? { q: s.slice(0, 64) } : {};
}
