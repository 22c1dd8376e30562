import { bridgeToHost } from '../bridge/reactBridge';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator } from '../i18n/translator';
import { PANEL_NAMES } from '../ids';
import { EvaluationScoringPanel, EvaluationWorklistPanel } from './EvaluationPanels';
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
  const BoundWorklist = () => <EvaluationWorklistPanel language={language} />;
  const BoundScoring = () => <EvaluationScoringPanel language={language} />;
  const fallback = <p className="iqs-panel iqs-message">{t('failed')}</p>;
  return [
    {
      name: PANEL_NAMES.imageFacts,
      iconName: 'tab-patient-info',
      iconLabel: t('panelLabel'),
      label: t('panelLabel'),
      component: bridgeToHost(BoundPanel, 'IQS panel', { fallback }),
    },
    {
      name: PANEL_NAMES.worklist,
      iconName: 'tab-studies',
      iconLabel: t('worklist.title'),
      label: t('worklist.title'),
      component: bridgeToHost(BoundWorklist, 'IQS worklist', { fallback }),
    },
    {
      name: PANEL_NAMES.scoring,
      iconName: 'tab-linear',
      iconLabel: t('scoring.title'),
      label: t('scoring.title'),
      component: bridgeToHost(BoundScoring, 'IQS scoring', { fallback }),
    },
  ];
}
