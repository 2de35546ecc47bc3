// A text input with its label in a `.field` box: the filters and the small forms. (The lodgement
// form's inputs also show the API's field errors: trader/lodge/Fields.)
import type { InputHTMLAttributes } from 'react';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange'> & {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  /** Spans two columns of a grid. */
  wide?: boolean;
};

export function LabelledInput({ id, label, value, onChange, wide, ...input }: Props) {
  return (
    <div className={wide ? 'field span-2' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} onChange={(e) => onChange(e.target.value)} {...input} />
    </div>
  );
}
