import { act, render, screen } from '@testing-library/react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { i18n, initialLanguage, languageFor, switchLanguage } from './index.js';
import { LANGUAGE_STORAGE_KEY } from './language.js';
import { zhCN } from './zh-CN.js';

function Title() {
  const { t } = useTranslation();
  return <h1>{t('nav.applications')}</h1>;
}

function keysOf(value: object, prefix = ''): string[] {
  return Object.entries(value).flatMap(([k, v]) => (typeof v === 'object' ? keysOf(v as object, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('i18n', () => {
  it('follows the browser language unless a choice was saved', () => {
    expect(languageFor('zh-TW')).toBe('zh-CN');
    expect(languageFor('en-GB')).toBe('en');
    expect(languageFor(undefined)).toBe('en');
    const none = { getItem: () => null };
    expect(initialLanguage(none, 'zh-CN')).toBe('zh-CN');
    expect(initialLanguage({ getItem: () => 'en' }, 'zh-CN')).toBe('en');
    expect(initialLanguage({ getItem: () => 'fr' }, 'zh-CN')).toBe('zh-CN');
  });

  it('GIVEN the console in English WHEN switched to Chinese THEN the text changes and the choice is saved', async () => {
    await act(() => switchLanguage('en'));
    render(
      <I18nextProvider i18n={i18n}>
        <Title />
      </I18nextProvider>,
    );
    expect(screen.getByRole('heading').textContent).toBe('Applications');
    await act(() => switchLanguage('zh-CN'));
    expect(screen.getByRole('heading').textContent).toBe('应用');
    expect(localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('has every English message in Chinese too', () => {
    expect(keysOf(zhCN).sort()).toEqual(keysOf(en).sort());
  });
});
