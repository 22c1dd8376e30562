/**
 * The dose analysis's data layer (src/data/doseAnalysis.ts) against the real SQL (migrations 22–25) on both engines,
 * through supabase-js as the demo people: the filter the page sends is accepted as it is, the rows come back as
 * numbers equal to a computation here from the raw values, single exposures above the DRN open in the viewer, the
 * acquisition parameters per room, the image's comparison for the viewer, and the reference values: an admin maps a
 * procedure, adds, changes and removes the department's value and takes over a catalogue value (and the analysis
 * follows); a radiographer may not, and sees their own medians next to the department's, never a colleague's.
 */
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import type { IqsClient } from '../../src/data';
import {
  doseAcquisition,
  doseAnalysis,
  doseExposuresAboveDrl,
  doseSettings,
  imageDoseReference,
  mapProcedure,
  proceduresWithExam,
  referenceSets,
  referenceValues,
  removeSiteReference,
  setSiteReference,
  adoptReferenceValue,
  siteReferences,
  sqlDoseFilter,
} from '../../src/data/doseAnalysis';
import { imageViewerPath } from '../../src/data/rejectAnalysis';
import type { DoseAnalysisRow, DoseFilter, SiteDoseReferenceInput } from '../../src/ports';
import { ENGINES } from '../../../../test/support/engines';
import { type EvaluationWorld, startEvaluationWorld } from '../../../../backend/test/db/evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = fraction * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (at - low) * (sorted[high]! - sorted[low]!);
}

const round = (value: number): number => Number(value.toPrecision(10));

// chest PA, adults: Kamer 1 (Petra) clearly above the DRN 0.12, Kamer 2 (Daan) under the streefwaarde 0.06,
// Kamer 3 (CR, Petra) only three images
const KAMER1 = Array.from({ length: 20 }, (_, i) => round(0.13 + i * 0.01));
const KAMER2 = Array.from({ length: 20 }, (_, i) => round(0.03 + i * 0.001));
const KAMER3 = [0.05, 0.09, 0.2];

interface DoseImage {
  readonly station: string;
  readonly modality: string;
  readonly procedure: string | null;
  readonly view: string | null;
  readonly operator: string;
  readonly dap: number;
  readonly age: number;
  readonly weight?: number;
  readonly kvp?: number;
  readonly mas?: number;
  readonly distance?: number;
  readonly di?: number;
  /** study date; default a day in March 2026 */
  readonly date?: string;
}

