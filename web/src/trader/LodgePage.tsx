import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { getOrganisation, lodgeDeclaration } from '../api/endpoints';
import { useAuth } from '../auth/AuthContext';
import { DeclarationFormView } from './lodge/DeclarationFormView';
import { UploadPanel } from './lodge/UploadPanel';
import { emptyForm, toDeclaration, type DeclarationForm } from './lodge/formModel';

export function LodgePage() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState<DeclarationForm>(() => emptyForm(user?.org_tin ?? ''));
  // The declarant as customs registered the trader's organisation fills what the trader has not
  // typed yet (no registration: the trader types it).
  const orgTin = user?.org_tin ?? '';
  useEffect(() => {
    if (!orgTin) return;
    const abort = new AbortController();
    getOrganisation(orgTin, abort.signal).then(
      (o) =>
        setForm((f) =>
          f.declarantTin !== o.tin || f.declarantName !== ''
            ? f
            : { ...f, declarantName: o.name, declarantCity: f.declarantCity || o.address.city, declarantCountry: o.address.country },
        ),
      () => undefined,
    );
    return () => abort.abort();
  }, [orgTin]);

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

