import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type LanguageCode } from '../i18n';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang-switcher">
      <span className="visually-hidden">{t('common.language')}</span>
      <select
        data-testid="language-switcher"
        value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as LanguageCode)}
        aria-label={t('common.language')}
      >
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
