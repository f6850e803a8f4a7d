/** The console's languages. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
/** One of {@link LANGUAGES}. */
export type Language = (typeof LANGUAGES)[number];

/** Where the chosen language is remembered. */
export const LANGUAGE_STORAGE_KEY = 'berth.language';

/** The console language for a browser language tag: any Chinese → zh-CN, anything else → en. */
export function languageFor(tag: string | undefined): Language {
  return tag && tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The remembered choice, else the browser's language. */
export function initialLanguage(
  storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage,
  navigatorLanguage: string | undefined = globalThis.navigator?.language,
): Language {
  const saved = storage?.getItem(LANGUAGE_STORAGE_KEY);
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  return languageFor(navigatorLanguage);
}
