// An amendment: the lodgement form filled with the current content; the API receives the
// complete amended declaration with a reason (POST /v1/declarations/{ref}/amendments).
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { amendDeclaration } from '../api/endpoints';
import { ErrorBox, Loading } from '../components/Feedback';
import { LabelledInput } from '../components/LabelledInput';
import { useDeclaration } from '../declaration/useDeclaration';
import { DeclarationFormView } from './lodge/DeclarationFormView';
import { fromDeclaration, toDeclaration, type DeclarationForm } from './lodge/formModel';

const REASON_CODES = ['COR', 'VAL', 'CLS', 'ORG', 'QTY', 'OTH'] as const;

export function AmendPage() {
  const { t } = useTranslation();
  const { ref = '' } = useParams();
  const navigate = useNavigate();
  const decl = useDeclaration(ref);
  const [form, setForm] = useState<DeclarationForm>();
  const [reasonCode, setReasonCode] = useState<string>('COR');
  const [reason, setReason] = useState('');

  useEffect(() => {
    if (decl.data?.declaration && !form) setForm(fromDeclaration(decl.data.declaration));
  }, [decl.data, form]);

  if (decl.error) return <ErrorBox error={decl.error} onRetry={decl.reload} />;
  if (!decl.data || !form) return <Loading />;
  const id = decl.data.id;

  const submit = async () => {
    await amendDeclaration(id, reasonCode, reason.trim(), toDeclaration(form));
    navigate(`/trader/declarations/${id}`);
  };

  return (
    <section>
      <h1>{t('amend.title', { ref: decl.data.mrn ?? decl.data.lrn })}</h1>
      <DeclarationFormView
        form={form}
        setForm={(next) => setForm((f) => (typeof next === 'function' ? (f ? next(f) : f) : next))}
        submitLabel={t('amend.submit')} onSubmit={submit} lockIdentity>
        <fieldset className="card">
          <legend>{t('amend.reasonTitle')}</legend>
          <div className="grid">
            <div className="field">
              <label htmlFor="reason-code">{t('amend.reasonCode')}</label>
              <select id="reason-code" value={reasonCode} onChange={(e) => setReasonCode(e.target.value)}>
                {REASON_CODES.map((c) => (
                  <option key={c} value={c}>
                    {c} · {t(`amend.reasonCodes.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <LabelledInput id="reason" label={t('amend.reason')} value={reason} onChange={setReason} maxLength={512} wide />
          </div>
        </fieldset>
      </DeclarationFormView>
    </section>
  );
}
