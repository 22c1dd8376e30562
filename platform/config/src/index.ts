export { buildAppConfig, renderAppConfigScript, DATA_SOURCE_NAME, type AppConfigOptions } from './appConfig';
export { readSettings, SettingsError, type IqsSettings } from './settings';
