/**
 * The signed-in person's IQS profile: who they are in IQS (display name, role) and in which department. The
 * database decides what they may see; the profile only tells the interface whom it is speaking to.
 */
import type { Profile } from '../ports';
import type { IqsClient } from './client';

export type { IqsRole, Profile } from '../ports';

export class BackendError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

/** The profile linked to this auth user, or null when they are not (or no longer) a member of any department. */
export async function loadProfile(client: IqsClient, authUserId: string): Promise<Profile | null> {
  const person = await client
    .from('people')
    .select('id, display_name, role, site_id')
    .eq('auth_user_id', authUserId)
    .eq('active', true)
    .maybeSingle();
  if (person.error) throw new BackendError(person.error.message, person.error.code);
  if (!person.data) return null;
  const site = await client.from('sites').select('name').eq('id', person.data.site_id).single();
  if (site.error) throw new BackendError(site.error.message, site.error.code);
  return {
    personId: person.data.id,
    displayName: person.data.display_name,
    role: person.data.role,
    siteId: person.data.site_id,
    siteName: site.data.name,
  };
}
