/**
 * The `iqs` commands. Each returns when its run completed (bad input files included: they are reported and
 * quarantined); it throws when the run itself could not proceed.
 */
import type { IqsSettings } from '@iqs/config';
import type { IqsServiceClient } from '@iqs/database';
import { createProgress, type ProgressSink } from '../terminal/progress';
import { harvest, type StudyToHarvest } from '../ingest/harvest';

/** How many harvested instances may wait for their studies to be recorded as done (one request per batch). */
const PROGRESS_BATCH_INSTANCES = 500;
import { createIndexWriter, type IndexWriter, type Source } from '../ingest/indexWriter';
import { expandInputs, inputRoots, readFiles } from '../ingest/ingestFiles';
import { type IngestLine, type StationMappings } from '../ingest/ingestLine';
import { createRejectionsInRun } from '../ingest/rejectionsInRun';
import { loadStationMappings } from '../ingest/stationMappings';
import { connectAsService, type ServiceConnection } from './connect';
import { findRunningLocalBackend } from '@iqs/supabase-local';
import { resolveSite, type Site } from './site';

export interface Output {
  /** JSON Lines and results for machines */
  out(line: string): void;
  /** notes for people */
  err(line: string): void;
  /** the progress line and the run's summary (standard error on a terminal) */
  readonly progress: ProgressSink;
}

interface WriteTarget {
  readonly connection: ServiceConnection | null;
  readonly site: Site | null;
  readonly mappings: StationMappings;
  readonly writer: IndexWriter | null;
}

/**
 * A dry run writes nothing; it uses the backend's tag mappings if a backend is there to ask (a configured project or
 * a running local one), and says so when there is none.
 */
