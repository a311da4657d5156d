import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

/** Every UI string has a key in both locale files; zh-CN is the reference. */
export type MessageKey = keyof typeof zhCN;
export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

export type MessageParams = Readonly<Record<string, string | number>>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

// Typing en against zh-CN's keys makes a key missing from en.json a compile error.
const MESSAGES: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export function isLocale(value: unknown): value is Locale {
  return value === 'zh-CN' || value === 'en';
}

/** Replaces `{name}` placeholders; an unknown placeholder stays visible so it gets noticed. */
export function formatMessage(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

export function translate(locale: Locale, key: MessageKey, params?: MessageParams): string {
  return formatMessage(MESSAGES[locale][key], params);
}

/** For keys built at run time (an error code from the server): undefined when not in the files. */
export function findMessageKey(key: string): MessageKey | undefined {
  return Object.hasOwn(zhCN, key) ? (key as MessageKey) : undefined; // checked by hasOwn just above
}

export function createTranslate(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}
