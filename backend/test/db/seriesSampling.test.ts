/**
 * CT as a series (migration 38) on both engines: a multi-slice series (CT, MR, PT) is one sampling unit, represented
 * by the middle of its accepted slices in SOP Instance UID order; projection images stay one unit each, even when
 * two views share a series. The counts (count_sample_candidates, count_sample_units), the draw and the items an
 * evaluation gets are checked against units computed here from the raw image rows (read with the service role), the
 * draw against the md5 key computed here. A series evaluated once is left out of later draws, whichever slice
 * represents it; rejecting the representative moves it to another slice; the database fills an item's unit.
 */
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { expectedSample, startEvaluation, startEvaluationWorld, worklist, type EvaluationWorld } from './evaluationFixtures';

jest.setTimeout(300_000);

const DAAN = DEMO_PEOPLE.daan.personId;
const FROM = '2023-05-01';
const TO = '2023-05-31';
const PERIOD = { from: FROM, to: TO };
const MULTI_SLICE = new Set(['CT', 'MR', 'PT']);

interface RawImage {
  id: string;
  sop_instance_uid: string;
  series_instance_uid: string;
  study_instance_uid: string;
  modality: string | null;
  rejected: boolean;
  procedure_id: string | null;
}

interface Unit {
  id: string;
  procedureId: string | null;
  series: string;
  study: string;
  isSeries: boolean;
  seriesImages: number;
}

/** The units of the period, from the raw rows: what the draw must choose from (independent of the SQL). */
function unitsOf(images: RawImage[]): Unit[] {
  const units: Unit[] = [];
  const bySeries = new Map<string, RawImage[]>();
  for (const image of images) {
    if (MULTI_SLICE.has(image.modality ?? '')) {
      bySeries.set(image.series_instance_uid, [...(bySeries.get(image.series_instance_uid) ?? []), image]);
    } else if (!image.rejected) {
      units.push({
        id: image.id,
        procedureId: image.procedure_id,
        series: image.series_instance_uid,
        study: image.study_instance_uid,
        isSeries: false,
        seriesImages: 1,
      });
    }
  }
  for (const [series, all] of bySeries) {
    const accepted = all.filter((image) => !image.rejected).sort((a, b) => (a.sop_instance_uid < b.sop_instance_uid ? -1 : 1));
    if (accepted.length === 0) continue;
    const representative = accepted[Math.floor((accepted.length - 1) / 2)] as RawImage;
    units.push({
      id: representative.id,
      procedureId: representative.procedure_id,
      series,
      study: representative.study_instance_uid,
      isSeries: all.length > 1,
      seriesImages: all.length > 1 ? accepted.length : 1,
    });
  }
  return units;
}

