/**
 * `iqs analyze dose` on both engines, against the demo department: every image of the demo plan is ingested as the
 * ingestion writes it (ingest_records, service role, with the seed's procedures, aliases and reference_exam), then the
 * command's lines are compared with what dose_analysis_for_site returns (the keys, in its order, one JSON
 * object per line), and the chest PA story with the manifest: each room's n, median, P25 and P75 recomputed here from
 * the manifest alone (percentile_cont), the Dutch DRN and streefwaarde, the room's intended band, the 77 kg fit. CT
 * against the seed's value for ct-thorax; the periods labelled; options checked.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_SITE_ID, type DemoManifest, manifestOf, planDemoDepartment } from '@iqs/demo-department';
import type { IqsServiceClient } from '@iqs/database';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import { MIGRATIONS, SEED } from './evaluationFixtures';
import {
  type AnalyzeDoseOptions,
  type DoseAnalysisLine,
  doseAnalysisRows,
  parseAnalyzeDoseOptions,
  periodLabel,
  printDoseAnalysis,
} from '../../src/cli/analyzeDoseCommand';
import { run } from '../../src/cli/main';

jest.setTimeout(600_000);

const manifest: DemoManifest = manifestOf(planDemoDepartment());
const intent = manifest.doseIntent;

/** percentile_cont(p) of PostgreSQL: linear between the two nearest ranks */
function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const position = p * (sorted.length - 1);
  const lower = sorted[Math.floor(position)] ?? Number.NaN;
  const upper = sorted[Math.ceil(position)] ?? Number.NaN;
  return lower + (position - Math.floor(position)) * (upper - lower);
}

/**
 * The images of the demo as the ingestion records them (the facts a correct reader finds, and the rejection mark),
 * and each CT study's dose report (its DLP total, which the ingestion gives to the study's CT images).
 */
function demoRecords(): Array<Record<string, unknown>> {
  return manifest.studies.flatMap((study) => [
    ...study.images.map((image) => ({
      ...image.facts,
      object: 'image',
      protocol_name: null,
      series_description: image.facts.study_description,
      dlp_mgy_cm: null,
      rejected: image.rejected,
      source: 'demo',
    })),
    ...(study.doseReport && study.images[0]
      ? [
          {
            object: 'dose_report',
            dose_report: true,
            sop_instance_uid: study.doseReport.sopInstanceUid,
            study_instance_uid: study.studyInstanceUid,
            series_instance_uid: `${study.doseReport.sopInstanceUid}.1`,
            sop_class_uid: '1.2.840.10008.5.1.4.1.1.88.67',
            modality: 'SR',
            study_date: study.studyDate,
            station_name: study.stationName,
            study_description: study.images[0].facts.study_description,
            operator_names: study.operators,
            patient_age_years: study.images[0].facts.patient_age_years,
            dlp_mgy_cm: study.doseReport.dlpMgyCm,
            ctdivol_mgy: study.doseReport.ctdivolMgy,
            dap_gy_cm2: null,
            rejected: false,
            source: 'demo',
          },
        ]
      : []),
  ]);
}

async function ingest(service: SupabaseClient, records: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < records.length; i += 100) {
    const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records: records.slice(i, i + 100) });
    if (error) throw new Error(`ingest_records: ${error.message}`);
  }
}

const output = (lines: string[]) => ({
  out: (l: string) => void lines.push(l),
  err: () => undefined,
  progress: { write: () => true } as never,
});

