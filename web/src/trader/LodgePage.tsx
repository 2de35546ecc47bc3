import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { lodgeDeclaration } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { DeclarationFormView } from './lodge/DeclarationFormView';
import { UploadPanel } from './lodge/UploadPanel';
import { emptyForm, toDeclaration, type DeclarationForm } from './lodge/formModel';

export function LodgePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState<DeclarationForm>(() => emptyForm(user?.org_tin ?? ''));

  const submit = async () => {
    const summary = await lodgeDeclaration(toDeclaration(form));
    navigate(`/trader/declarations/${summary.id}`, { state: { lodged: summary } });
  };

  return (
    <section>
      <h1>{t('lodge.title')}</h1>
      <DeclarationFormView form={form} setForm={setForm} submitLabel={t('lodge.submit')} onSubmit={submit} />
      <UploadPanel />
    </section>
  );
}

