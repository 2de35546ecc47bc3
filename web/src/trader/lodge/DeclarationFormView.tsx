// The declaration form (general data, parties, transport, invoice, items), used to lodge and to
// amend. It only edits state; the page decides what submitting means.
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldError } from '../../api/types';
import { fieldErrorText } from '../../i18n/dynamic';
import { formatDecimal } from '../../format';
import { useConfig } from '../../hooks/useConfig';
import { SelectField, TextField } from './Fields';
import { ItemEditor } from './ItemEditor';
import { itemPriceSum, newItem, type DeclarationForm, type FieldErrorMap } from './formModel';
import { BORDER_MODES, CURRENCIES, INCOTERMS, OFFICES } from './referenceHints';

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
  const currencies = national ? [national, ...CURRENCIES.filter((c) => c !== national)] : CURRENCIES;
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
          <TextField label={t('lodge.procedure')} pointer="/procedure" errors={errors} value={form.procedure} onChange={set('procedure')} inputMode="numeric" />
          <TextField label={t('decl.office')} pointer="/office" errors={errors} value={form.office} onChange={set('office')} list="offices" />
          <TextField label={t('lodge.issueDate')} pointer="/issue_date" errors={errors} value={form.issueDate} onChange={set('issueDate')} type="date" />
        </div>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.parties')}</legend>
        <div className="grid">
          <TextField label={t('lodge.declarantTin')} pointer="/parties/declarant/tin" errors={errors} value={form.declarantTin} onChange={set('declarantTin')} readOnly={lockIdentity} />
          <TextField label={t('lodge.declarantName')} pointer="/parties/declarant/name" errors={errors} value={form.declarantName} onChange={set('declarantName')} autoComplete="organization" />
          <TextField label={t('lodge.city')} pointer="/parties/declarant/address/city" errors={errors} value={form.declarantCity} onChange={set('declarantCity')} />
          <TextField label={t('lodge.country')} pointer="/parties/declarant/address/country" errors={errors} value={form.declarantCountry} onChange={set('declarantCountry')} />
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
          <TextField
            label={form.type === 'IM' ? t('lodge.sellerCountry') : t('lodge.buyerCountry')}
            pointer={`/parties/${partner}/address/country`}
            errors={errors}
            value={form.partnerCountry}
            onChange={set('partnerCountry')}
          />
        </div>
        <p className="hint">{form.type === 'IM' ? t('lodge.declarantIsImporter') : t('lodge.declarantIsExporter')}</p>
      </fieldset>

      <fieldset className="card">
        <legend>{t('lodge.transportAndInvoice')}</legend>
        <div className="grid">
          <SelectField
            label={t('lodge.borderMode')}
            pointer="/transport/border_mode"
            errors={errors}
            value={form.borderMode}
            onChange={set('borderMode')}
            options={BORDER_MODES.map((m) => ({ value: m, label: `${m} · ${t(`borderMode.${m}`)}` }))}
          />
          <TextField label={t('lodge.meansId')} pointer="/transport/means_id" errors={errors} value={form.meansId} onChange={set('meansId')} />
          <TextField label={t('lodge.invoiceNumber')} pointer="/invoice/number" errors={errors} value={form.invoiceNumber} onChange={set('invoiceNumber')} />
          <TextField label={t('lodge.invoiceDate')} pointer="/invoice/date" errors={errors} value={form.invoiceDate} onChange={set('invoiceDate')} type="date" />
          <TextField label={t('lodge.currency')} pointer="/invoice/currency" errors={errors} value={form.currency} onChange={setCurrency} list="currencies" />
          <TextField label={t('lodge.incoterm')} pointer="/invoice/incoterm" errors={errors} value={form.incoterm} onChange={set('incoterm')} list="incoterms" />
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
            canRemove={form.items.length > 1}
            onChange={(it) => setForm({ ...form, items: form.items.map((x, j) => (j === i ? it : x)) })}
            onRemove={() => setForm({ ...form, items: form.items.filter((_, j) => j !== i) })}
          />
        ))}
        <button type="button" className="secondary" onClick={() => setForm({ ...form, items: [...form.items, newItem()] })} data-testid="add-item">
          {t('lodge.addItem')}
        </button>
      </section>

      <datalist id="offices">
        {OFFICES.map((o) => (
          <option key={o} value={o} />
        ))}
      </datalist>
      <datalist id="currencies">
        {currencies.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <datalist id="incoterms">
        {INCOTERMS.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>

      <div className="actions">
        <button type="submit" disabled={busy} data-testid="submit-declaration">
          {busy ? t('common.working') : submitLabel}
        </button>
      </div>
    </form>
  );
}