describe.each(ENGINES)('the dose analysis data layer on %s', (engine) => {
  let world: EvaluationWorld;
  const sops: string[] = [];
  const client = (login: 'fatima' | 'petra' | 'daan' | 'jeroen'): IqsClient => world.as[login] as unknown as IqsClient;
  const CHEST: DoseFilter = { procedures: ['thorax'], views: ['PA'] };

  async function insertImages(images: readonly DoseImage[]): Promise<string[]> {
    const rows = images.map((image, index) => {
      const sop = `1.2.826.0.1.3680043.10.1467.77.${sops.length + index + 1}`;
      return {
        site_id: DEMO_SITE_ID,
        sop_instance_uid: sop,
        study_instance_uid: `${sop}.0`,
        series_instance_uid: `${sop}.1`,
        modality: image.modality,
        study_date: image.date ?? `2026-03-${String((index % 27) + 1).padStart(2, '0')}`,
        station_name: image.station,
        station_id: world.catalogue.stations[image.station] ?? null,
        procedure_id: image.procedure ? world.catalogue.procedures[image.procedure] : null,
        view_position: image.view,
        patient_age_years: image.age,
        dap_gy_cm2: image.dap,
        patient_weight_kg: image.weight ?? null,
        kvp: image.kvp ?? null,
        exposure_mas: image.mas ?? null,
        distance_source_detector_mm: image.distance ?? null,
        deviation_index: image.di ?? null,
        rejected: false,
        source: 'demo',
      };
    });
    const inserted = await world.service.from('images').insert(rows).select('id, sop_instance_uid');
    if (inserted.error) throw new Error(inserted.error.message);
    const ids = new Map((inserted.data as Array<{ id: string; sop_instance_uid: string }>).map((r) => [r.sop_instance_uid, r.id]));
    const operators = rows.map((row, index) => ({
      site_id: DEMO_SITE_ID,
      image_id: ids.get(row.sop_instance_uid),
      position: 0,
      raw_name: `op-${images[index]!.operator.slice(-4)}`,
      person_id: images[index]!.operator,
    }));
    const added = await world.service.from('image_operators').insert(operators);
    if (added.error) throw new Error(added.error.message);
    const made = rows.map((row) => row.sop_instance_uid);
    sops.push(...made);
    return made;
  }

  let kamer1Sops: string[] = [];
  let unknownProcedureSop = '';

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const chest = { modality: 'DX', procedure: 'thorax', view: 'PA', age: 45 } as const;
    kamer1Sops = await insertImages(
      KAMER1.map((dap, i) => ({
        ...chest,
        station: 'RAD-KAMER1',
        operator: PETRA,
        dap,
        // weights on half of the images
        ...(i % 2 === 0 ? { weight: 60 + i * 2 } : {}),
        kvp: 125,
        mas: i < 10 ? 2 : 4,
        distance: 1800,
        di: i < 15 ? 0.5 : 2,
      })),
    );
    await insertImages(
      KAMER2.map((dap) => ({ ...chest, station: 'RAD-KAMER2', operator: DAAN, dap, kvp: 110, mas: 1, distance: 1800, di: -0.2 })),
    );
    await insertImages(KAMER3.map((dap) => ({ ...chest, modality: 'CR', station: 'RAD-KAMER3', operator: PETRA, dap, di: 4 })));
    // a child, left out of the standard patient; an image without a procedure
    await insertImages([{ ...chest, station: 'RAD-KAMER1', operator: PETRA, dap: 0.9, age: 8 }]);
    unknownProcedureSop = (await insertImages([{ ...chest, procedure: null, station: 'RAD-KAMER1', operator: PETRA, dap: 0.5 }]))[0]!;
  });
  afterAll(async () => {
    await world?.env.close();
  });

  it('reads the sets and the published values, the site settings, and refuses a radiographer the mapping', async () => {
    const sets = await referenceSets(client('petra'));
    expect(sets.map((s) => s.code)).toEqual(expect.arrayContaining(['nl-drn-2012', 'be-fanc', 'de-bfs-2022', 'uk-ndrl-2022']));
    const values = await referenceValues(client('petra'));
    expect(values.find((v) => v.set_code === 'nl-drn-2012' && v.exam_key === 'chest-pa')).toMatchObject({
      quantity: 'dap',
      published_unit: 'µGy·m²',
      published_drl: 12,
      published_target: 6,
      drl_value: 0.12,
      target_value: 0.06,
      reference_weight_kg: 77,
    });
    expect(await doseSettings(client('petra'))).toEqual({ minImages: 20, diFine: 1, diAttention: 3, weightMin: 50, weightMax: 90 });
    const thorax = world.catalogue.procedures['thorax']!;
    await expect(mapProcedure(client('petra'), thorax, 'chest-pa')).rejects.toThrow();
    await mapProcedure(client('jeroen'), thorax, 'chest-pa');
    expect((await proceduresWithExam(client('petra'))).find((p) => p.code === 'thorax')?.reference_exam).toBe('chest-pa');
  });

  it('gives a quality officer each room of chest PA against the Dutch DRN, equal to a computation from the raw values', async () => {
    const rows = await doseAnalysis(client('fatima'), 'dap', 'room', 'all', CHEST);
    const byRoom = (key: string): DoseAnalysisRow | undefined => rows.find((r) => r.key === key && r.procedure_code === 'thorax');
    for (const [key, values, status] of [
      ['RAD-KAMER1', KAMER1, 'above_drl'],
      ['RAD-KAMER2', KAMER2, 'at_or_below_target'],
      ['RAD-KAMER3', KAMER3, 'too_few'],
    ] as const) {
      const row = byRoom(key)!;
      expect(row).toMatchObject({ scope: 'department', view_position: 'PA', quantity: 'dap', unit: 'Gy·cm²', n: values.length, status });
      expect(row.median).toBeCloseTo(percentile(values, 0.5), 9);
      expect(row.p25).toBeCloseTo(percentile(values, 0.25), 9);
      expect(row.p75).toBeCloseTo(percentile(values, 0.75), 9);
      expect(row.drl).toBeCloseTo(0.12, 12);
      expect(row.target).toBeCloseTo(0.06, 12);
      expect(row.reference_set).toBe('nl-drn-2012');
    }
    // the weights of Kamer 1: ten images in the fit
    expect(byRoom('RAD-KAMER1')?.fit_n).toBe(10);
    expect(byRoom('RAD-KAMER1')?.at_reference_weight).not.toBeNull();
  });

  it('accepts every filter the page sends (SQL names, nothing unknown), empty choices being no restriction', async () => {
    const filter: DoseFilter = {
      procedures: ['thorax'],
      views: ['PA'],
      modalities: ['DX'],
      rooms: ['RAD-KAMER1'],
      radiographers: [PETRA],
      from: '2026-01-01',
      to: '2026-12-31',
      images: 'all',
      adults_only: true,
      weight_min: 50,
      weight_max: 90,
    };
    expect(sqlDoseFilter(filter)).toEqual(filter);
    expect(sqlDoseFilter({ rooms: [], views: [] })).toEqual({});
    const rows = await doseAnalysis(client('fatima'), 'dap', 'room', 'month', filter);
    // the weight range keeps only the images with a weight in it
    expect(rows.find((r) => r.key === 'RAD-KAMER1')?.n).toBe(KAMER1.filter((_, i) => i % 2 === 0 && 60 + i * 2 <= 90).length);
    expect(rows[0]?.period_start).toBe('2026-03-01');
    // children count only when asked for
    const withChildren = await doseAnalysis(client('fatima'), 'dap', 'room', 'all', { ...CHEST, adults_only: false });
    expect(withChildren.find((r) => r.key === 'RAD-KAMER1')?.n).toBe(KAMER1.length + 1);
  });

  it('lists the single exposures above the DRN, each with the uids that open it in the viewer', async () => {
    const above = await doseExposuresAboveDrl(client('fatima'), 'dap', CHEST);
    const expected = KAMER1.filter((dap) => dap > 0.12).length + KAMER3.filter((dap) => dap > 0.12).length;
    expect(above).toHaveLength(expected);
    const first = above.find((e) => e.sop_instance_uid === kamer1Sops[0])!;
    expect(first).toMatchObject({ station_name: 'RAD-KAMER1', procedure_code: 'thorax', value: 0.13, rejected: false });
    expect(first.drl).toBeCloseTo(0.12, 12);
    expect(first.percent_of_drl).toBeCloseTo((0.13 / 0.12) * 100, 6);
    expect(imageViewerPath(first)).toContain(`initialSOPInstanceUID=${first.sop_instance_uid}`);
    expect(await doseExposuresAboveDrl(client('fatima'), 'dap', CHEST, 3)).toHaveLength(3);
  });

  it('gives the acquisition parameters per room and procedure, with the deviation index by the site bands', async () => {
    const rows = await doseAcquisition(client('fatima'), CHEST);
    const kamer1 = rows.find((r) => r.room_key === 'RAD-KAMER1' && r.procedure_code === 'thorax')!;
    expect(kamer1).toMatchObject({
      n: 20,
      median_kvp: 125,
      median_mas: 3,
      median_distance_mm: 1800,
      di_fine: 15,
      di_attention: 5,
      di_action: 0,
    });
    expect(rows.find((r) => r.room_key === 'RAD-KAMER3')).toMatchObject({ n: 3, di_action: 3, median_kvp: null });
  });

  it('compares one image with its reference for the viewer, and says why none applies', async () => {
    const [dap] = await imageDoseReference(client('petra'), kamer1Sops[19]!);
    expect(dap).toMatchObject({ quantity: 'dap', unit: 'Gy·cm²', status: 'above_drl', reference_set: 'nl-drn-2012', reason: null });
    expect(dap!.value).toBeCloseTo(0.32, 12);
    expect(dap!.drl).toBeCloseTo(0.12, 12);
    expect(dap!.reference_weight_kg).toBe(77);
    const [none] = await imageDoseReference(client('petra'), unknownProcedureSop);
    expect(none).toMatchObject({ quantity: 'dap', drl: null, status: 'no_reference', reason: 'no_procedure' });
    // not hers: Daan's image is not Petra's to see
    const daans = sops[KAMER1.length]!;
    expect(await imageDoseReference(client('petra'), daans)).toEqual([]);
    expect(await imageDoseReference(client('petra'), '1.2.3.4.5.not.indexed')).toEqual([]);
  });

  it("lets an admin set the department's own value (the analysis follows), take over a catalogue value and remove it", async () => {
    const thorax = world.catalogue.procedures['thorax']!;
    const { rows } = await world.env.db.query<{ today: string }>("select to_char(current_date, 'YYYY-MM-DD') as today");
    const today = rows[0]!.today;
    const input: SiteDoseReferenceInput = {
      id: null,
      procedure_id: thorax,
      quantity: 'dap',
      view_position: 'PA',
      published_value: 250,
      published_target: 150,
      published_unit: 'mGy·cm²',
      age_min: 18,
      age_max: null,
      thickness_mm: null,
      label: 'Thorax PA (eigen waarde)',
      source: 'Afdelingsbesluit 2026',
      source_url: null,
      valid_from: '2026-01-01',
      valid_to: null,
      notes: null,
    };
    await expect(setSiteReference(client('petra'), input)).rejects.toThrow();
    await setSiteReference(client('jeroen'), input);
    const own = (await siteReferences(client('fatima'))).find((r) => r.label === input.label)!;
    expect(own).toMatchObject({ quantity: 'dap', unit: 'Gy·cm²', published_value: 250, published_unit: 'mGy·cm²', reference_set: null });
    expect(own.drl_value).toBeCloseTo(0.25, 12);
    expect(own.target_value).toBeCloseTo(0.15, 12);
    const after = await doseAnalysis(client('fatima'), 'dap', 'room', 'all', CHEST);
    // Kamer 1's median 0.225 is now under the DRN 0.25 and above the streefwaarde 0.15
    expect(after.find((r) => r.key === 'RAD-KAMER1')).toMatchObject({ status: 'above_target', reference_set: null });
    expect(after.find((r) => r.key === 'RAD-KAMER1')?.drl).toBeCloseTo(0.25, 12);

    // changed: the new value applies
    await setSiteReference(client('jeroen'), { ...input, id: own.id, published_value: 200 });
    expect((await siteReferences(client('fatima'))).find((r) => r.id === own.id)?.drl_value).toBeCloseTo(0.2, 12);
    await expect(removeSiteReference(client('petra'), own.id)).rejects.toThrow();
    await removeSiteReference(client('jeroen'), own.id);
    expect((await siteReferences(client('fatima'))).some((r) => r.id === own.id)).toBe(false);

    // the Belgian value taken over: it applies, named by its set
    const belgian = (await referenceValues(client('jeroen'))).find((v) => v.set_code === 'be-fanc' && v.exam_key === 'chest-pa')!;
    await expect(adoptReferenceValue(client('petra'), belgian.id, thorax)).rejects.toThrow();
    await adoptReferenceValue(client('jeroen'), belgian.id, thorax);
    const adopted = (await siteReferences(client('fatima'))).find((r) => r.reference_value_id === belgian.id)!;
    expect(adopted).toMatchObject({ reference_set: 'be-fanc', published_value: 150, published_unit: 'mGy·cm²' });
    // it is valid from today, and the viewer compares every image with the value in force now: an image of March
    // too, as one of today
    expect(adopted.valid_from).toBe(today);
    const [march] = await imageDoseReference(client('petra'), kamer1Sops[0]!);
    expect(march).toMatchObject({ reference_set: 'be-fanc' });
    const [todays] = await insertImages([
      { station: 'RAD-KAMER3', modality: 'CR', procedure: 'thorax', view: 'PA', operator: PETRA, dap: 0.2, age: 50, date: today },
    ]);
    const [dap] = await imageDoseReference(client('petra'), todays!);
    expect(dap).toMatchObject({ reference_set: 'be-fanc', status: 'above_drl' });
    expect(dap!.drl).toBeCloseTo(0.15, 12);
    expect(dap!.target).toBeCloseTo(0.1, 12);
    await removeSiteReference(client('jeroen'), adopted.id);
  });

  it('gives a radiographer their own medians next to the department, never a colleague by name', async () => {
    const rows = await doseAnalysis(client('petra'), 'dap', 'room', 'all', CHEST);
    expect(rows.find((r) => r.scope === 'own' && r.key === 'RAD-KAMER1')?.n).toBe(KAMER1.length);
    expect(rows.find((r) => r.scope === 'department' && r.key === 'RAD-KAMER2')?.n).toBe(KAMER2.length);
    const byRadiographer = await doseAnalysis(client('petra'), 'dap', 'radiographer', 'all', CHEST);
    expect(byRadiographer.some((r) => r.key === DAAN)).toBe(false);
    expect(byRadiographer.some((r) => r.scope === 'own' && r.key === PETRA)).toBe(true);
    // the exposures above the DRN: her own images only
    const above = await doseExposuresAboveDrl(client('petra'), 'dap', CHEST);
    expect(above.every((e) => e.station_name !== 'RAD-KAMER2')).toBe(true);
    expect(above.length).toBeGreaterThan(0);
  });
});
