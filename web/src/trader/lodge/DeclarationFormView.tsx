// The declaration form (general data, parties, transport, invoice, items), used to lodge and to
// amend. It only edits state; the page decides what submitting means.
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../api/types';
import { fieldErrorText } from '../../i18n/dynamic';
import { formatDecimal } from '../../format';
import { useCodeList } from '../../hooks/useCodeList';
import { useConfig } from '../../hooks/useConfig';
import { tKey } from '../../i18n/dynamic';
import { CodeComboField, CodeSelectField, ProcedureField } from './CodeFields';
import { SelectField, TextField } from './Fields';
import { ItemEditor, type ItemCodeLists } from './ItemEditor';
import { itemPriceSum, newItem, type DeclarationForm, type FieldErrorMap } from './formModel';

interface Props {
  form: DeclarationForm;
  setForm: (f: DeclarationForm) => void;
  errors: FieldErrorMap;
  general: FieldError[];
  busy: boolean;
  submitLabel: string;
  onSubmit: () => void;
  /** Amending: the identity of the declaration cannot change. */
  lockIdentity?: boolean;
  children?: ReactNode;
}

export function DeclarationFormView({ form, setForm, errors, general, busy, submitLabel, onSubmit, lockIdentity, children }: Props) {
  const { t } = useTranslation();
  const set = (k: keyof DeclarationForm) => (v: string) => setForm({ ...form, [k]: v });
  // The national currency (GET /v1/config): an invoice in it needs no exchange rate. Until the
  // server has said, the rate field stays, as the server's validation decides anyway.
  const national = useConfig()?.currency;
  const ratePointer = '/exchange_rates/0/rate';
  const inNational = !!national && form.currency.trim().toUpperCase() === national;
  const showRate = !inNational || form.exchangeRate !== '' || errors.has(ratePointer);
  // Pick lists from the server's code lists, in the user's language.
  const offices = useCodeList('offices');
  const procedures = useCodeList('procedures');
  const countries = useCodeList('countries');
  const currencies = useCodeList('currencies');
  const incoterms = useCodeList('incoterms');
  const transportModes = useCodeList('transport-modes');
  const units = useCodeList('units');
  const packageKinds = useCodeList('package-kinds');
  const itemLists: ItemCodeLists = { countries, units, packageKinds };
  const setCurrency = (v: string) =>
    setForm({ ...form, currency: v, exchangeRate: national && v.trim().toUpperCase() === national ? '' : form.exchangeRate });
  const partner = form.type === 'IM' ? 'seller' : 'buyer';
  const errorCount = [...errors.values()].reduce((n, l) => n + l.length, 0) + general.length;

  function submit(e: FormEvent) {
    e.preventDefault();
    onSubmit();
  }

  return (
    <form className="declaration-form" onSubmit={submit} noValidate data-testid="declaration-form">
      {errorCount > 0 && (
        <div className="alert alert-error" role="alert" data-testid="form-error-summary">
          <strong>{t('lodge.errorSummary', { count: errorCount })}</strong>
          {general.length > 0 && (
            <ul>
              {general.map((e, i) => (
                <li key={i}>
                  <code>{e.pointer || '/'}</code> {fieldErrorText(e)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {children}
      <fieldset className="card">
        <legend>{t('lodge.general')}</legend>
        <div className="grid">
          <TextField label={t('decl.lrn')} pointer="/lrn" errors={errors} value={form.lrn} onChange={set('lrn')} readOnly={lockIdentity} />
          <SelectField
            label={t('decl.type')}
            pointer="/type"
            errors={errors}
            value={form.type}
            onChange={(v) => setForm({ ...form, type: v === 'EX' ? 'EX' : 'IM', procedure: v === 'EX' ? '1000' : '4000' })}
            options={[
              { value: 'IM', label: t('declType.IM') },
              { value: 'EX', label: t('declType.EX') },
            ]}
          />
          <ProcedureField
            className="span-2"
            label={t('lodge.procedure')}
            pointer="/procedure"
            errors={errors}
            value={form.procedure}
            onChange={set('procedure')}
            list={procedures}
            declarationType={form.type}
          />
          <CodeSelectField
            label={t('decl.office')}
            pointer="/office"
            errors={errors}
            value={form.office}
            onChange={set('office')}
            list={offices}
            // Offices where declarations are lodged (the others are border or inland posts only).
            only={(o) => (o.roles ?? '').split(' ').includes('declaration')}
          />
          <TextField label={t('lodge.issueDate')} pointer="/issue_date" errors={errors} value={form.issueDate} onChange={set('issueDate')} type="date" />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.parties')}</legend>
        <div className="grid">
          <TextField label={t('lodge.declarantTin')} pointer="/parties/declarant/tin" errors={errors} value={form.declarantTin} onChange={set('declarantTin')} readOnly={lockIdentity} />
          <TextField label={t('lodge.declarantName')} pointer="/parties/declarant/name" errors={errors} value={form.declarantName} onChange={set('declarantName')} autoComplete="organization" />
          <TextField label={t('lodge.city')} pointer="/parties/declarant/address/city" errors={errors} value={form.declarantCity} onChange={set('declarantCity')} />
          <CodeComboField
            label={t('lodge.country')}
            pointer="/parties/declarant/address/country"
            errors={errors}
            value={form.declarantCountry}
            onChange={set('declarantCountry')}
            list={countries}
          />
          <TextField
            label={form.type === 'IM' ? t('lodge.sellerTin') : t('lodge.buyerTin')}
            pointer={`/parties/${partner}/tin`}
            errors={errors}
            value={form.partnerTin}
            onChange={set('partnerTin')}
          />
          <TextField
            label={form.type === 'IM' ? t('lodge.sellerName') : t('lodge.buyerName')}
            pointer={`/parties/${partner}/name`}
            errors={errors}
            value={form.partnerName}
            onChange={set('partnerName')}
          />
          <CodeComboField
            label={form.type === 'IM' ? t('lodge.sellerCountry') : t('lodge.buyerCountry')}
            pointer={`/parties/${partner}/address/country`}
            errors={errors}
            value={form.partnerCountry}
            onChange={set('partnerCountry')}
            list={countries}
          />
        </div>
        <p className="hint">{form.type === 'IM' ? t('lodge.declarantIsImporter') : t('lodge.declarantIsExporter')}</p>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.transportAndInvoice')}</legend>
        <div className="grid">
          <CodeSelectField
            label={t('lodge.borderMode')}
            pointer="/transport/border_mode"
            errors={errors}
            value={form.borderMode}
            onChange={set('borderMode')}
            list={transportModes}
            // The list's names are in English: the app's own words for the modes where it has them.
            optionLabel={(m) => `${m.code} — ${tKey(`borderMode.${m.code}`, m.name)}`}
          />
          <TextField label={t('lodge.meansId')} pointer="/transport/means_id" errors={errors} value={form.meansId} onChange={set('meansId')} />
          <TextField label={t('lodge.invoiceNumber')} pointer="/invoice/number" errors={errors} value={form.invoiceNumber} onChange={set('invoiceNumber')} />
          <TextField label={t('lodge.invoiceDate')} pointer="/invoice/date" errors={errors} value={form.invoiceDate} onChange={set('invoiceDate')} type="date" />
          <CodeComboField label={t('lodge.currency')} pointer="/invoice/currency" errors={errors} value={form.currency} onChange={setCurrency} list={currencies} />
          <CodeSelectField label={t('lodge.incoterm')} pointer="/invoice/incoterm" errors={errors} value={form.incoterm} onChange={set('incoterm')} list={incoterms} />
          <TextField
            label={t('lodge.invoiceTotal')}
            pointer="/invoice/total"
            errors={errors}
            value={form.invoiceTotal}
            onChange={set('invoiceTotal')}
            inputMode="decimal"
            placeholder={itemPriceSum(form.items)}
            hint={t('lodge.invoiceTotalHint', { sum: formatDecimal(itemPriceSum(form.items)) })}
          />
          {showRate ? (
            <TextField
              label={t('lodge.exchangeRate', { currency: form.currency || '…', national: national ?? t('lodge.nationalCurrency') })}
              pointer={ratePointer}
              errors={errors}
              value={form.exchangeRate}
              onChange={set('exchangeRate')}
              inputMode="decimal"
              hint={national ? t('lodge.exchangeRateNeeded', { national }) : t('lodge.exchangeRateHint')}
            />
          ) : (
            <p className="hint" data-testid="no-exchange-rate">
              {t('lodge.noExchangeRate', { national })}
            </p>
          )}
        </div>
      </fieldset>

      <section className="card" aria-labelledby="items-heading">
        <h2 id="items-heading">{t('lodge.items')}</h2>
        {form.items.map((item, i) => (
          <ItemEditor
            key={item.key}
            index={i}
            item={item}
            errors={errors}
            lists={itemLists}
            canRemove={form.items.length > 1}
            onChange={(it) => setForm({ ...form, items: form.items.map((x, j) => (j === i ? it : x)) })}
            onRemove={() => setForm({ ...form, items: form.items.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" className="secondary" onClick={() => setForm({ ...form, items: [...form.items, newItem()] })} data-testid="add-item">
          {t('lodge.addItem')}
        </button>
      </section>

      <div className="actions">
        <button type="submit" disabled={busy} data-testid="submit-declaration">
          {busy ? t('common.working') : submitLabel}
        </button>
      </div>
    </form>
  );
}
