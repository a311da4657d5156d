import { TranslationOutlined } from '@ant-design/icons';
import { Button } from 'antd';

import { useLocale } from '../i18n/locale-context.tsx';

/** One button that flips between 中文 and English; its label names the other language. */
export function LanguageSwitch() {
  const { locale, setLocale, t } = useLocale();
  return (
    <Button
      type="text"
      icon={<TranslationOutlined />}
      title={t('header.languageSwitchTitle')}
      data-testid="lang-switch"
      onClick={() => {
        setLocale(locale === 'zh-CN' ? 'en' : 'zh-CN');
      }}
    >
      {t('header.languageSwitch')}
    </Button>
  );
}
