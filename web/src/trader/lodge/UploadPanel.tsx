// Lodging from a file. A CSV file in the import format (docs/import-csv.md) goes to the server as
// it is (POST /v1/declarations/import), which reads it as the CLI does and answers each
// declaration's outcome with its errors by CSV line; a JSON declaration (or an array of them) is
// lodged one by one with POST /v1/declarations. Both end in the same list of outcomes.
import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { importDeclarationsCsv, lodgeDeclaration } from '../../api/endpoints';
import type { DeclarationSummary, FieldError, ImportOutcomeKind } from '../../api/types';
import { LaneBadge, StateBadge } from '../../components/Badges';
import { fieldErrorText, problemText, tKey } from '../../i18n/dynamic';

interface Outcome {
  lrn: string;
  /** The declaration's first CSV line (CSV files only). */
  line?: number;
  outcome: ImportOutcomeKind;
  summary?: DeclarationSummary;
  message?: string;
  errors: (FieldError & { line?: number })[];
}

interface Result {
  lodged: number;
  replayed: number;
  rejected: number;
  items: Outcome[];
}

const isCsv = (f: File) => /\.csv$/i.test(f.name) || f.type === 'text/csv';

function tally(items: Outcome[]): Result {
  const n = (k: ImportOutcomeKind) => items.filter((o) => o.outcome === k).length;
  return { lodged: n('lodged'), replayed: n('replayed'), rejected: n('rejected'), items };
}

export function UploadPanel() {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [fileError, setFileError] = useState<string>();
  const [result, setResult] = useState<Result>();

  async function uploadCsv(file: File) {
    try {
      const r = await importDeclarationsCsv(file);
      setResult({
        lodged: r.lodged,
        replayed: r.replayed,
        rejected: r.rejected,
        items: r.items.map((o) => ({
          lrn: o.lrn,
          line: o.line,
          outcome: o.outcome,
          summary: o.declaration,
          message: o.code ? tKey(`problems.${o.code}`, o.message ?? o.code, { detail: o.message }) : o.message,
          errors: o.errors ?? [],
        })),
      });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // The file as a whole: unreadable, empty, unknown or missing columns, too many declarations.
      setFileError(problemText(err.problem));
    }
  }

  async function uploadJson(file: File) {
    let docs: unknown[];
    try {
      const parsed: unknown = JSON.parse(await file.text());
      docs = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      setFileError(t('upload.badFile'));
      return;
    }
    const items: Outcome[] = [];
    for (const doc of docs) {
      const lrn = typeof doc === 'object' && doc && 'lrn' in doc ? String((doc as { lrn: unknown }).lrn) : '?';
      try {
        items.push({ lrn, outcome: 'lodged', summary: await lodgeDeclaration(doc), errors: [] });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        items.push({ lrn, outcome: 'rejected', message: problemText(err.problem), errors: err.fieldErrors });
      }
      setResult(tally([...items]));
    }
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setFileError(undefined);
    setResult(undefined);
    setBusy(true);
    try {
      await (isCsv(file) ? uploadCsv(file) : uploadJson(file));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="upload-heading">
      <h2 id="upload-heading">{t('upload.title')}</h2>
      <p className="hint">{t('upload.hint')}</p>
      <input
        type="file"
        accept=".json,.csv,application/json,text/csv"
        onChange={onFile}
        disabled={busy}
        data-testid="upload-input"
        aria-label={t('upload.choose')}
      />
      {busy && <p className="muted">{t('common.working')}</p>}
      {fileError && (
        <p className="alert alert-error" role="alert" data-testid="upload-file-error">
          {fileError}
        </p>
      )}
      {result && (
        <>
          <p
            className={`alert ${result.rejected ? 'alert-error' : 'alert-success'}`}
            role="status"
            data-testid="upload-summary"
            data-lodged={result.lodged}
            data-replayed={result.replayed}
            data-rejected={result.rejected}
          >
            {t('upload.summary', { declarations: result.items.length, lodged: result.lodged, replayed: result.replayed, rejected: result.rejected })}
          </p>
          <ul className="upload-results">
            {result.items.map((o, i) => (
              <li key={i} className={o.outcome === 'rejected' ? 'failed' : 'ok'} data-testid="upload-outcome" data-lrn={o.lrn} data-outcome={o.outcome}>
                <strong>{o.lrn}</strong>
                {o.line !== undefined && <span className="muted"> · {t('upload.line', { line: o.line })}</span>} ·{' '}
                <span className={`badge outcome-${o.outcome}`}>{t(`upload.outcome.${o.outcome}`)}</span>{' '}
                {o.summary ? (
                  <>
                    <StateBadge state={o.summary.state} /> <LaneBadge lane={o.summary.lane} />{' '}
                    <Link to={`/trader/declarations/${o.summary.id}`}>{t('common.open')}</Link>
                  </>
                ) : (
                  <>
                    {o.message}
                    {o.errors.length > 0 && (
                      <ul>
                        {o.errors.map((e, j) => (
                          <li key={j} data-testid="upload-error" data-line={e.line} data-pointer={e.pointer} data-code={e.code}>
                            {e.line !== undefined && <strong>{t('upload.line', { line: e.line })}</strong>} <code>{e.pointer}</code> {fieldErrorText(e)}
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
