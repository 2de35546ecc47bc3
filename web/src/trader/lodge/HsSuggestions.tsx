// HS code suggestions while the trader types a goods description (POST /v1/hs/suggest).
// A server without a trained classifier answers 503: the form then simply shows none.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { suggestHsCodes } from '../../api/endpoints';
import type { HsSuggestions as Suggestions } from '../../api/types';
import { formatPercent } from '../../format';

const DEBOUNCE_MS = 400;
const MIN_CHARS = 4;
// Learned once per page load: no classifier on this server, so stop asking.
let classifierUnavailable = false;

export function HsSuggestions({ text, onPick }: { text: string; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [result, setResult] = useState<Suggestions>();

  useEffect(() => {
    const query = text.trim();
    if (classifierUnavailable || query.length < MIN_CHARS) {
      setResult(undefined);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      suggestHsCodes(query, 5, ctl.signal).then(setResult, (e: unknown) => {
        if (e instanceof ApiError && e.status === 503) classifierUnavailable = true;
        if (!ctl.signal.aborted) setResult(undefined);
      });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [text]);

  if (!result) return null;
  return (
    <div className="hs-suggestions" data-testid="hs-suggestions">
      {result.too_vague && <p className="hint">{t('lodge.hsTooVague', { reason: result.reason ?? '' })}</p>}
      {result.advice && <p className="hint">{result.advice}</p>}
      {result.suggestions.length > 0 && (
        <>
          <span className="hint">{t('lodge.hsSuggestions')}</span>
          <ul>
            {result.suggestions.map((s) => (
              <li key={s.code}>
                <button type="button" className="suggestion" data-testid="hs-suggestion" onClick={() => onPick(s.code)}>
                  <strong data-testid="hs-suggestion-code">{s.code}</strong>{' '}
                  <span data-testid="hs-suggestion-description">{s.path[s.path.length - 1]?.description ?? ''}</span>{' '}
                  <span className="muted">{formatPercent(s.confidence)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
