import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="card">
      <h1>{t('common.pageNotFound')}</h1>
      <Link to="/">{t('common.home')}</Link>
    </section>
  );
}