describe.each(ENGINES)('iqs analyze dose on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  let client: IqsServiceClient;
  let folder: string;
  let cliEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: MIGRATIONS, seedFile: SEED });
    service = env.client(env.supabase.serviceRoleKey);
    client = service as unknown as IqsServiceClient;
    await ingest(service, demoRecords());
    folder = mkdtempSync(path.join(os.tmpdir(), `iqs-analyze-dose-${engine}-`));
    cliEnv = {
      SUPABASE_URL: env.supabase.url,
      SUPABASE_ANON_KEY: env.supabase.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: env.supabase.serviceRoleKey,
      IQS_DATA_DIR: folder,
    };
  });
  afterAll(async () => {
    await env?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  async function printed(options: AnalyzeDoseOptions): Promise<string[]> {
    const lines: string[] = [];
    await printDoseAnalysis(client, DEMO_SITE_ID, options, output(lines));
    return lines;
  }

  it('prints what dose_analysis_for_site gives: one JSON object per line with the issue’s keys, or a table', async () => {
    for (const argv of [
      {},
      { by: 'procedure', per: 'month' },
      { by: 'radiographer', images: 'all', from: '2026-01-01', to: '2026-06-30' },
      { by: 'modality', quantity: 'organ_dose', 'all-ages': true },
      { by: 'room', modality: 'cr', per: 'year' },
      { quantity: 'ctdivol', per: 'quarter', images: 'rejected' },
    ]) {
      const options = parseAnalyzeDoseOptions({ ...argv, json: true });
      const rows = await doseAnalysisRows(client, DEMO_SITE_ID, options);
      const lines = (await printed(options)).map((l) => JSON.parse(l) as DoseAnalysisLine);
      for (const line of lines)
        expect(Object.keys(line)).toEqual([
          'procedure',
          'view',
          'by',
          'key',
          'period',
          'quantity',
          'unit',
          'n',
          'median',
          'p25',
          'p75',
          'drl',
          'target',
          'status',
          'reference_set',
        ]);
      expect(lines).toEqual(
        rows.map((r) => ({
          procedure: r.procedure_code,
          view: r.view_position,
          by: options.by,
          key: r.key,
          period: periodLabel(options.per, r.period_start),
          quantity: options.quantity,
          unit: r.unit,
          n: r.n,
          median: r.median,
          p25: r.p25,
          p75: r.p75,
          drl: r.drl,
          target: r.target,
          status: r.status,
          reference_set: r.reference_set,
        })),
      );
      for (const line of lines) {
        expect(['above_drl', 'above_target', 'at_or_below_target', 'too_few', 'no_reference']).toContain(line.status);
        expect(line.period).toMatch(
          { all: /^all$/u, week: /^\d{4}-W\d{2}$/u, month: /^\d{4}-\d{2}$/u, quarter: /^\d{4}-Q[1-4]$/u, year: /^\d{4}$/u }[options.per],
        );
      }
      const table = await printed({ ...options, json: false });
      expect(table).toHaveLength(rows.length === 0 ? 1 : rows.length + 3);
      if (rows.length > 0) expect(table[1]).toMatch(/^period\s+procedure\s+view\s+key\s+label\s+n\s+median\s+P25\s+P75\s+DRN/u);
    }
  });

  it('shows the demo’s chest PA story: each room in its intended band, with the figures the manifest gives', async () => {
    const { chestPa } = intent;
    const options = parseAnalyzeDoseOptions({ procedure: chestPa.procedure, json: true });
    const lines = (await printed(options)).map((l) => JSON.parse(l) as DoseAnalysisLine);
    const rows = await doseAnalysisRows(client, DEMO_SITE_ID, options);
    const pa = lines.filter((l) => l.view === chestPa.view);
    expect(pa.map((l) => l.key).sort()).toEqual(Object.keys(chestPa.rooms).sort());
    for (const [room, band] of Object.entries(chestPa.rooms)) {
      const images = manifest.studies
        .filter((s) => s.procedure === chestPa.procedure)
        .flatMap((s) => s.images)
        .filter((i) => !i.rejected && (i.facts.patient_age_years ?? 0) >= 18)
        .filter((i) => i.facts.view_position === chestPa.view && i.facts.station_name === room);
      const doses = images.map((i) => i.facts.dap_gy_cm2 ?? Number.NaN);
      const line = pa.find((l) => l.key === room);
      expect(line).toMatchObject({ procedure: chestPa.procedure, by: 'room', period: 'all', quantity: 'dap', unit: chestPa.unit });
      expect({ room, n: line?.n, status: line?.status }).toEqual({ room, n: images.length, status: band });
      expect(line?.median).toBeCloseTo(percentile(doses, 0.5), 9);
      expect(line?.p25).toBeCloseTo(percentile(doses, 0.25), 9);
      expect(line?.p75).toBeCloseTo(percentile(doses, 0.75), 9);
      expect({ drl: line?.drl, target: line?.target, set: line?.reference_set }).toEqual({
        drl: chestPa.drl,
        target: chestPa.target,
        set: chestPa.referenceSet,
      });
      // the Dutch way: ln DAP fitted on the weight of the weighed images, read at 77 kg
      const weighed = images.filter((i) => i.facts.patient_weight_kg !== null);
      const row = rows.find((r) => r.view_position === chestPa.view && r.key === room);
      expect(row?.fit_n).toBe(weighed.length);
      if (intent.weights.rooms.includes(room)) {
        const x = weighed.map((i) => i.facts.patient_weight_kg ?? Number.NaN);
        const y = weighed.map((i) => Math.log(i.facts.dap_gy_cm2 ?? Number.NaN));
        const mx = x.reduce((a, b) => a + b, 0) / x.length;
        const my = y.reduce((a, b) => a + b, 0) / y.length;
        const slope = x.reduce((s, xi, k) => s + (xi - mx) * ((y[k] ?? 0) - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
        expect(row?.at_reference_weight).toBeCloseTo(Math.exp(my + slope * (chestPa.referenceWeightKg - mx)), 6);
      }
    }
    // the chest's LAT images: no Dutch value for them
    for (const line of lines.filter((l) => l.view !== chestPa.view)) expect(line.drl).toBeNull();
  });

  it('shows CT within its reference (the seed’s value for ct-thorax), and mammography without one until adopted', async () => {
    const options = parseAnalyzeDoseOptions({ quantity: intent.ct.quantity, procedure: intent.ct.procedure, by: 'procedure', json: true });
    // CT counts by series: one CTDIvol per study in the demo
    const doses = manifest.studies
      .filter((s) => s.procedure === intent.ct.procedure)
      .map((s) => s.images[0]?.facts.ctdivol_mgy ?? Number.NaN);
    const ctLine = async (): Promise<DoseAnalysisLine | undefined> => {
      const lines = (await printed(options)).map((l) => JSON.parse(l) as DoseAnalysisLine);
      expect(lines).toHaveLength(1);
      return lines[0];
    };
    const ct = await ctLine();
    expect(ct).toMatchObject({
      procedure: intent.ct.procedure,
      key: intent.ct.procedure,
      unit: intent.ct.unit,
      n: doses.length,
      drl: intent.ct.drl,
      status: intent.ct.band,
      reference_set: intent.ct.referenceSet,
    });
    expect(ct?.median).toBeCloseTo(percentile(doses, 0.5), 9);
    expect(ct?.median).toBeLessThan(intent.ct.drl);
    // with the site's minimum lowered, the band the median is in
    const lowered = await service
      .from('sites')
      .update({ dose_min_images: intent.ct.withMinimum.minImages })
      .eq('id', DEMO_SITE_ID)
      .select('id');
    expect(lowered.error).toBeNull();
    try {
      expect((await ctLine())?.status).toBe(intent.ct.withMinimum.band);
    } finally {
      await service.from('sites').update({ dose_min_images: intent.chestPa.minImages }).eq('id', DEMO_SITE_ID);
    }

    // the study's DLP from its dose report, one per study, under the seed's DLP value
    const dlps = manifest.studies.flatMap((s) => (s.procedure === intent.ct.procedure && s.doseReport ? [s.doseReport.dlpMgyCm] : []));
    const dlp = (
      await printed(parseAnalyzeDoseOptions({ quantity: 'dlp', procedure: intent.ct.procedure, by: 'procedure', json: true }))
    ).map((l) => JSON.parse(l) as DoseAnalysisLine);
    expect(dlp).toHaveLength(1);
    expect(dlp[0]).toMatchObject({ unit: intent.ct.dlp.unit, n: dlps.length, drl: intent.ct.dlp.drl, status: intent.ct.band });
    expect(dlp[0]?.median).toBeCloseTo(percentile(dlps, 0.5), 9);
    expect(dlp[0]?.median).toBeLessThan(intent.ct.dlp.drl);

    const mg = (
      await printed(parseAnalyzeDoseOptions({ quantity: intent.mammography.quantity, procedure: intent.mammography.procedure, json: true }))
    ).map((l) => JSON.parse(l) as DoseAnalysisLine);
    expect(mg.length).toBeGreaterThan(0);
    for (const line of mg) expect({ status: line.status, drl: line.drl }).toEqual({ status: intent.mammography.defaultStatus, drl: null });
  });

  it('runs as `iqs analyze dose … --json` (exit 0, the same lines), and refuses bad arguments with exit status 2', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const io = {
      out: (l: string) => void lines.push(l),
      err: (l: string) => void errors.push(l),
      progress: { write: () => true } as never,
    };
    const argv = ['--quantity', 'dap', '--by', 'room', '--images', 'accepted', '--procedure', 'thorax', '--site', 'demo', '--json'];
    expect(await run(['analyze', 'dose', ...argv], cliEnv, io)).toBe(0);
    expect(errors).toEqual([]);
    expect(lines).toEqual(await printed(parseAnalyzeDoseOptions({ procedure: 'thorax', json: true })));
    expect(lines.length).toBeGreaterThan(0);
    for (const bad of [
      ['--by', 'reason'],
      ['--images', 'some'],
      ['--quantity', 'kerma'],
      ['--from', '2026-02-30'],
      ['--colour', 'red'],
    ]) {
      errors.length = 0;
      expect(await run(['analyze', 'dose', ...bad], cliEnv, io)).toBe(2);
      expect(errors.join('\n')).toMatch(/^iqs: /u);
    }
    expect(await run(['analyze', 'doses'], cliEnv, io)).toBe(2);
  });

  it('refuses options it does not know, naming them', () => {
    expect(parseAnalyzeDoseOptions({})).toEqual({
      quantity: 'dap',
      by: 'room',
      images: 'accepted',
      per: 'all',
      from: null,
      to: null,
      procedure: null,
      modality: null,
      adultsOnly: true,
      json: false,
    });
    expect(() => parseAnalyzeDoseOptions({ quantity: 'kerma' })).toThrow(/--quantity must be one of dap, ctdivol, dlp, organ_dose/u);
    expect(() => parseAnalyzeDoseOptions({ by: 'reason' })).toThrow(/--by must be one of room, procedure, radiographer, modality/u);
    expect(() => parseAnalyzeDoseOptions({ images: 'some' })).toThrow(/--images must be one of accepted, rejected, all/u);
    expect(() => parseAnalyzeDoseOptions({ per: 'decade' })).toThrow(/--per must be one of/u);
    expect(() => parseAnalyzeDoseOptions({ from: '2026-02-30' })).toThrow(/--from must be a date/u);
    expect(() => parseAnalyzeDoseOptions({ from: '2026-03-01', to: '2026-02-01' })).toThrow(/is after/u);
    expect(() => parseAnalyzeDoseOptions({ procedure: 'X Thorax' })).toThrow(/--procedure must be a procedure code/u);
    expect(() => parseAnalyzeDoseOptions({ modality: 'X-RAY' })).toThrow(/--modality must be a DICOM modality/u);
    expect(periodLabel('week', '2025-12-29')).toBe('2026-W01');
    expect(periodLabel('week', '2026-03-02')).toBe('2026-W10');
    expect(periodLabel('quarter', '2026-10-01')).toBe('2026-Q4');
  });
});
