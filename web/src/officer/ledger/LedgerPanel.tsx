// A declaration's ledger entries with their inclusion proofs, verified here against the signed
// checkpoint: nothing the server says about the proofs is taken on trust.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { getDeclarationLedger } from '../../api/endpoints';
import { ErrorBox } from '../../components/Feedback';
import { useConfig } from '../../hooks/useConfig';
import {
  base64ToBytes,
  bytesToBase64,
  equalBytes,
  leafHash,
  parseCheckpoint,
  rootFromInclusionProof,
  verifyCheckpointSignature,
  type SignatureCheck,
} from './merkle';

const KEY_STORAGE = 'oc.ledgerVerifierKey';

interface EntryResult {
  index: number;
  type: string;
  ok: boolean;
}
interface Verification {
  origin: string;
  size: number;
  root: string;
  entries: EntryResult[];
  signature: SignatureCheck | 'unchecked';
}

export function LedgerPanel({ id }: { id: number }) {
  const { t } = useTranslation();
  const [key, setKey] = useState(() => localStorage.getItem(KEY_STORAGE) ?? '');
  const [result, setResult] = useState<Verification>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const secure = typeof crypto !== 'undefined' && !!crypto.subtle;
  // The key the server announces (GET /v1/config), shown for comparison only: a server that
  // forged its log would announce a matching forged key, so the trust anchor is the pasted one.
  const serverKey = useConfig()?.ledger?.verifier_key;
  const pasted = key.trim();

  async function verify() {
    setBusy(true);
    setError(undefined);
    try {
      localStorage.setItem(KEY_STORAGE, key.trim());
      const ledger = await getDeclarationLedger(id);
      const cp = parseCheckpoint(ledger.checkpoint);
      const entries: EntryResult[] = [];
      for (const e of ledger.entries) {
        const leaf = await leafHash(base64ToBytes(e.data));
        const root = await rootFromInclusionProof(e.index, cp.size, leaf, e.hashes.map(base64ToBytes));
        entries.push({ index: e.index, type: e.type, ok: root !== null && equalBytes(root, cp.root) });
      }
      const signature = key.trim() ? await verifyCheckpointSignature(cp, key) : 'unchecked';
      setResult({ origin: cp.origin, size: cp.size, root: bytesToBase64(cp.root), entries, signature });
    } catch (e) {
      if (e instanceof ApiError) setError(e);
      else setError(new ApiError({ type: 'about:blank', title: 'Verification', status: 0, detail: String(e), code: 'client_error' }));
    } finally {
      setBusy(false);
    }
  }

  const failed = result?.entries.filter((e) => !e.ok).length ?? 0;
  return (
    <section className="card" aria-labelledby="ledger-heading" data-testid="ledger-panel">
      <h2 id="ledger-heading">{t('ledger.title')}</h2>
      <p className="hint">{t('ledger.intro')}</p>
      {!secure ? (
        <p className="alert alert-info">{t('ledger.insecureContext')}</p>
      ) : (
        <>
          <div className="field">
            <label htmlFor="ledger-key">{t('ledger.verifierKey')}</label>
            <input
              id="ledger-key"
              className="mono"
              value={key}
              onChange={(e) => setKey(e.target.value)}
              placeholder="opencustoms.localhost/ledger+…+…"
              aria-describedby="ledger-key-note"
            />
            <div className="hint" id="ledger-key-note">
              {t('ledger.trustAnchor')}
            </div>
          </div>
          {serverKey && (
            <div className="server-key" data-testid="server-ledger-key" data-match={pasted ? String(pasted === serverKey) : undefined}>
              <span className="small">{t('ledger.serverKey')}</span> <code className="small">{serverKey}</code>
              {pasted && <span className={`small ${pasted === serverKey ? 'ok' : 'bad'}`}> — {pasted === serverKey ? t('ledger.keysMatch') : t('ledger.keysDiffer')}</span>}
            </div>
          )}
          <button type="button" className="secondary" onClick={verify} disabled={busy} data-testid="verify-ledger">
            {busy ? t('common.working') : t('ledger.verify')}
          </button>
        </>
      )}
      {error && <ErrorBox error={error} />}
      {result && (
        <div data-testid="ledger-result" data-failed={failed} data-signature={result.signature}>
          <dl className="facts">
            <div>
              <dt>{t('ledger.checkpoint')}</dt>
              <dd className="mono">{result.origin}</dd>
            </div>
            <div>
              <dt>{t('ledger.treeSize')}</dt>
              <dd>{result.size}</dd>
            </div>
            <div>
              <dt>{t('ledger.root')}</dt>
              <dd className="mono small">{result.root}</dd>
            </div>
          </dl>
          <ul>
            {result.entries.map((e) => (
              <li key={e.index} className={e.ok ? 'ok' : 'bad'}>
                {t('ledger.entry', { index: e.index, type: e.type })}: {e.ok ? t('ledger.included') : t('ledger.notIncluded')}
              </li>
            ))}
          </ul>
          <p className={failed ? 'bad' : 'ok'}>
            <strong>{failed ? t('ledger.someFailed', { count: failed }) : t('ledger.allVerified', { count: result.entries.length })}</strong>
          </p>
          <p className={result.signature === 'ok' ? 'ok' : result.signature === 'bad' ? 'bad' : 'muted'}>
            {result.signature === 'ok'
              ? t('ledger.signatureOk')
              : result.signature === 'bad'
                ? t('ledger.signatureBad')
                : result.signature === 'unsupported'
                  ? t('ledger.signatureUnsupported')
                  : t('ledger.signatureUnchecked')}
          </p>
        </div>
      )}
    </section>
  );
}
