// Labelled inputs that show the API's field errors for their pointer right below them, linked
// with aria-describedby so that screen readers announce the error with the input.
import type { ReactNode } from 'react';
import { fieldErrorText } from '../../i18n/dynamic';
import { inputId, type FieldErrorMap } from './formModel';

export interface Common {
  label: string;
  pointer: string;
  errors: FieldErrorMap;
  hint?: ReactNode;
  className?: string;
}

export function FieldShell({ label, pointer, errors, hint, className, children }: Common & { children: ReactNode }) {
  const id = inputId(pointer);
  const list = errors.get(pointer) ?? [];
  return (
    <div className={`field${list.length ? ' has-error' : ''}${className ? ' ' + className : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <div className="hint">{hint}</div>}
      {list.length > 0 && (
        <ul className="field-errors" id={`${id}-error`} data-testid="field-error" data-pointer={pointer} role="alert">
          {list.map((e, i) => (
            <li key={i} data-code={e.code}>
              {fieldErrorText(e)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function a11y(pointer: string, errors: FieldErrorMap) {
  const id = inputId(pointer);
  const bad = (errors.get(pointer) ?? []).length > 0;
  return { id, name: pointer, 'data-pointer': pointer, 'aria-invalid': bad || undefined, 'aria-describedby': bad ? `${id}-error` : undefined };
}

export function TextField(
  props: Common & {
    value: string;
    onChange: (v: string) => void;
    type?: 'text' | 'date';
    inputMode?: 'decimal' | 'numeric' | 'text';
    placeholder?: string;
    list?: string;
    readOnly?: boolean;
    autoComplete?: string;
  },
) {
  const { value, onChange, type = 'text', inputMode, placeholder, list, readOnly, autoComplete, ...shell } = props;
  return (
    <FieldShell {...shell}>
      <input
        {...a11y(shell.pointer, shell.errors)}
        type={type}
        value={value}
        inputMode={inputMode}
        placeholder={placeholder}
        list={list}
        readOnly={readOnly}
        autoComplete={autoComplete ?? 'off'}
        onChange={(e) => onChange(e.target.value)}
      />
    </FieldShell>
  );
}

export function SelectField(
  props: Common & { value: string; onChange: (v: string) => void; options: { value: string; label: string }[] },
) {
  const { value, onChange, options, ...shell } = props;
  return (
    <FieldShell {...shell}>
      <select {...a11y(shell.pointer, shell.errors)} value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
