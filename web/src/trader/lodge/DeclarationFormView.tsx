// The declaration form (general data, parties, transport, invoice, items), used to lodge and to
// amend. It edits state and shows the API's answer to a submission; the page decides what
// submitting means.
import { useEffect, type Dispatch, type FormEvent, type ReactNode, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldErrorText } from '../../i18n/dynamic';
import { formatDate, formatDecimal } from '../../format';
import { useCodeList } from '../../hooks/useCodeList';
import { useConfig } from '../../hooks/useConfig';
import { useOfficialRate } from '../../hooks/useOfficialRate';
import { tKey } from '../../i18n/dynamic';
import { CodeComboField, CodeSelectField, ProcedureField } from './CodeFields';
import { SelectField, TextField } from './Fields';
import { ItemEditor, type ItemCodeLists } from './ItemEditor';
import { itemPriceSum, newItem, type DeclarationForm } from './formModel';
import { useFormSubmission } from './useFormSubmission';

interface Props {
  form: DeclarationForm;
  /** A state setter: updates that arrive from the server (pre-filled values) are functional, so
   *  that they never overwrite what the trader typed in between. */
  setForm: Dispatch<SetStateAction<DeclarationForm>>;
  submitLabel: string;
  /** What submitting does (lodge, amend); when the API refuses, its errors are shown on the form. */
  onSubmit: () => Promise<void>;
  /** Amending: the identity of the declaration cannot change. */
  lockIdentity?: boolean;
  children?: ReactNode;
}

/** The form's members that a text input, select or combobox edits. */
type TextMember = Exclude<keyof DeclarationForm, 'type' | 'items' | 'base'>;

export function DeclarationFormView({ form, setForm, submitLabel, onSubmit, lockIdentity, children }: Props) {
  const { t } = useTranslation();
  const submission = useFormSubmission(form);
  const { busy, general, byField: errors } = submission;
  const set = (k: TextMember) => (v: string) => setForm({ ...form, [k]: v });
  /** The props that tie an input to a member of the form and to the API's errors at its pointer. */
  const bind = (pointer: string, k: TextMember) => ({ pointer, errors, value: form[k], onChange: set(k) });
  // The national currency (GET /v1/config): an invoice in it needs no exchange rate. Until the
  // server has said, the rate field stays, as the server's validation decides anyway.
  const national = useConfig()?.currency;
  const ratePointer = '/exchange_rates/0/rate';
  const inNational = !!national && form.currency.trim().toUpperCase() === national;
  const showRate = !inNational || form.exchangeRate !== '' || errors.has(ratePointer);
  // Today's official rate pre-fills an empty rate field; the trader may change it.
  const official = useOfficialRate(form.currency, national);
  useEffect(() => {
    if (!official) return;
    setForm((f) =>
      f.exchangeRate === '' && f.currency.trim().toUpperCase() === official.currency ? { ...f, exchangeRate: official.rate } : f,
    );
    // Only when a rate arrives: a field the trader cleared afterwards stays empty.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [official]);
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
  // The other party: the seller of an import, the buyer of an export.
  const partner =
    form.type === 'IM'
      ? { path: '/parties/seller', tin: t('lodge.sellerTin'), name: t('lodge.sellerName'), country: t('lodge.sellerCountry') }
      : { path: '/parties/buyer', tin: t('lodge.buyerTin'), name: t('lodge.buyerName'), country: t('lodge.buyerCountry') };
  const errorCount = [...errors.values()].reduce((n, l) => n + l.length, 0) + general.length;

  function submit(e: FormEvent) {
    e.preventDefault();
    void submission.run(onSubmit);
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
          <TextField label={t('decl.lrn')} {...bind('/lrn', 'lrn')} readOnly={lockIdentity} />
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
            {...bind('/procedure', 'procedure')}
            list={procedures}
            declarationType={form.type}
          />
          <CodeSelectField
            label={t('decl.office')}
            {...bind('/office', 'office')}
            list={offices}
            // Offices where declarations are lodged (the others are border or inland posts only).
            only={(o) => (o.roles ?? '').split(' ').includes('declaration')}
          />
          <TextField label={t('lodge.issueDate')} {...bind('/issue_date', 'issueDate')} type="date" />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.parties')}</legend>
        <div className="grid">
          <TextField label={t('lodge.declarantTin')} {...bind('/parties/declarant/tin', 'declarantTin')} readOnly={lockIdentity} />
          <TextField label={t('lodge.declarantName')} {...bind('/parties/declarant/name', 'declarantName')} autoComplete="organization" />
          <TextField label={t('lodge.city')} {...bind('/parties/declarant/address/city', 'declarantCity')} />
          <CodeComboField label={t('lodge.country')} {...bind('/parties/declarant/address/country', 'declarantCountry')} list={countries} />
          <TextField label={partner.tin} {...bind(`${partner.path}/tin`, 'partnerTin')} />
          <TextField label={partner.name} {...bind(`${partner.path}/name`, 'partnerName')} />
          <CodeComboField label={partner.country} {...bind(`${partner.path}/address/country`, 'partnerCountry')} list={countries} />
        </div>
        <p className="hint">{form.type === 'IM' ? t('lodge.declarantIsImporter') : t('lodge.declarantIsExporter')}</p>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.transportAndInvoice')}</legend>
        <div className="grid">
          <CodeSelectField
            label={t('lodge.borderMode')}
            {...bind('/transport/border_mode', 'borderMode')}
            list={transportModes}
            // The list's names are in English: the app's own words for the modes where it has them.
            optionLabel={(m) => `${m.code} — ${tKey(`borderMode.${m.code}`, m.name)}`}
          />
          <TextField label={t('lodge.meansId')} {...bind('/transport/means_id', 'meansId')} />
          <TextField label={t('lodge.invoiceNumber')} {...bind('/invoice/number', 'invoiceNumber')} />
          <TextField label={t('lodge.invoiceDate')} {...bind('/invoice/date', 'invoiceDate')} type="date" />
          <CodeComboField label={t('lodge.currency')} pointer="/invoice/currency" errors={errors} value={form.currency} onChange={setCurrency} list={currencies} />
          <CodeSelectField label={t('lodge.incoterm')} {...bind('/invoice/incoterm', 'incoterm')} list={incoterms} />
          <TextField
            label={t('lodge.invoiceTotal')}
            {...bind('/invoice/total', 'invoiceTotal')}
            inputMode="decimal"
            placeholder={itemPriceSum(form.items)}
            hint={t('lodge.invoiceTotalHint', { sum: formatDecimal(itemPriceSum(form.items)) })}
          />
          {showRate ? (
            <TextField
              label={t('lodge.exchangeRate', { currency: form.currency || '…', national: national ?? t('lodge.nationalCurrency') })}
              {...bind(ratePointer, 'exchangeRate')}
              inputMode="decimal"
              hint={
                official ? (
                  <span data-testid="official-rate" data-rate={official.rate}>
                    {t('lodge.officialRate', { rate: formatDecimal(official.rate), date: formatDate(official.date) })}{' '}
                    {form.exchangeRate.trim() !== official.rate && (
                      <button type="button" className="link" data-testid="use-official-rate" onClick={() => set('exchangeRate')(official.rate)}>
                        {t('lodge.useOfficialRate')}
                      </button>
                    )}
                  </span>
                ) : national ? (
                  t('lodge.exchangeRateNeeded', { national })
                ) : (
                  t('lodge.exchangeRateHint')
                )
              }
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
