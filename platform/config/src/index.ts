export { buildAppConfig, renderAppConfigScript, DATA_SOURCE_NAME, type AppConfigOptions } from './appConfig';
export { isLoopbackHost, readSettings, SettingsError, type IqsSettings } from './settings';
export { withoutCredentials } from './urlCredentials';
