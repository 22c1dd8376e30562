import { bridgeToHost } from '../bridge/reactBridge';
import { detectLanguage } from '../i18n/detectLanguage';
import { createTranslator } from '../i18n/translator';
import { IQS_PAGE } from '../ids';
import { IqsPageRoute } from '../pages/IqsPageRoute';
import { getIqsService } from '../service/IqsService';
import type { ExtensionParams } from '../viewer/ohifTypes';

/**
 * The IQS page as an OHIF route. OHIF 3.13 merges each extension's `global` customization module at start-up,
 * before it builds its routes, and renders `routes.customRoutes` routes with `children` as the component (given
 * `{ route, servicesManager, extensionManager, hotkeysManager }`); the page is bound to the IQS service here, as the
 * panels are. The component goes through the bridge, as the panels do: OHIF does not share its React.
 */
export function getCustomizationModule({ servicesManager }: ExtensionParams) {
  const language = detectLanguage();
  const { t } = createTranslator(language);
  const fallback = <p className="iqs-panel iqs-message">{t('failed')}</p>;
  const iqs = getIqsService(servicesManager);
  if (!iqs) console.error('[IQS] the IQS service is not registered: the IQS page cannot be shown');
  const BoundPage = () => (iqs ? <IqsPageRoute iqs={iqs} language={language} /> : fallback);
  const page = bridgeToHost(BoundPage, 'IQS page', { fallback, className: 'iqs-host iqs-page-host' });
  return [
    {
      name: 'global',
      value: {
        'routes.customRoutes': {
          routes: [{ path: IQS_PAGE.path, children: page, private: true }],
        },
      },
    },
  ];
}
