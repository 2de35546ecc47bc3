import { useMemo, useState } from 'react';
import { ApiError } from '../../api/client';
import type { FieldError } from '../../api/types';
import { placeErrors, type DeclarationForm } from './formModel';

/** Runs a submission and keeps the API's answer as field errors placed on the form; a problem
 *  without field errors (409 lrn_reused, 403, ...) becomes one general error. */
export function useFormSubmission(form: DeclarationForm) {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const placed = useMemo(() => placeErrors(errors, form), [errors, form]);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setErrors([]);
    try {
      await action();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      // A reused LRN is about the LRN input, though the problem names no pointer.
      const pointer = e.code === 'lrn_reused' ? '/lrn' : '';
      setErrors(e.fieldErrors.length ? e.fieldErrors : [{ pointer, code: e.code, message: e.problem.detail || e.problem.title }]);
      window.scrollTo({ top: 0, behavior: 'smooth' });
    } finally {
      setBusy(false);
    }
  }

  return { busy, run, byField: placed.byField, general: placed.general };
}
