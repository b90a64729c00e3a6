import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en } from './en';
import { vi } from './vi';
import { formatDate, formatNumber, formatTime, translator, type Lang, type Translate } from './format';

const STORAGE_KEY = 'lienthong.lang';

export interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
  date: (value: string | undefined, withTime?: boolean) => string;
  time: (value: string) => string;
  number: (value: number) => string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

/** Vietnamese unless the person chose English on this device (kept in localStorage). */
function storedLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page only.
    }
  }, []);
  useEffect(() => {
    // Screen readers pick their voice from <html lang>.
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: translator(lang === 'vi' ? vi : en),
      date: (v, withTime) => formatDate(lang, v, withTime),
      time: (v) => formatTime(lang, v),
      number: (v) => formatNumber(lang, v),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
