import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { initialLanguage, LANGUAGE_STORAGE_KEY, type Language } from './language.js';
import { zhCN } from './zh-CN.js';

export { LANGUAGES, languageFor, initialLanguage, type Language } from './language.js';

/** The console's i18next instance: zh-CN and en, the first from the browser or the saved choice. */
export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  initAsync: false,
  showSupportNotice: false,
});

/** Switches the language and remembers it. */
export async function switchLanguage(language: Language): Promise<void> {
  globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  await i18n.changeLanguage(language);
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}
