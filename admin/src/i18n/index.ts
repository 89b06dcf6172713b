import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { I18nProvider } from '@refinedev/core';
import { en } from './en.ts';
import { zh } from './zh.ts';

export type Locale = 'zh' | 'en';
const KEY = 'lingshou.admin.locale';

export function savedLocale(): Locale {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh';
}

// The messages are bundled, so initialising is synchronous: the first render is already translated.
void i18next.use(initReactI18next).init({
  initAsync: false,
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: savedLocale(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
});

export const i18nProvider: I18nProvider = {
  translate: (key, options, defaultMessage) => {
    const text = i18next.t(key, options as Record<string, unknown>);
    return text === key && defaultMessage ? defaultMessage : String(text);
  },
  changeLocale: async (locale) => {
    localStorage.setItem(KEY, locale);
    await i18next.changeLanguage(locale);
  },
  getLocale: () => (i18next.language === 'en' ? 'en' : 'zh'),
};

/** A plugin's `{ zh, en }` label in the current language. */
export function labelText(label: { zh?: string; en?: string } | string | undefined, locale: string): string {
  if (!label) return '';
  if (typeof label === 'string') return label;
  return (locale === 'en' ? label.en ?? label.zh : label.zh ?? label.en) ?? '';
}
