/** Which department the tools work for: --site <code>, or the only site there is. */
import type { IqsServiceClient } from '@iqs/database';

export class SiteError extends Error {}

export interface Site {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

export async function resolveSite(client: IqsServiceClient, code: string | null): Promise<Site> {
  const { data, error } = await client.from('sites').select('id, code, name').order('code');
  if (error) throw new SiteError(`could not read the sites: ${error.message}`);
  const sites: readonly Site[] = data ?? [];
  if (code) {
    const site = sites.find((s) => s.code === code);
    if (!site) throw new SiteError(`there is no site "${code}"; sites: ${sites.map((s) => s.code).join(', ') || 'none'}`);
    return site;
  }
  if (sites.length === 1 && sites[0]) return sites[0];
  if (sites.length === 0) throw new SiteError('the backend has no site yet: create one (see the README)');
  throw new SiteError(`name the site with --site <code>; sites: ${sites.map((s) => s.code).join(', ')}`);
}
