import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { backTest, checkExpression, createCriterion, listRiskFields } from '../../api/endpoints';
import { LANES, type Lane } from '../../api/types';
import type { BackTest, ExpressionCheck } from '../../api/officerTypes';
import { ErrorBox } from '../../components/Feedback';
import { LabelledInput } from '../../components/LabelledInput';
import { formatPercent } from '../../format';
import { useApiAction } from '../../hooks/useApiAction';
import { useAsync } from '../../hooks/useAsync';
import { laneLabel } from '../../i18n/dynamic';

const CHECK_DELAY_MS = 350;

/** Syntax feedback as the officer types: the server compiles the expression and says where it fails. */
function useExpressionCheck(expression: string) {
  const [check, setCheck] = useState<ExpressionCheck>();
  useEffect(() => {
    if (!expression.trim()) {
      setCheck(undefined);
      return;
    }
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      checkExpression(expression, ctl.signal).then(setCheck, () => setCheck(undefined));
    }, CHECK_DELAY_MS);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [expression]);
  return check;
}

export function CriterionEditor({ onSaved }: { onSaved: () => void }) {
  const { t } = useTranslation();
  const fields = useAsync((s) => listRiskFields(s), []);
  const [name, setName] = useState('');
  const [expression, setExpression] = useState('');
  const [lane, setLane] = useState<Lane>('yellow');
  const [percent, setPercent] = useState('100');
  const [priority, setPriority] = useState('0');
  const [description, setDescription] = useState('');
  const [descriptionRu, setDescriptionRu] = useState('');
  const [descriptionUz, setDescriptionUz] = useState('');
  const [days, setDays] = useState('90');
  const [result, setResult] = useState<BackTest>();
  const [saved, setSaved] = useState<string>();
  const { busy, error, run } = useApiAction();
  const check = useExpressionCheck(expression);

  const runBacktest = () => run(async () => setResult(await backTest(expression, Number(percent), Number(days))));
  const save = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const descriptions = { ru: descriptionRu.trim(), uz: descriptionUz.trim() };
      const c = await createCriterion({ name, expression, lane, selection_percent: Number(percent), priority: Number(priority), description, descriptions });
      setSaved(c.id);
      onSaved();
    });
  };

  return (
    <form className="card" onSubmit={save} data-testid="criterion-editor">
      <h2>{t('criteria.editor')}</h2>
      <div className="grid">
        <LabelledInput id="cr-name" label={t('criteria.name')} value={name} onChange={setName} maxLength={200} wide />
        <div className="field">
          <label htmlFor="cr-lane">{t('criteria.lane')}</label>
          <select id="cr-lane" value={lane} onChange={(e) => setLane(e.target.value as Lane)}>
            {LANES.map((l) => (
              <option key={l} value={l}>
                {laneLabel(l)}
              </option>
            ))}
          </select>
        </div>
        <LabelledInput id="cr-percent" label={t('criteria.selection')} inputMode="decimal" value={percent} onChange={setPercent} />
        <div className="field span-2">
          <label htmlFor="cr-expression">{t('criteria.expression')}</label>
          <textarea
            id="cr-expression"
            className="expression-input"
            rows={3}
            value={expression}
            onChange={(e) => setExpression(e.target.value)}
            aria-invalid={check && !check.ok ? true : undefined}
            aria-describedby="cr-expression-feedback"
            spellCheck={false}
            placeholder='chapter in ["84", "85"] and valuation_ratio < 0.6'
          />
          <div id="cr-expression-feedback" aria-live="polite" data-testid="expression-feedback">
            {check?.ok && (
              <p className="ok small">
                {t('criteria.ok')} {t('criteria.canonical')}: <code>{check.canonical}</code> · {t('criteria.readsFields')}: {check.fields?.join(', ')}
              </p>
            )}
            {check && !check.ok && (
              <>
                <div className="caret-line">
                  {expression.split('\n')[0]}
                  {'\n'}
                  {' '.repeat(Math.max(0, (check.column ?? 1) - 1))}^
                </div>
                <p className="bad small">{t('criteria.errorAt', { column: check.column, message: check.message })}</p>
              </>
            )}
            {check?.warnings.map((w, i) => (
              <p key={i} className="hint">
                {w}
              </p>
            ))}
          </div>
        </div>
        <LabelledInput id="cr-priority" label={t('criteria.priority')} inputMode="numeric" value={priority} onChange={setPriority} />
        <LabelledInput id="cr-description" label={t('criteria.description')} value={description} onChange={setDescription} maxLength={2000} wide />
        <LabelledInput id="cr-description-ru" label={t('criteria.descriptionRu')} value={descriptionRu} onChange={setDescriptionRu} maxLength={2000} wide />
        <LabelledInput id="cr-description-uz" label={t('criteria.descriptionUz')} value={descriptionUz} onChange={setDescriptionUz} maxLength={2000} wide />
      </div>
      <fieldset className="card-inner">
        <legend>{t('criteria.backtest')}</legend>
        <div className="inline-form">
          <LabelledInput id="cr-days" label={t('criteria.days')} inputMode="numeric" value={days} onChange={setDays} />
          <button type="button" className="secondary" onClick={runBacktest} disabled={busy || !check?.ok} data-testid="run-backtest">
            {t('criteria.runBacktest')}
          </button>
        </div>
        {result && (
          <dl className="facts" data-testid="backtest-result">
            <div>
              <dt>{t('dashboards.declarations')}</dt>
              <dd>{result.declarations}</dd>
            </div>
            <div>
              <dt>{t('criteria.matched')}</dt>
              <dd>{result.matched}</dd>
            </div>
            <div>
              <dt>{t('criteria.matchShare')}</dt>
              <dd>{formatPercent(result.match_share)}</dd>
            </div>
            <div>
              <dt>{t('criteria.selected')}</dt>
              <dd>{result.selected}</dd>
            </div>
            <div>
              <dt>{t('criteria.inspected')}</dt>
              <dd>{result.inspected}</dd>
            </div>
            <div>
              <dt>{t('criteria.hits')}</dt>
              <dd>{result.hits}</dd>
            </div>
            <div>
              <dt>{t('criteria.hitRate')}</dt>
              <dd>{formatPercent(result.hit_rate)}</dd>
            </div>
          </dl>
        )}
        {result?.warnings.map((w, i) => (
          <p key={i} className="hint">
            {w}
          </p>
        ))}
      </fieldset>
      {error && <ErrorBox error={error} />}
      {saved && (
        <p className="alert alert-success" role="status">
          {t('criteria.saved', { id: saved })}
        </p>
      )}
      <div className="actions">
        <button type="submit" disabled={busy || !check?.ok || !name.trim() || !description.trim()}>
          {t('criteria.save')}
        </button>
      </div>
      <details>
        <summary>{t('criteria.fields')}</summary>
        <ul className="small">
          {fields.data?.items.map((f) => (
            <li key={f.name}>
              <code>{f.name}</code> ({f.type}) — {f.description}
            </li>
          ))}
        </ul>
      </details>
    </form>
  );
}