async function writeTarget(
  settings: IqsSettings,
  options: { dryRun: boolean; site: string | null; source: Source; roots?: readonly string[] },
  output: Output,
): Promise<WriteTarget> {
  const canAsk = !options.dryRun || settings.supabase !== null || (await findRunningLocalBackend(settings.supabaseDir)) !== null;
  if (!canAsk) {
    output.err('dry run without a running backend: station tag mappings are not applied');
    return { connection: null, site: null, mappings: new Map(), writer: null };
  }
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, options.site);
    const mappings = await loadStationMappings(connection.client, site.id);
    output.err(`${options.dryRun ? 'dry run against' : 'writing to'} site ${site.code} (${site.name}) in the ${connection.description}`);
    return {
      connection,
      site,
      mappings,
      writer: options.dryRun ? null : createIndexWriter(connection.client, site.id, options.source, { roots: options.roots }),
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

function summary(counts: { images: number; rejection_notes: number; dose_reports: number; other: number; quarantined: number }): string {
  return `${counts.images} images, ${counts.rejection_notes} rejection notes, ${counts.dose_reports} dose reports, ${counts.other} other objects, ${counts.quarantined} quarantined`;
}

export interface IngestCommand {
  readonly paths: readonly string[];
  readonly site: string | null;
  readonly dryRun: boolean;
  readonly json: boolean;
}

export async function ingestCommand(settings: IqsSettings, command: IngestCommand, output: Output): Promise<void> {
  const files = await expandInputs(command.paths);
  // source_ref: each file's path under the argument it was found in, never the full path (folders name patients)
  const roots = await inputRoots(command.paths);
  const target = await writeTarget(settings, { dryRun: command.dryRun, site: command.site, source: 'file', roots }, output);
  const started = Date.now();
  const progress = createProgress('iqs ingest', output.progress, 'files');
  const markRejected = createRejectionsInRun();
  try {
    const result = await readFiles(files, {
      mappings: target.mappings,
      onLine: async (read: IngestLine) => {
        const line = markRejected(read);
        if (command.json) output.out(JSON.stringify(line));
        await target.writer?.add(line);
      },
      onProgress: ({ done, total, errors }) => progress.update(done, total, errors),
    });
    await target.writer?.flush();
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    const rate = `${(result.done / seconds).toFixed(0)} files/s`;
    progress.finish(
      target.writer
        ? `${result.done} files in ${seconds.toFixed(1)} s (${rate}): ${summary(target.writer.counts)}`
        : `${result.done} files read in ${seconds.toFixed(1)} s (${rate}), ${result.errors} with errors; nothing written (dry run)`,
    );
  } finally {
    await target.connection?.close();
  }
}

export interface HarvestCommand {
  readonly dicomweb: string;
  readonly since: string | null;
  readonly until: string | null;
  readonly site: string | null;
  readonly dryRun: boolean;
  readonly json: boolean;
}

async function harvestedStudies(client: IqsServiceClient, siteId: string, source: string): Promise<Map<string, number>> {
  const done = new Map<string, number>();
  // paged: a PACS has more studies than one answer holds
  for (let from = 0; ; from += 1000) {
    const { data, error } = await client
      .from('harvest_progress')
      .select('study_instance_uid, instances')
      .eq('site_id', siteId)
      .eq('source', source)
      .range(from, from + 999);
    if (error) throw new Error(`could not read the harvest progress: ${error.message}`);
    for (const row of (data ?? []) as Array<{ study_instance_uid: string; instances: number }>)
      done.set(row.study_instance_uid, row.instances);
    if ((data ?? []).length < 1000) return done;
  }
}

export async function harvestCommand(settings: IqsSettings, command: HarvestCommand, output: Output): Promise<void> {
  const source = command.dicomweb.replace(/\/+$/u, '');
  const target = await writeTarget(settings, { dryRun: command.dryRun, site: command.site, source: 'dicomweb' }, output);
  const started = Date.now();
  const progress = createProgress('iqs harvest', output.progress, 'instances');
  const markRejected = createRejectionsInRun();
  try {
    const { connection, site, writer } = target;
    const done = writer && connection && site ? await harvestedStudies(connection.client, site.id, source) : new Map<string, number>();
    if (done.size > 0) output.err(`continuing: ${done.size} studies were read completely before`);
    // a study counts as done only once its records are in the index; recorded in batches, one request each
    let finished: Array<{ study: StudyToHarvest; instances: number }> = [];
    let finishedInstances = 0;
    const recordFinished = async (): Promise<void> => {
      if (!writer || !connection || !site) return;
      await writer.flush();
      if (finished.length === 0) return;
      const rows = finished.map(({ study, instances }) => ({
        site_id: site.id,
        source,
        study_instance_uid: study.studyInstanceUid,
        instances: study.instances ?? instances,
      }));
      finished = [];
      finishedInstances = 0;
      const { error } = await connection.client.from('harvest_progress').upsert(rows, { onConflict: 'site_id,source,study_instance_uid' });
      if (error) throw new Error(`could not record the progress: ${error.message}`);
    };
    const totals = await harvest({
      baseUrl: source,
      range: { since: command.since, until: command.until },
      mappings: target.mappings,
      done,
      onLine: async (read) => {
        const line = markRejected(read);
        if (command.json) output.out(JSON.stringify(line));
        await writer?.add(line);
      },
      onStudyDone: async (study, instances) => {
        finished.push({ study, instances });
        finishedInstances += instances;
        if (finishedInstances >= PROGRESS_BATCH_INSTANCES) await recordFinished();
      },
      onProgress: (p) => progress.update(p.instances, null, p.errors),
    });
    await recordFinished();
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    progress.finish(
      `${totals.studies} studies (${totals.skipped} read before), ${totals.instances} instances in ${seconds.toFixed(1)} s (${(totals.instances / seconds).toFixed(0)} instances/s)` +
        (writer ? `: ${summary(writer.counts)}` : `, ${totals.errors} with errors; nothing written (dry run)`),
    );
  } finally {
    await target.connection?.close();
  }
}

export async function remapCommand(settings: IqsSettings, siteCode: string | null, output: Output): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    const { data, error } = await connection.client.rpc('remap_site', { site: site.id });
    if (error) throw new Error(`remapping failed: ${error.message}`);
    const changed = data as { images: number; operators: number; dose_reports: number; study_dlp?: number };
    output.out(
      `site ${site.code}: mappings applied again to ${changed.images} images, ${changed.operators} operators, ${changed.dose_reports} dose reports` +
        `; the study's DLP from its dose report given to ${changed.study_dlp ?? 0} CT images`,
    );
  } finally {
    await connection.close();
  }
}

export async function unmatchedCommand(settings: IqsSettings, siteCode: string | null, output: Output): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    const operators = await connection.client
      .from('unmatched_operator_names')
      .select('raw_name, images, last_study')
      .eq('site_id', site.id)
      .order('images', { ascending: false });
    const procedures = await connection.client
      .from('unmatched_procedures')
      .select('study_description, protocol_name, images, last_study')
      .eq('site_id', site.id)
      .order('images', { ascending: false });
    if (operators.error || procedures.error)
      throw new Error(`could not read the unmatched names: ${(operators.error ?? procedures.error)?.message}`);
    output.out(`Operator names without an alias (add them to operator_aliases):`);
    for (const row of (operators.data ?? []) as Array<{ raw_name: string; images: number; last_study: string | null }>)
      output.out(`  ${JSON.stringify(row.raw_name)}: ${row.images} images, last ${row.last_study ?? '?'}`);
    if ((operators.data ?? []).length === 0) output.out('  none');
    output.out(`Study descriptions without a procedure (add patterns to procedure_aliases):`);
    for (const row of (procedures.data ?? []) as Array<{
      study_description: string | null;
      protocol_name: string | null;
      images: number;
    }>) {
      output.out(
        `  ${JSON.stringify(row.study_description)}${row.protocol_name ? ` (protocol ${JSON.stringify(row.protocol_name)})` : ''}: ${row.images} images`,
      );
    }
    if ((procedures.data ?? []).length === 0) output.out('  none');
  } finally {
    await connection.close();
  }
}
