// Inputs for coded elements, fed by the server's code lists (GET /v1/code-lists/{list}) in the
// user's language: a pick list (select) for short lists, a combobox that finds a code by its code
// or its name for long ones (countries, currencies, units, package kinds), and the procedure as
// requested + previous procedure. The server's validation stays the authority: when a list cannot
// be read the input is plain text, and a value not in the list is kept and shown as it is.
import { useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CodeListItem } from '../../api/types';
import { codeLabel, type CodeListState } from '../../hooks/useCodeList';
import { a11y, FieldShell, TextField, type Common } from './Fields';
import { inputId } from './formModel';

interface CodeProps extends Common {
  value: string;
  onChange: (v: string) => void;
  list: CodeListState;
}

/** A select of the list's entries ("code — name"), `only` narrowing them. */
export function CodeSelectField(
  props: CodeProps & { only?: (item: CodeListItem) => boolean; optionLabel?: (item: CodeListItem) => string },
) {
  const { t } = useTranslation();
  const { value, onChange, list, only, optionLabel = codeLabel, ...shell } = props;
  if (list.failed) return <TextField {...shell} value={value} onChange={onChange} />;
  const items = (list.items ?? []).filter((i) => i.code === value || !only || only(i));
  const known = items.some((i) => i.code === value);
  return (
    <FieldShell {...shell}>
      <select {...a11y(shell.pointer, shell.errors)} value={value} onChange={(e) => onChange(e.target.value)} data-list-loaded={!!list.items}>
        {!known && <option value={value}>{value || t('lodge.choose')}</option>}
        {items.map((i) => (
          <option key={i.code} value={i.code}>
            {optionLabel(i)}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

const MAX_MATCHES = 8;

/** Entries whose code or name matches what was typed: the exact code first, then codes, names
 *  and words of names that start with it, then names that contain it. */
export function matchCodes(items: CodeListItem[], typed: string, max = MAX_MATCHES): CodeListItem[] {
  const q = typed.trim().toLocaleLowerCase();
  if (!q) return [];
  const rank = (i: CodeListItem): number => {
    const code = i.code.toLocaleLowerCase();
    const name = i.name.toLocaleLowerCase();
    if (code === q) return 0;
    if (code.startsWith(q)) return 1;
    if (name.startsWith(q)) return 2;
    if (name.split(/[\s,()-]+/).some((w) => w.startsWith(q))) return 3;
    if (name.includes(q)) return 4;
    return 9;
  };
  return items
    .map((item, n) => ({ item, r: rank(item), n }))
    .filter((x) => x.r < 9)
    .sort((a, b) => a.r - b.r || a.n - b.n)
    .slice(0, max)
    .map((x) => x.item);
}

/** A text input for a code with suggestions from the list as one types a code or a name (in the
 *  user's language); the name of the code entered is shown below it. An exact name typed and left
 *  becomes its code. */
export function CodeComboField(props: CodeProps & { placeholder?: string }) {
  const { t } = useTranslation();
  const { value, onChange, list, placeholder, ...shell } = props;
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const items = useMemo(() => list.items ?? [], [list.items]);
  const matches = useMemo(() => (open ? matchCodes(items, value) : []), [open, items, value]);
  const current = items.find((i) => i.code === value.trim().toUpperCase());
  const id = inputId(shell.pointer);
  const listId = `${id}-options`;
  const expanded = matches.length > 0;

  function pick(item: CodeListItem) {
    onChange(item.code);
    setOpen(false);
  }

  function onBlur() {
    setOpen(false);
    const q = value.trim().toLocaleLowerCase();
    if (!q || current) return;
    const byName = items.filter((i) => i.name.toLocaleLowerCase() === q);
    if (byName.length === 1) onChange(byName[0]!.code);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'Escape') {
      setOpen(false);
      return;
    }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) {
        setOpen(true);
        setActive(0);
        return;
      }
      if (matches.length) setActive((a) => (a + (e.key === 'ArrowDown' ? 1 : matches.length - 1)) % matches.length);
      return;
    }
    if (e.key === 'Enter' && expanded) {
      e.preventDefault(); // picks; does not submit the form
      pick(matches[Math.min(active, matches.length - 1)]!);
    }
  }

  const hint = current ? (
    <span data-testid="code-name">{current.name}</span>
  ) : (
    shell.hint ?? (value.trim() && items.length > 0 && !open ? t('lodge.notInList') : undefined)
  );
  return (
    <FieldShell {...shell} hint={hint}>
      <div className="combo">
        <input
          {...a11y(shell.pointer, shell.errors)}
          type="text"
          role="combobox"
          aria-autocomplete="list"
          aria-expanded={expanded}
          aria-controls={listId}
          aria-activedescendant={expanded ? `${listId}-${Math.min(active, matches.length - 1)}` : undefined}
          autoComplete="off"
          spellCheck={false}
          value={value}
          placeholder={placeholder}
          onChange={(e) => {
            onChange(e.target.value);
            setOpen(true);
            setActive(0);
          }}
          onBlur={onBlur}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" className="combo-options" hidden={!expanded} aria-label={shell.label}>
          {matches.map((m, n) => (
            <li
              key={m.code}
              id={`${listId}-${n}`}
              role="option"
              aria-selected={n === active}
              data-code={m.code}
              // Keep the focus in the input, so that blurring does not close the list first.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m)}
            >
              {codeLabel(m)}
            </li>
          ))}
        </ul>
      </div>
    </FieldShell>
  );
}

/** The four-digit procedure: the requested procedure (those allowed for the declaration type)
 *  and the previous one, each a two-digit code of the `procedures` list. */
export function ProcedureField(props: CodeProps & { declarationType: string }) {
  const { t } = useTranslation();
  const { value, onChange, list, declarationType, ...shell } = props;
  if (list.failed || !/^\d{4}$/.test(value)) return <TextField {...shell} value={value} onChange={onChange} inputMode="numeric" />;
  const requested = value.slice(0, 2);
  const previous = value.slice(2);
  const all = list.items ?? [];
  const allowed = all.filter((i) => i.code === requested || (i.declaration_types ?? '').split(' ').includes(declarationType));
  const options = (items: CodeListItem[], code: string) => (
    <>
      {!items.some((i) => i.code === code) && <option value={code}>{code}</option>}
      {items.map((i) => (
        <option key={i.code} value={i.code}>
          {codeLabel(i)}
        </option>
      ))}
    </>
  );
  return (
    <FieldShell {...shell} hint={shell.hint ?? t('lodge.procedureHint')}>
      <div className="procedure-pair">
        <select {...a11y(shell.pointer, shell.errors)} value={requested} onChange={(e) => onChange(e.target.value + previous)} title={t('lodge.requestedProcedure')}>
          {options(allowed, requested)}
        </select>
        <select
          id={`${inputId(shell.pointer)}-previous`}
          aria-label={t('lodge.previousProcedure')}
          title={t('lodge.previousProcedure')}
          value={previous}
          onChange={(e) => onChange(requested + e.target.value)}
          data-testid="previous-procedure"
        >
          {options(all, previous)}
        </select>
      </div>
    </FieldShell>
  );
}
