// Lodging from a file: a JSON declaration (or an array of them) or a CSV in the import format.
// Each declaration is lodged on its own; the results list what was accepted and what not.
import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { lodgeDeclaration } from '../../api/endpoints';
import type { DeclarationSummary, FieldError } from '../../api/types';
import { LaneBadge, StateBadge } from '../../components/Badges';
import { fieldErrorText, problemText } from '../../i18n/dynamic';
import { CsvFormatError, csvToDeclarations } from './csvImport';

type Outcome =
  | { lrn: string; ok: true; summary: DeclarationSummary }
  | { lrn: string; ok: false; message: string; errors: FieldError[] };

export function UploadPanel() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setFileError(undefined);
    setOutcomes([]);
    let docs: unknown[];
    try {
      const text = await file.text();
      if (/\.csv$/i.test(file.name) || file.type === 'text/csv') docs = csvToDeclarations(text);
      else {
        const parsed: unknown = JSON.parse(text);
        docs = Array.isArray(parsed) ? parsed : [parsed];
      }
    } catch (err) {
      setFileError(err instanceof CsvFormatError ? t('upload.badCsv', { columns: err.message }) : t('upload.badFile'));
      return;
    }
    setBusy(true);
    const results: Outcome[] = [];
    for (const doc of docs) {
      const lrn = typeof doc === 'object' && doc && 'lrn' in doc ? String((doc as { lrn: unknown }).lrn) : '?';
      try {
        results.push({ lrn, ok: true, summary: await lodgeDeclaration(doc) });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        results.push({ lrn, ok: false, message: problemText(err.problem), errors: err.fieldErrors });
      }
      setOutcomes([...results]);
    }
    setBusy(false);
  }

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('upload.title')}</h2>
      <p className="hint">{t('upload.hint')}</p>
      <input type="file" accept=".json,.csv,application/json,text/csv" onChange={onFile} disabled={busy} data-testid="upload-input" aria-label={t('upload.choose')} />
      {fileError && (
        <p className="alert alert-error" role="alert">
          {fileError}
        </p>
      )}
      {outcomes.length > 0 && (
        <ul className="upload-results">
          {outcomes.map((o, i) => (
            <li key={i} className={o.ok ? 'ok' : 'failed'}>
              <strong>{o.lrn}</strong>{' '}
              {o.ok ? (
                <>
                  <StateBadge state={o.summary.state} /> <LaneBadge lane={o.summary.lane} />{' '}
                  <Link to={`/trader/declarations/${o.summary.id}`}>{t('common.open')}</Link>
                </>
              ) : (
                <>
                  {o.message}
                  <ul>
                    {o.errors.map((e, j) => (
                      <li key={j}>
                        <code>{e.pointer}</code> {fieldErrorText(e)}
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
