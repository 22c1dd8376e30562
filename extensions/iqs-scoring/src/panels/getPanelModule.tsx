import { bridgeToHost } from '../bridge/reactBridge';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator, type Language } from '../i18n/translator';
import { PANEL_NAMES } from '../ids';
import type { IqsPanelPort } from '../ports';
import { getIqsService } from '../service/IqsService';
import { useLanguage } from '../ui/LanguageSwitch';
import type { ExtensionParams } from '../viewer/ohifTypes';
import { EvaluationScoringPanel, EvaluationWorklistPanel } from './EvaluationPanels';
import { IqsPanel } from './IqsPanel';

/**
 * OHIF renders side-panel components with no props, so whatever a panel needs is bound here: the IQS service
 * (servicesManager.services.iqsService, registered in the extension's preRegistration), through the port the panels
 * use. The IQS mode starts the service's work (the active image, the account, the evaluation) in its onModeEnter.
 */
export function getPanelModule({ servicesManager }: ExtensionParams) {
  const language = detectLanguage();
  const { t } = createTranslator(language);
  const fallback = <p className="iqs-panel iqs-message">{t('failed')}</p>;
  const iqs: IqsPanelPort | null = getIqsService(servicesManager);
  if (!iqs) console.error('[IQS] the IQS service is not registered: the IQS panels cannot be shown');
  // each panel follows the language chosen on /iqs (ui/LanguageSwitch.tsx) at once, without a reload; the whole
  // panel carries it as its lang (the account and reject parts too), for the browser's hyphenation and readers
  const bound = (render: (port: IqsPanelPort, language: Language) => JSX.Element) =>
    function BoundPanel() {
      const current = useLanguage(language);
      return (
        <div lang={current} className="iqs-k-lang-root">
          {iqs ? render(iqs, current) : fallback}
        </div>
      );
    };
  return [
    {
      name: PANEL_NAMES.imageFacts,
      iconName: 'tab-patient-info',
      iconLabel: t('panelLabel'),
      label: t('panelLabel'),
      component: bridgeToHost(
        bound((port, current) => <IqsPanel iqs={port} language={current} />),
        'IQS panel',
        { fallback },
      ),
    },
    {
      name: PANEL_NAMES.worklist,
      iconName: 'tab-studies',
      iconLabel: t('worklist.title'),
      label: t('worklist.title'),
      component: bridgeToHost(
        bound((port, current) => <EvaluationWorklistPanel iqs={port} language={current} />),
        'IQS worklist',
        { fallback },
      ),
    },
    {
      name: PANEL_NAMES.scoring,
      iconName: 'tab-linear',
      iconLabel: t('scoring.title'),
      label: t('scoring.title'),
      component: bridgeToHost(
        bound((port, current) => <EvaluationScoringPanel iqs={port} language={current} />),
        'IQS scoring',
        { fallback },
      ),
    },
  ];
}
