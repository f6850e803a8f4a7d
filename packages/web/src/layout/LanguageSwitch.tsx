import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { switchLanguage, type Language } from '../i18n/index.js';

/** Chooses the console language (remembered in this browser). */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      size="small"
      aria-label={t('nav.language')}
      data-testid="language-switch"
      value={i18n.language as Language}
      onChange={(value: Language) => void switchLanguage(value)}
      options={[
        { value: 'zh-CN', label: '简体中文' },
        { value: 'en', label: 'English' },
      ]}
      style={{ width: 110 }}
    />
  );
}
