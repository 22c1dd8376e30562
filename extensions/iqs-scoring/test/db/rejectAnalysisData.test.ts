/**
 * The reject analysis's data layer (src/data/rejectAnalysis.ts) against the real SQL (migrations 19–21) on both
 * engines, through supabase-js as the demo people: the filter the page sends is accepted as it is, the rows come
 * back as numbers, a drill-down filter (domain drillDownFilter) returns exactly the images behind a figure, and a
 * radiographer gets their own rows next to the department's and never a colleague's key.
 */
import { drillDownFilter, type RejectAnalysisRow, type RejectFilter } from '@iqs/domain';
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import type { IqsClient } from '../../src/data';
import {
  imageViewerPath,
  rejectAnalysis,
  rejectExposure,
  rejectImages,
  rejectReasonCatalogue,
  rejectThresholds,
  sqlRejectFilter,
} from '../../src/data/rejectAnalysis';
import { ENGINES } from '../../../../test/support/engines';
import { type EvaluationWorld, type FixtureImage, startEvaluationWorld } from '../../../../backend/test/db/evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;

/** the page's filter when nothing is chosen */
const NOTHING: RejectFilter = { include_mammography: false };

describe.each(ENGINES)('the reject analysis data layer on %s', (engine) => {
  let world: EvaluationWorld;
  let images: FixtureImage[];
  const client = (login: 'fatima' | 'petra' | 'daan'): IqsClient => world.as[login] as unknown as IqsClient;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const knee = { procedure: 'knie', view: 'AP', station: 'RAD-KAMER1' };
    images = await world.addImages([
      // Kamer 1, March: Petra 4 images (2 rejected), Daan 2 images (1 rejected)
      { ...knee, operators: [PETRA], date: '2026-03-02', rejected: true },
      { ...knee, operators: [PETRA], date: '2026-03-03', rejected: true },
      { ...knee, operators: [PETRA], date: '2026-03-04' },
      { ...knee, operators: [PETRA], date: '2026-03-05' },
      { ...knee, operators: [DAAN], date: '2026-03-06', rejected: true },
      { ...knee, operators: [DAAN], date: '2026-03-07' },
      // Kamer 2, April: chest, nothing rejected
      { procedure: 'thorax', view: 'PA', station: 'RAD-KAMER2', operators: [PETRA], date: '2026-04-01' },
      { procedure: 'thorax', view: 'PA', station: 'RAD-KAMER2', operators: [DAAN], date: '2026-04-02' },
      // mammography: left out unless asked for
      { procedure: 'mammo', modality: 'MG', station: 'MAMMO1', operators: [PETRA], date: '2026-03-10', rejected: true },
    ]);
    // reasons: Petra's first reject positioning, Daan's motion; Petra's second has none
    const { data: reasonRows, error } = await world.service.from('reject_reasons').select('id, code').in('code', ['positioning', 'motion']);
    if (error) throw new Error(error.message);
    const reasonId = (code: string): string => (reasonRows as Array<{ id: string; code: string }>).find((r) => r.code === code)!.id;
    for (const [image, code] of [
      [images[0]!, 'positioning'],
      [images[4]!, 'motion'],
    ] as const) {
      const recorded = await world.as.fatima.rpc('record_reject_reason', { image: image.id, reason: reasonId(code) });
      if (recorded.error) throw new Error(recorded.error.message);
    }
  });
  afterAll(async () => {
    await world?.env.close();
  });

  it('reads the thresholds and the reasons of the site', async () => {
    expect(await rejectThresholds(client('petra'))).toEqual({ target: 0.08, investigateAbove: 0.1, investigateBelow: 0.05 });
    const reasons = await rejectReasonCatalogue(client('petra'));
    expect(reasons.find((r) => r.code === 'test_qc')).toMatchObject({ counts_as_reject: false, category: 'other' });
  });

  it('gives a quality officer the department by room per month, as numbers', async () => {
    const rows = await rejectAnalysis(client('fatima'), 'room', 'month', NOTHING);
    const byKey = (period: string, key: string): RejectAnalysisRow | undefined =>
      rows.find((r) => r.period_label === period && r.key === key);
    expect(rows.every((r) => r.scope === 'department')).toBe(true);
    expect(byKey('2026-03', 'RAD-KAMER1')).toMatchObject({
      period_start: '2026-03-01',
      label: 'Kamer 1',
      rejected: 3,
      total: 6,
      reject_rate: 0.5,
      without_reason: 1,
      reasons: { positioning: 1, motion: 1 },
      // too few images to flag under the site's default minimum (20)
      flag: null,
    });
    expect(byKey('2026-04', 'RAD-KAMER2')).toMatchObject({ rejected: 0, total: 2, reject_rate: 0, flag: null });
    // with a minimum the rows meet, they are flagged against the thresholds
    const lowered = await world.service.from('sites').update({ reject_flag_min_images: 2 }).eq('id', DEMO_SITE_ID);
    if (lowered.error) throw new Error(lowered.error.message);
    const flagged = await rejectAnalysis(client('fatima'), 'room', 'month', NOTHING);
    const flagOf = (period: string, key: string) => flagged.find((r) => r.period_label === period && r.key === key)?.flag;
    expect(flagOf('2026-03', 'RAD-KAMER1')).toBe('above_investigation');
    expect(flagOf('2026-04', 'RAD-KAMER2')).toBe('below_investigation');
    const restored = await world.service.from('sites').update({ reject_flag_min_images: 20 }).eq('id', DEMO_SITE_ID);
    if (restored.error) throw new Error(restored.error.message);
    expect(rows.some((r) => r.key === 'MAMMO1')).toBe(false);
    const withMammography = await rejectAnalysis(client('fatima'), 'room', 'all', { include_mammography: true });
    expect(withMammography.find((r) => r.key === 'MAMMO1')).toMatchObject({ rejected: 1, total: 1 });
  });

  it('accepts every filter the page sends (SQL names, nothing unknown)', async () => {
    const filter: RejectFilter = {
      procedures: ['knie'],
      views: ['AP'],
      modalities: ['DX'],
      rooms: ['RAD-KAMER1'],
      radiographers: [PETRA],
      group: { kind: 'service_years', band: '10+' },
      age_bands: ['unknown'],
      reasons: ['positioning'],
      date_from: '2026-01-01',
      date_to: '2026-12-31',
      include_mammography: false,
    };
    expect(sqlRejectFilter(filter)).toEqual(filter);
    await expect(rejectAnalysis(client('fatima'), 'all', 'all', filter)).resolves.toBeDefined();
    await expect(rejectExposure(client('fatima'), filter)).resolves.toBeDefined();
    // empty choices are no restriction, not an empty list
    expect(sqlRejectFilter({ rooms: [], include_mammography: false })).toEqual({ include_mammography: false });
  });

  it('drills from a figure to exactly its images', async () => {
    const rows = await rejectAnalysis(client('fatima'), 'room', 'month', NOTHING);
    const march = rows.find((r) => r.period_label === '2026-03' && r.key === 'RAD-KAMER1')!;
    const rejected = await rejectImages(client('fatima'), drillDownFilter(NOTHING, 'room', march, 'month')!);
    expect(rejected.map((i) => i.sop_instance_uid).sort()).toEqual([images[0]!.sop, images[1]!.sop, images[4]!.sop].sort());
    expect(rejected.find((i) => i.sop_instance_uid === images[0]!.sop)).toMatchObject({
      rejected: true,
      reason_code: 'positioning',
      reason_source: 'person',
      procedure_code: 'knie',
      station_name: 'RAD-KAMER1',
      room_label: 'Kamer 1',
    });
    const all = await rejectImages(client('fatima'), drillDownFilter(NOTHING, 'room', march, 'month', 'total')!, { rejectedOnly: false });
    expect(all).toHaveLength(march.total);
    // the viewer path of one image: OHIF's own parameters
    const path = imageViewerPath(all[0]!);
    expect(path).toContain(`StudyInstanceUIDs=${all[0]!.study_instance_uid}`);
    expect(path).toContain(`initialSOPInstanceUID=${all[0]!.sop_instance_uid}`);
  });

  it('gives a radiographer their own rows next to the department, never a colleague by name', async () => {
    const rows = await rejectAnalysis(client('petra'), 'room', 'all', NOTHING);
    expect(rows.find((r) => r.scope === 'own' && r.key === 'RAD-KAMER1')).toMatchObject({ rejected: 2, total: 4 });
    expect(rows.find((r) => r.scope === 'department' && r.key === 'RAD-KAMER1')).toMatchObject({ rejected: 3, total: 6 });
    const byRadiographer = await rejectAnalysis(client('petra'), 'radiographer', 'all', NOTHING);
    expect(byRadiographer.map((r) => [r.scope, r.key])).toEqual(
      expect.arrayContaining([
        ['own', PETRA],
        ['department', null],
      ]),
    );
    expect(byRadiographer.some((r) => r.key === DAAN || r.label?.includes('Daan'))).toBe(false);
    // her drill-down holds her images only, whatever the figure
    const department = rows.find((r) => r.scope === 'department' && r.key === 'RAD-KAMER1')!;
    const hers = await rejectImages(client('petra'), drillDownFilter(NOTHING, 'room', department, 'all')!);
    expect(hers.map((i) => i.sop_instance_uid).sort()).toEqual([images[0]!.sop, images[1]!.sop].sort());
    const exposure = await rejectExposure(client('petra'), NOTHING);
    expect(exposure.every((r) => typeof r.rejected === 'number')).toBe(true);
  });
});
