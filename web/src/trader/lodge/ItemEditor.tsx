import { useTranslation } from 'react-i18next';
import type { CodeListState } from '../../hooks/useCodeList';
import { CodeComboField } from './CodeFields';
import { TextField } from './Fields';
import { HsSuggestions } from './HsSuggestions';
import type { FieldErrorMap, ItemForm } from './formModel';

/** The code lists an item's inputs pick from (loaded once by the form). */
export interface ItemCodeLists {
  countries: CodeListState;
  units: CodeListState;
  packageKinds: CodeListState;
}

interface Props {
  index: number;
  lists: ItemCodeLists;
  item: ItemForm;
  errors: FieldErrorMap;
  canRemove: boolean;
  onChange: (item: ItemForm) => void;
  onRemove: () => void;
}

export function ItemEditor({ index, lists, item, errors, canRemove, onChange, onRemove }: Props) {
  const { t } = useTranslation();
  const p = (m: string) => `/items/${index}/${m}`;
  const set = (k: keyof ItemForm) => (v: string) => onChange({ ...item, [k]: v });
  return (
    <fieldset className="item card-inner" data-testid={`item-${index}`}>
      <legend>{t('lodge.itemN', { n: index + 1 })}</legend>
      <div className="grid">
        <div className="span-2">
          <TextField label={t('lodge.description')} pointer={p('description')} errors={errors} value={item.description} onChange={set('description')} />
          <HsSuggestions text={item.description} onPick={set('hs')} />
        </div>
        <TextField label={t('lodge.hs')} pointer={p('commodity/hs')} errors={errors} value={item.hs} onChange={set('hs')} inputMode="numeric" placeholder="847130" />
        <CodeComboField label={t('lodge.origin')} pointer={p('origin')} errors={errors} value={item.origin} onChange={set('origin')} list={lists.countries} />
        <TextField label={t('lodge.netMass')} pointer={p('net_mass')} errors={errors} value={item.netMass} onChange={set('netMass')} inputMode="decimal" />
        <TextField label={t('lodge.grossMass')} pointer={p('gross_mass')} errors={errors} value={item.grossMass} onChange={set('grossMass')} inputMode="decimal" />
        <TextField label={t('lodge.price')} pointer={p('price')} errors={errors} value={item.price} onChange={set('price')} inputMode="decimal" />
        <TextField
          label={t('lodge.suppQuantity')}
          pointer={p('supplementary/quantity')}
          errors={errors}
          value={item.suppQuantity}
          onChange={set('suppQuantity')}
          inputMode="decimal"
        />
        <CodeComboField label={t('lodge.suppUnit')} pointer={p('supplementary/unit')} errors={errors} value={item.suppUnit} onChange={set('suppUnit')} list={lists.units} />
        <TextField
          label={t('lodge.packageCount')}
          pointer={p('packages/0/count')}
          errors={errors}
          value={item.packageCount}
          onChange={set('packageCount')}
          inputMode="numeric"
        />
        <CodeComboField
          label={t('lodge.packageKind')}
          pointer={p('packages/0/kind')}
          errors={errors}
          value={item.packageKind}
          onChange={set('packageKind')}
          list={lists.packageKinds}
        />
      </div>
      {canRemove && (
        <button type="button" className="secondary danger" onClick={onRemove} data-testid={`remove-item-${index}`}>
          {t('lodge.removeItem')}
        </button>
      )}
    </fieldset>
  );
}
