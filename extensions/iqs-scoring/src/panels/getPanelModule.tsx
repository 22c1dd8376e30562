import { bridgeToHost } from '../bridge/reactBridge';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator } from '../i18n/translator';
import { PANEL_NAMES } from '../ids';
import { IqsPanel } from './IqsPanel';

/**
 * OHIF renders side-panel components with no props, so whatever a panel needs is bound here. The panel reads
 * the active image from the store that the extension's tracker fills (see index.ts onModeEnter), and the account
 * from the store that the backend session fills (see index.ts preRegistration).
 */
export function getPanelModule() {
  const language = detectLanguage();
  const { t } = createTranslator(language);
  const BoundPanel = () => <IqsPanel language={language} />;
  const fallback = <p className="iqs-panel iqs-message">{t('failed')}</p>;
  return [
    {
      name: PANEL_NAMES.imageFacts,
      iconName: 'tab-patient-info',
      iconLabel: t('panelLabel'),
      label: t('panelLabel'),
      component: bridgeToHost(BoundPanel, 'IQS panel', { fallback }),
    },
  ];
}
