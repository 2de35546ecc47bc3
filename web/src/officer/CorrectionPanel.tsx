// After an inspection the officer enters the values the goods turned out to have
// (POST /v1/declarations/{ref}/corrections): only the values changed are sent; the server makes
// the next version, assesses it and orders the difference.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createCorrection } from '../api/endpoints';
import type { DeclarationResource, GoodsItem, ItemCorrection } from '../api/types';
import { ErrorBox } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { formatDecimal } from '../format';
import { useApiAction } from '../hooks/useApiAction';

type Values = { hs_code: string; origin: string; net_mass: string; gross_mass: string; supplementary_quantity: string; price: string };

function declaredValues(item: GoodsItem): Values {
  return {
    hs_code: item.commodity.hs + (item.commodity.national ?? ''),
    origin: item.origin,
    net_mass: item.net_mass,
    gross_mass: item.gross_mass,
    supplementary_quantity: item.supplementary?.quantity ?? '',
    price: item.price,
  };
}

/** The members whose value differs from the declared one (decimals compared as numbers). */
function changes(item: GoodsItem, v: Values): ItemCorrection {
  const declared = declaredValues(item);
  const out: ItemCorrection = { item: item.seq };
  const same = (a: string, b: string, numeric: boolean) => (numeric ? Number(a) === Number(b) : a === b);
  for (const key of Object.keys(v) as (keyof Values)[]) {
    const numeric = key !== 'hs_code' && key !== 'origin';
    const value = v[key].trim();
    if (value !== '' && !same(value, declared[key], numeric)) out[key] = value;
  }
  return out;
}

export function CorrectionPanel({ d, allowed, onCorrected }: { d: DeclarationResource; allowed: boolean; onCorrected: () => void }) {
  const { t } = useTranslation();
  const items = d.declaration?.items ?? [];
  const [seq, setSeq] = useState(items[0]?.seq ?? 1);
  const item = items.find((i) => i.seq === seq) ?? items[0];
  const [values, setValues] = useState<Values | undefined>(item && declaredValues(item));
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState<number>();
  const [empty, setEmpty] = useState(false);
  const { busy, error, run } = useApiAction();
  // A new version (or another item) starts from what is declared now.
  useEffect(() => {
    if (item) setValues(declaredValues(item));
  }, [item, d.version]);

  if (!item || !values) return null;
  const currency = d.declaration?.invoice.currency ?? '';
  const set = (key: keyof Values) => (v: string) => setValues({ ...values, [key]: v });
  const hint = (key: keyof Values) => t('correction.declared', { value: formatDecimal(declaredValues(item)[key]) || '—' });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(undefined);
    const c = changes(item!, values!);
    setEmpty(Object.keys(c).length === 1);
    if (Object.keys(c).length === 1) return;
    await run(async () => {
      const r = await createCorrection(d.id, reason.trim(), [c]);
      setSaved(r.version);
      setReason('');
      onCorrected();
    });
  }

  return (
    <section className="card" aria-labelledby="correction-heading" data-testid="correction-panel">
      <h2 id="correction-heading">{t('correction.title')}</h2>
      {!allowed ? (
        <p className="muted">{t('correction.notNow')}</p>
      ) : (
        <form onSubmit={submit} className="grid" data-testid="correction-form">
          <p className="hint span-2">{t('correction.intro')}</p>
          <div className="field span-2">
            <label htmlFor="cor-item">{t('correction.item')}</label>
            <select id="cor-item" value={seq} onChange={(e) => setSeq(Number(e.target.value))}>
              {items.map((i) => (
                <option key={i.seq} value={i.seq}>
                  {i.seq}. {i.description}
                </option>
              ))}
            </select>
          </div>
          <LabelledInput id="cor-hs" label={t('correction.hsCode')} value={values.hs_code} onChange={set('hs_code')} inputMode="numeric" maxLength={10} title={hint('hs_code')} />
          <LabelledInput id="cor-origin" label={t('correction.origin')} value={values.origin} onChange={set('origin')} maxLength={2} title={hint('origin')} />
          <LabelledInput id="cor-net" label={t('correction.netMass')} value={values.net_mass} onChange={set('net_mass')} inputMode="decimal" title={hint('net_mass')} />
          <LabelledInput id="cor-gross" label={t('correction.grossMass')} value={values.gross_mass} onChange={set('gross_mass')} inputMode="decimal" title={hint('gross_mass')} />
          {item.supplementary && (
            <LabelledInput
              id="cor-qty"
              label={t('correction.quantity', { unit: item.supplementary.unit })}
              value={values.supplementary_quantity}
              onChange={set('supplementary_quantity')}
              inputMode="decimal"
              title={hint('supplementary_quantity')}
            />
          )}
          <LabelledInput id="cor-price" label={t('correction.price', { currency })} value={values.price} onChange={set('price')} inputMode="decimal" title={hint('price')} />
          <div className="field span-2">
            <label htmlFor="cor-reason">{t('correction.reason')}</label>
            <textarea id="cor-reason" rows={2} required maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <div className="actions">
            <button type="submit" disabled={busy} data-testid="save-correction">
              {busy ? t('common.working') : t('correction.submit')}
            </button>
          </div>
        </form>
      )}
      {empty && <p className="alert alert-info">{t('correction.nothingChanged')}</p>}
      {saved !== undefined && (
        <p className="alert alert-success" role="status" data-testid="correction-saved">
          {t('correction.saved', { version: saved })}
        </p>
      )}
      {error && <ErrorBox error={error} />}
    </section>
  );
}