describe.each(ENGINES)('CT sampled as a series on %s', (engine) => {
  let world: EvaluationWorld;
  let uid = 0;
  const nextUid = (): string => `1.2.826.0.1.3680043.10.1467.38.${++uid}`;

  /** a series of `slices` images (rejected: the slice numbers rejected), one study each, by Daan */
  const addSeries = async (
    modality: string,
    procedure: string,
    slices: number,
    rejected: number[] = [],
    series = nextUid(),
    study = nextUid(),
  ): Promise<string> => {
    const rows = Array.from({ length: slices }, (_, n) => ({
      site_id: DEMO_SITE_ID,
      sop_instance_uid: nextUid(),
      study_instance_uid: study,
      series_instance_uid: series,
      modality,
      study_date: '2023-05-10',
      procedure_id: world.catalogue.procedures[procedure],
      station_name: modality === 'CT' ? 'CT1' : 'RAD-KAMER1',
      rejected: rejected.includes(n),
      source: 'demo',
    }));
    const inserted = await world.service.from('images').insert(rows).select('id');
    if (inserted.error) throw new Error(inserted.error.message);
    const operators = (inserted.data as Array<{ id: string }>).map((r) => ({
      site_id: DEMO_SITE_ID,
      image_id: r.id,
      position: 0,
      raw_name: 'op-daan',
      person_id: DAAN,
    }));
    const added = await world.service.from('image_operators').insert(operators);
    if (added.error) throw new Error(added.error.message);
    return series;
  };

  const rawImages = async (): Promise<RawImage[]> => {
    const { data, error } = await world.service
      .from('images')
      .select('id, sop_instance_uid, series_instance_uid, study_instance_uid, modality, rejected, procedure_id')
      .gte('study_date', FROM)
      .lte('study_date', TO);
    if (error) throw new Error(error.message);
    return data as RawImage[];
  };

  const countUnits = async (filter: object) => {
    const { data, error } = await world.as.fatima.rpc('count_sample_units', { use: 'quality', subject_person_id: null, filter }).single();
    if (error) throw new Error(`count_sample_units: ${error.message}`);
    return data as { units: number; images: number; series: number; studies: number };
  };
  const countCandidates = async (filter: object): Promise<number> => {
    const { data, error } = await world.as.fatima.rpc('count_sample_candidates', { use: 'quality', subject_person_id: null, filter });
    if (error) throw new Error(`count_sample_candidates: ${error.message}`);
    return data as number;
  };

  let ctSeries: string[];

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    ctSeries = [
      await addSeries('CT', 'ct-thorax', 7),
      await addSeries('CT', 'ct-thorax', 6),
      // one slice rejected, then two: the representative is the middle of the accepted ones
      await addSeries('CT', 'ct-thorax', 5, [2]),
      await addSeries('CT', 'ct-thorax', 4, [0, 3]),
      await addSeries('CT', 'ct-thorax', 9),
    ];
    // every slice rejected: no candidate
    await addSeries('CT', 'ct-thorax', 3, [0, 1, 2]);
    // a single CT image in its own series (a scout): a unit, an image
    await addSeries('CT', 'ct-thorax', 1);
    // chest PA and LAT in one series: two units, as before
    await addSeries('DX', 'thorax', 2);
    await addSeries('DX', 'thorax', 1);
    await addSeries('DX', 'thorax', 1, [0]);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  test('the counts say units, images, series and studies, as the raw rows give them', async () => {
    const units = unitsOf(await rawImages());
    // the fixture as meant: 5 series, the scout and 3 chest images (a rejected one left out)
    expect(units.filter((u) => u.isSeries)).toHaveLength(5);
    expect(units.filter((u) => !u.isSeries)).toHaveLength(4);

    expect(await countCandidates(PERIOD)).toBe(units.length);
    expect(await countUnits(PERIOD)).toEqual({
      units: units.length,
      images: units.filter((u) => !u.isSeries).length,
      series: units.filter((u) => u.isSeries).length,
      studies: new Set(units.map((u) => u.study)).size,
    });
    const ct = units.filter((u) => u.procedureId === world.catalogue.procedures['ct-thorax']);
    const ctFilter = { ...PERIOD, procedure_ids: [world.catalogue.procedures['ct-thorax']] };
    expect(await countUnits(ctFilter)).toEqual({
      units: ct.length,
      images: ct.filter((u) => !u.isSeries).length,
      series: ct.filter((u) => u.isSeries).length,
      studies: new Set(ct.map((u) => u.study)).size,
    });
  });

  test('the draw chooses among units by the same md5 key as before', async () => {
    const units = unitsOf(await rawImages());
    for (const seed of [1, 38, 2026]) {
      const { data, error } = await world.as.fatima.rpc('draw_sample', {
        use: 'quality',
        subject_person_id: null,
        filter: PERIOD,
        sample_size: 4,
        seed,
      });
      if (error) throw new Error(error.message);
      const drawn = (data as Array<{ image_id: string; position: number }>).sort((a, b) => a.position - b.position).map((r) => r.image_id);
      expect(drawn).toEqual(expectedSample(units, seed, 4));
    }
  });

  test('an evaluation holds each series once, as a series item of its representative, and leaves it out afterwards', async () => {
    const before = unitsOf(await rawImages());
    const started = await startEvaluation(world.as.fatima, { use: 'quality', filter: PERIOD, sample_size: 50, seed: 7 });
    expect(started.available).toBe(before.length);
    expect(started.drawn).toBe(before.length);

    const rows = await worklist(world.as.fatima, started.evaluation_id);
    const byImage = new Map(before.map((u) => [u.id, u]));
    expect(rows.map((r) => r.image_id).sort()).toEqual(before.map((u) => u.id).sort());
    for (const row of rows) {
      const unit = byImage.get(row.image_id) as Unit;
      expect(row['unit']).toBe(unit.isSeries ? 'series' : 'image');
      expect(row['series_images']).toBe(unit.seriesImages);
      expect(row['series_instance_uid']).toBe(unit.series);
    }
    // the unit in the table itself, as the database filled it
    const items = await world.service.from('evaluation_items').select('image_id, unit').eq('evaluation_id', started.evaluation_id);
    expect(items.error).toBeNull();
    expect((items.data as Array<{ unit: string }>).filter((i) => i.unit === 'series')).toHaveLength(5);
    // the summary counts a series as one item
    const summary = await world.as.fatima.rpc('evaluation_summary', { evaluation: started.evaluation_id });
    expect(summary.error).toBeNull();
    expect((summary.data as { items: number }).items).toBe(before.length);

    // a slice added to an evaluated series moves its representative; the series stays evaluated
    const grown = ctSeries[0] as string;
    const study = (await rawImages()).find((i) => i.series_instance_uid === grown)?.study_instance_uid as string;
    await addSeries('CT', 'ct-thorax', 3, [], grown, study);
    const after = unitsOf(await rawImages());
    const moved = after.find((u) => u.series === grown) as Unit;
    expect(before.find((u) => u.series === grown)?.id).not.toBe(moved.id);
    expect(await countCandidates(PERIOD)).toBe(0);
    expect(await countCandidates({ ...PERIOD, exclude_evaluated: false })).toBe(after.length);
  });

  test('rejecting the representative slice moves the unit to another slice of the series', async () => {
    const series = ctSeries[4] as string;
    const before = unitsOf(await rawImages()).find((u) => u.series === series) as Unit;
    const { error } = await world.service.from('images').update({ rejected: true }).eq('id', before.id);
    expect(error).toBeNull();
    const raw = await rawImages();
    const after = unitsOf(raw).find((u) => u.series === series) as Unit;
    expect(after.id).not.toBe(before.id);
    const flags = await world.service.from('images').select('id, sample_unit').eq('series_instance_uid', series);
    expect(flags.error).toBeNull();
    const marked = (flags.data as Array<{ id: string; sample_unit: boolean }>).filter((f) => f.sample_unit).map((f) => f.id);
    expect(marked).toEqual([after.id]);
  });

  /** the images the database marks as units in this series are those computed here from the raw rows */
  const expectUnitsAsComputed = async (series: string): Promise<void> => {
    const flags = await world.service.from('images').select('id, sample_unit').eq('series_instance_uid', series);
    expect(flags.error).toBeNull();
    const marked = (flags.data as Array<{ id: string; sample_unit: boolean }>).filter((f) => f.sample_unit).map((f) => f.id);
    const computed = unitsOf(await rawImages())
      .filter((u) => u.series === series)
      .map((u) => u.id);
    expect(marked.sort()).toEqual(computed.sort());
  };

  test('a slice corrected to another modality is a unit of its own; a deleted representative is replaced', async () => {
    const series = ctSeries[1] as string;
    const representative = unitsOf(await rawImages()).find((u) => u.series === series) as Unit;
    const corrected = await world.service.from('images').update({ modality: 'DX' }).eq('id', representative.id);
    expect(corrected.error).toBeNull();
    await expectUnitsAsComputed(series);
    expect(unitsOf(await rawImages()).filter((u) => u.series === series)).toHaveLength(2);

    const fresh = await addSeries('CT', 'ct-thorax', 3);
    const first = unitsOf(await rawImages()).find((u) => u.series === fresh) as Unit;
    const deleted = await world.service.from('images').delete().eq('id', first.id);
    expect(deleted.error).toBeNull();
    const next = unitsOf(await rawImages()).find((u) => u.series === fresh) as Unit;
    expect(next.id).not.toBe(first.id);
    await expectUnitsAsComputed(fresh);
  });

  test('a client cannot make an image item a series', async () => {
    const { data: evaluation, error } = await world.as.fatima
      .from('evaluations')
      .insert({
        site_id: DEMO_SITE_ID,
        use: 'quality',
        name: 'by hand',
        evaluator_id: DEMO_PEOPLE.fatima.personId,
        seed: 1,
        sample_size: 1,
      })
      .select('id')
      .single();
    expect(error).toBeNull();
    const chest = unitsOf(await rawImages()).find((u) => !u.isSeries && u.procedureId === world.catalogue.procedures['thorax']) as Unit;
    const inserted = await world.as.fatima
      .from('evaluation_items')
      .insert({
        site_id: DEMO_SITE_ID,
        evaluation_id: (evaluation as { id: string }).id,
        image_id: chest.id,
        form_id: world.catalogue.forms['generic'] ?? Object.values(world.catalogue.forms)[0],
        position: 1,
        unit: 'series',
      })
      .select('unit')
      .single();
    expect(inserted.error).toBeNull();
    expect((inserted.data as { unit: string }).unit).toBe('image');
  });
});
