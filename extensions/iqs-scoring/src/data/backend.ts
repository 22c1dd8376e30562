/**
 * The IQS backend for this page: one client, configured once from the viewer configuration. Components reach the
 * backend only through here and the data modules beside it.
 */
import type { BackendConfig } from './backendConfig';
import { createIqsClient, type IqsClient, type IqsClientOptions } from './client';
import { followSession, signIn, signOut, type SignInResult } from './session';

export interface IqsBackend {
  readonly client: IqsClient;
  signIn(email: string, password: string): Promise<SignInResult>;
  signOut(): Promise<void>;
}

let current: { backend: IqsBackend; stop: () => void } | null = null;

export function configureBackend(config: BackendConfig, options?: IqsClientOptions): IqsBackend {
  current?.stop();
  const client = createIqsClient(config, options);
  const backend: IqsBackend = {
    client,
    signIn: (email, password) => signIn(client, email, password),
    signOut: () => signOut(client),
  };
  current = { backend, stop: followSession(client) };
  return backend;
}

export function getBackend(): IqsBackend | null {
  return current?.backend ?? null;
}
