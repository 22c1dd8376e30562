/** The IQS data-access layer: every supabase-js call of the extension goes through these modules. */
export { backendConfigFrom, type BackendConfig } from './backendConfig';
export { createIqsClient, type IqsClient, type IqsClientOptions } from './client';
export type { Database, Json, Tables, Enums } from '@iqs/database';
export { loadProfile, BackendError, type Profile, type IqsRole } from './profile';
export { signIn, signOut, followSession, type FollowOptions, type SignInResult } from './session';
export { createBackend, type IqsBackend } from './backend';
