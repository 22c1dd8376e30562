/** The department's per-station tag mappings, as the ingestion applies them (table stations.tag_mapping). */
import type { IqsServiceClient } from '@iqs/database';
import { parseTagMapping, type TagMappingEntry, TagMappingError } from '@iqs/domain';
import { stationKey, type StationMappings } from './ingestLine';

export class MappingConfigError extends Error {}

export async function loadStationMappings(client: IqsServiceClient, siteId: string): Promise<StationMappings> {
  const { data, error } = await client.from('stations').select('station_name, tag_mapping').eq('site_id', siteId);
  if (error) throw new MappingConfigError(`could not read the stations' tag mappings: ${error.message}`);
  const mappings = new Map<string, readonly TagMappingEntry[]>();
  for (const row of (data ?? []) as Array<{ station_name: string; tag_mapping: unknown }>) {
    try {
      const entries = parseTagMapping(row.tag_mapping);
      if (entries.length > 0) mappings.set(stationKey(row.station_name), entries);
    } catch (cause) {
      // a wrong mapping would write wrong doses into the index: stop and say where
      const reason = cause instanceof TagMappingError ? cause.message : String(cause);
      throw new MappingConfigError(`the tag mapping of station ${row.station_name} is not valid: ${reason}`);
    }
  }
  return mappings;
}
