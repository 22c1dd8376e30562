/**
 * Evaluation sampling (migration 13) through supabase-js on both engines: the draw is uniform (a chi-square test over
 * 400 fixed seeds), reproducible and the same as an md5 computed here, every filter field selects what it says,
 * rejected images are never drawn, evaluated images are left out per use, spreading over procedures, fewer images
 * than asked, nothing to draw, self-evaluation of one's own images only, and the form each image is scored on.
 */
import { DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  ELIF,
  expectedSample,
  JURGEN,
  SANNE,
  serviceBand,
  startEvaluation,
  startEvaluationWorld,
  worklist,
  type EvaluationWorld,
  type FixtureImage,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;

// ---------------------------------------------------------------------------------------------------------------
// chi-square: the upper tail of the distribution, to state a p-value (Numerical Recipes' gammq)
// ---------------------------------------------------------------------------------------------------------------
function logGamma(z: number): number {
  // the published coefficients, as printed (more digits than a double keeps)
  // eslint-disable-next-line no-loss-of-precision
  const c = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  const x = z;
  let y = z;
  let tmp = x + 5.5;
  tmp -= (x + 0.5) * Math.log(tmp);
  let ser = 1.000000000190015;
  for (const cj of c) ser += cj / ++y;
  // eslint-disable-next-line no-loss-of-precision
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** Q(a, x): the regularized upper incomplete gamma function. */
function gammaQ(a: number, x: number): number {
  if (x < a + 1) {
    let sum = 1 / a;
    let del = sum;
    for (let n = 1; n < 1000; n++) {
      del *= x / (a + n);
      sum += del;
      if (Math.abs(del) < Math.abs(sum) * 1e-15) break;
    }
    return 1 - sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  let b = x + 1 - a;
  let c = 1e300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

const chiSquarePValue = (statistic: number, df: number): number => gammaQ(df / 2, statistic / 2);

/**
 * The statistic for T draws of k out of N without replacement: each image's count is a sum of T indicators with
 * p = k/N, and the indicators within one draw are negatively correlated (cov = -p(1-p)/(N-1)). The counts' deviations
 * then have covariance T·p(1-p)·N/(N-1) times the projection onto the sum-zero space, so
 * Σ (c_i - Tp)² / (T·p(1-p)·N/(N-1)) follows a chi-square with N-1 degrees of freedom. (Pearson's Σ(c-e)²/e would be
 * too lenient by the factor (1-p)·N/(N-1).)
 */
function uniformityStatistic(counts: number[], draws: number, k: number): number {
  const n = counts.length;
  const p = k / n;
  const expected = draws * p;
  const scale = draws * p * (1 - p) * (n / (n - 1));
  return counts.reduce((sum, c) => sum + (c - expected) ** 2, 0) / scale;
}

describe.each(ENGINES)('evaluation sampling on %s', (engine) => {
  let world: EvaluationWorld;
  let handPool: FixtureImage[];
  let filterPool: FixtureImage[];
  let groupId: string;

  type Draw = Array<{ image_id: string; position: number }>;
  const draw = async (
    login: 'fatima' | 'petra' | 'anna',
    use: string,
    filter: object,
    sampleSize: number,
    seed: number,
    subject: string | null = null,
  ): Promise<Draw> => {
    const { data, error } = await world.as[login].rpc('draw_sample', {
      use,
      subject_person_id: subject,
      filter,
      sample_size: sampleSize,
      seed,
    });
    if (error) throw new Error(`draw_sample: ${error.code} ${error.message}`);
    return data as Draw;
  };
  const count = async (login: 'fatima' | 'petra' | 'anna', use: string, filter: object, subject: string | null = null): Promise<number> => {
    const { data, error } = await world.as[login].rpc('count_sample_candidates', { use, subject_person_id: subject, filter });
    if (error) throw new Error(`count_sample_candidates: ${error.code} ${error.message}`);
    return data as number;
  };
  const sorted = (ids: string[]): string[] => [...ids].sort();

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    // 40 accepted hand images by Daan in 2025, and nothing else of that procedure: the uniformity pool, with fixed
    // ids so that the draws (and the statistic) are the same in every run and on both engines
    handPool = await world.addImages(
      Array.from({ length: 40 }, (_, i) => ({
        id: `4a4d0000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
        operators: [DAAN],
        procedure: 'hand',
        station: 'RAD-KAMER1',
        date: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}`,
        view: 'PA',
      })),
    );

    // 2024: a mix of everything the filter can select on (every ninth image rejected)
    const operatorCycle: Array<Array<string | { raw: string }>> = [
      [PETRA],
      [DAAN],
      [ANNA],
      [PETRA, DAAN],
      [{ raw: 'Onbekend^Y' }],
      [ELIF],
      [SANNE],
      [JURGEN],
    ];
    const procedureCycle = ['thorax', 'bekken', 'knie', 'lwk', null];
    const stationCycle = ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3', null];
    filterPool = await world.addImages(
      Array.from({ length: 72 }, (_, i) => {
        const day = new Date(Date.UTC(2024, 0, 5 + i * 5));
        return {
          operators: operatorCycle[i % operatorCycle.length] as Array<string | { raw: string }>,
          procedure: procedureCycle[i % procedureCycle.length] ?? null,
          modality: i % 3 === 0 ? 'CR' : 'DX',
          station: stationCycle[i % stationCycle.length] ?? null,
          date: day.toISOString().slice(0, 10),
          rejected: i % 9 === 4,
          view: 'AP',
        };
      }),
    );
    // Daan started on 2024-02-01: an image the day before (no band) and on the day (0 years)
    filterPool.push(
      ...(await world.addImages([
        { operators: [DAAN], procedure: 'thorax', date: '2024-01-31', view: 'AP' },
        { operators: [DAAN], procedure: 'thorax', date: '2024-02-01', view: 'AP' },
      ])),
    );
    const group = await world.service.from('person_groups').select('id').eq('name', 'Mammografie-team').single();
    groupId = group.data?.id as string;
  });

  afterAll(async () => {
    await world?.env.close();
  });

  describe('the draw', () => {
    const filter = () => ({ procedure_ids: [world.catalogue.procedures['hand']], exclude_evaluated: false });

    it('is uniform: every image is drawn as often as chance says over 400 fixed seeds (chi-square, alpha 0.01)', async () => {
      const counts = new Map(handPool.map((image) => [image.id, 0]));
      const SEEDS = 400;
      const K = 5;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const sample = await draw('fatima', 'quality', filter(), K, seed);
        expect(sample.map((s) => s.position)).toEqual([1, 2, 3, 4, 5]);
        expect(new Set(sample.map((s) => s.image_id)).size).toBe(K);
        for (const s of sample) {
          expect(counts.has(s.image_id)).toBe(true);
          counts.set(s.image_id, (counts.get(s.image_id) ?? 0) + 1);
        }
      }
      const df = handPool.length - 1;
      // chi-square critical value for 39 degrees of freedom at alpha = 0.01 (tables: 62.428); the p-value function
      // agrees with the table, so the p-value below means what it says
      const CRITICAL = 62.428;
      expect(chiSquarePValue(CRITICAL, df)).toBeCloseTo(0.01, 4);
      const statistic = uniformityStatistic([...counts.values()], SEEDS, K);
      const p = chiSquarePValue(statistic, df);
      if (process.env['IQS_SHOW_CHI_SQUARE']) console.info(`chi-square ${statistic.toFixed(2)} (df ${df}), p = ${p.toFixed(3)}`);
      expect(statistic).toBeLessThan(CRITICAL);
      expect(p).toBeGreaterThan(0.01);
      // the test can fail: "the first five by id" for every seed is far outside
      const biased = new Map(handPool.map((image) => [image.id, 0]));
      for (let seed = 1; seed <= SEEDS; seed++)
        for (const id of sorted(handPool.map((i) => i.id)).slice(0, K)) biased.set(id, (biased.get(id) ?? 0) + 1);
      expect(uniformityStatistic([...biased.values()], SEEDS, K)).toBeGreaterThan(CRITICAL * 10);
    });

    it('is reproducible: the same seed gives the same sample, and it is the md5 order computed here', async () => {
      for (const seed of [1, 42, 9_007_199_254_740_991]) {
        const first = await draw('fatima', 'quality', filter(), 7, seed);
        const again = await draw('fatima', 'quality', filter(), 7, seed);
        expect(again).toEqual(first);
        expect(first.map((s) => s.image_id)).toEqual(
          expectedSample(
            handPool.map((i) => ({ id: i.id, procedureId: i.procedureId })),
            seed,
            7,
          ),
        );
      }
    });

    it('different seeds give different samples', async () => {
      const samples = new Set<string>();
      for (let seed = 1000; seed < 1020; seed++)
        samples.add(sorted((await draw('fatima', 'quality', filter(), 5, seed)).map((s) => s.image_id)).join());
      expect(samples.size).toBe(20);
    });

    it('refuses bad input with the field named', async () => {
      const bad = async (args: Record<string, unknown>) => {
        const { error } = await world.as.fatima.rpc('draw_sample', {
          use: 'quality',
          subject_person_id: null,
          filter: {},
          sample_size: 5,
          seed: 1,
          ...args,
        });
        return { code: error?.code, message: error?.message };
      };
      expect(await bad({ sample_size: 0 })).toEqual({ code: '22023', message: expect.stringContaining('sample_size') });
      expect(await bad({ filter: { procedure: 'thorax' } })).toEqual({ code: '22023', message: 'unknown filter field(s): procedure' });
      expect(await bad({ filter: { procedure_ids: ['thorax'] } })).toEqual({
        code: '22023',
        message: expect.stringContaining('filter.procedure_ids must be a UUID'),
      });
      expect(await bad({ filter: { from: '2024-02-30' } })).toEqual({
        code: '22023',
        message: expect.stringContaining('filter.from must be a date'),
      });
      expect(await bad({ filter: { from: '2024-03-01', to: '2024-02-01' } })).toEqual({
        code: '22023',
        message: expect.stringContaining('is after'),
      });
      expect(await bad({ filter: { group: { kind: 'service_years', band: '3-4' } } })).toEqual({
        code: '22023',
        message: expect.stringContaining('band'),
      });
      expect(await bad({ filter: { exclude_evaluated: 'no' } })).toEqual({
        code: '22023',
        message: expect.stringContaining('exclude_evaluated'),
      });
      expect(await bad({ filter: [] })).toEqual({ code: '22023', message: expect.stringContaining('JSON object') });
    });
  });

  describe('the filter', () => {
    const YEAR = { from: '2024-01-01', to: '2024-12-31', exclude_evaluated: false };
    const accepted2024 = () => filterPool.filter((i) => !i.rejected && i.date >= '2024-01-01' && i.date <= '2024-12-31');
    const people = new Map<string, string | null>([
      [PETRA, '2004-09-01'],
      [DAAN, '2024-02-01'],
      [ANNA, '2012-02-01'],
      [SANNE, '2021-09-01'],
      [ELIF, '2023-09-01'],
      [JURGEN, '2016-01-01'],
    ]);
    const madeBy = (image: FixtureImage, test: (personId: string) => boolean) =>
      image.operators.some((op) => typeof op === 'string' && test(op));

    async function expectSelects(filter: object, expected: FixtureImage[]): Promise<void> {
      // every case selects some images, and not all of them (else it would prove nothing)
      expect(expected.length).toBeGreaterThan(0);
      const n = await count('fatima', 'quality', filter);
      expect({ filter, n }).toEqual({ filter, n: expected.length });
      const everything = await draw('fatima', 'quality', filter, 500, 7);
      expect(sorted(everything.map((s) => s.image_id))).toEqual(sorted(expected.map((i) => i.id)));
    }

    it('reads the seeded employment dates the bands are computed from', async () => {
      const { data } = await world.service
        .from('people')
        .select('id, employment_start')
        .in('id', [...people.keys()]);
      expect(new Map((data ?? []).map((p) => [p.id as string, p.employment_start as string]))).toEqual(people);
    });

    it('selects on the dates, inclusive, and never takes a rejected image', async () => {
      const all = accepted2024();
      expect(all.length).toBeGreaterThan(50);
      await expectSelects(YEAR, all);
      await expectSelects(
        { ...YEAR, from: '2024-03-01', to: '2024-06-30' },
        all.filter((i) => i.date >= '2024-03-01' && i.date <= '2024-06-30'),
      );
      const edge = all[10] as FixtureImage;
      await expectSelects(
        { ...YEAR, from: edge.date, to: edge.date },
        all.filter((i) => i.date === edge.date),
      );
      const rejected = filterPool.filter((i) => i.rejected).map((i) => i.id);
      expect(rejected.length).toBeGreaterThan(5);
      for (let seed = 1; seed <= 10; seed++)
        for (const s of await draw('fatima', 'quality', YEAR, 500, seed)) expect(rejected).not.toContain(s.image_id);
    });

    it('selects on the operator, also when made together with a colleague', async () => {
      for (const person of [PETRA, DAAN, ELIF])
        await expectSelects(
          { ...YEAR, operator_person_id: person },
          accepted2024().filter((i) => madeBy(i, (p) => p === person)),
        );
    });

    it('selects on procedures, modalities and rooms (an empty list is no restriction)', async () => {
      const { procedures, stations } = world.catalogue;
      await expectSelects(
        { ...YEAR, procedure_ids: [procedures['thorax'], procedures['knie']] },
        accepted2024().filter((i) => i.procedure === 'thorax' || i.procedure === 'knie'),
      );
      await expectSelects(
        { ...YEAR, modalities: ['cr'] },
        accepted2024().filter((i) => i.modality === 'CR'),
      );
      await expectSelects(
        { ...YEAR, station_ids: [stations['RAD-KAMER2']] },
        accepted2024().filter((i) => i.station === 'RAD-KAMER2'),
      );
      await expectSelects({ ...YEAR, procedure_ids: [], modalities: [], station_ids: [] }, accepted2024());
      await expectSelects(
        {
          ...YEAR,
          procedure_ids: [procedures['lwk']],
          modalities: ['DX'],
          station_ids: [stations['RAD-KAMER1'], stations['RAD-KAMER3']],
          operator_person_id: PETRA,
        },
        accepted2024().filter(
          (i) =>
            i.procedure === 'lwk' &&
            i.modality === 'DX' &&
            (i.station === 'RAD-KAMER1' || i.station === 'RAD-KAMER3') &&
            madeBy(i, (p) => p === PETRA),
        ),
      );
    });

    it('selects on years of service at the study date, and on a custom group', async () => {
      for (const band of ['0-2', '2-5', '5-10', '10+']) {
        await expectSelects(
          { ...YEAR, group: { kind: 'service_years', band } },
          accepted2024().filter((i) => madeBy(i, (p) => serviceBand(people.get(p) ?? null, i.date) === band)),
        );
      }
      const team = new Set([PETRA, DEMO_PEOPLE.fatima.personId, ELIF]);
      await expectSelects(
        { ...YEAR, group: { kind: 'custom', group_id: groupId } },
        accepted2024().filter((i) => madeBy(i, (p) => team.has(p))),
      );
    });

    it('counts completed years: the day before an anniversary is still the year before', async () => {
      const cases: Array<[string, string]> = [
        ['2021-09-01', '2023-08-31'],
        ['2021-09-01', '2023-09-01'],
        ['2016-01-01', '2020-12-31'],
        ['2016-01-01', '2021-01-01'],
        ['2012-02-29', '2022-02-28'],
        ['2012-02-29', '2022-03-01'],
        ['2024-02-01', '2024-01-31'],
        ['2024-02-01', '2024-02-01'],
      ];
      for (const [start, day] of cases) {
        const { rows } = await world.env.db.query<{ band: string | null }>(
          'select private.service_years_band($1::date, $2::date) as band',
          [start, day],
        );
        expect({ start, day, band: rows[0]?.band ?? null }).toEqual({ start, day, band: serviceBand(start, day) });
      }
    });
  });

  describe('what was evaluated before', () => {
    let pool: FixtureImage[];
    const filter = (extra: object = {}) => ({
      procedure_ids: [world.catalogue.procedures['schedel']],
      from: '2023-01-01',
      to: '2023-12-31',
      ...extra,
    });

    beforeAll(async () => {
      pool = await world.addImages(
        Array.from({ length: 10 }, (_, i) => ({ operators: [PETRA], procedure: 'schedel', date: `2023-05-${String(10 + i)}` })),
      );
    });

    it('is left out per use: quality analyses, peer reviews (the site’s) and one’s own self-evaluations', async () => {
      const quality = await startEvaluation(world.as.fatima, { use: 'quality', filter: filter(), sample_size: 4, seed: 11 });
      expect(quality).toEqual({ evaluation_id: expect.any(String), requested: 4, drawn: 4, available: 10 });
      expect(await count('fatima', 'quality', filter())).toBe(6);
      expect(await count('fatima', 'quality', filter({ exclude_evaluated: false }))).toBe(10);
      // a peer review is not a quality analysis: all ten
      expect(await count('anna', 'peer', filter(), PETRA)).toBe(10);
      const peer = await startEvaluation(world.as.anna, {
        use: 'peer',
        subject_person_id: PETRA,
        filter: filter(),
        sample_size: 3,
        seed: 12,
      });
      expect(peer.drawn).toBe(3);
      // another reviewer does not review the same images again
      expect(await count('fatima', 'peer', filter(), PETRA)).toBe(7);
      const drawnByFatima = await draw('fatima', 'peer', filter(), 10, 5, PETRA);
      const anna = await worklist(world.as.anna, peer.evaluation_id);
      for (const item of anna) expect(drawnByFatima.map((d) => d.image_id)).not.toContain(item.image_id);
      // self-evaluation: only Petra's own earlier self-evaluations count
      expect(await count('petra', 'self', filter())).toBe(10);
      await startEvaluation(world.as.petra, { use: 'self', filter: filter(), sample_size: 3, seed: 13 });
      expect(await count('petra', 'self', filter())).toBe(7);
      expect(pool).toHaveLength(10);
    });
  });

  describe('spreading over procedures, and fewer images than asked', () => {
    let pool: FixtureImage[];
    const filter = (spread: boolean) => ({
      from: '2022-01-01',
      to: '2022-12-31',
      spread_over_procedures: spread,
      exclude_evaluated: false,
    });

    beforeAll(async () => {
      pool = await world.addImages([
        ...Array.from({ length: 12 }, (_, i) => ({
          operators: [JURGEN],
          procedure: 'lwk',
          date: `2022-04-${String(1 + i).padStart(2, '0')}`,
        })),
        ...Array.from({ length: 6 }, (_, i) => ({
          operators: [JURGEN],
          procedure: 'bekken',
          date: `2022-05-${String(1 + i).padStart(2, '0')}`,
        })),
        ...Array.from({ length: 2 }, (_, i) => ({
          operators: [JURGEN],
          procedure: 'mammo',
          modality: 'MG',
          date: `2022-06-${String(1 + i).padStart(2, '0')}`,
        })),
      ]);
    });

    it('takes the first of every procedure, then the second, and so on', async () => {
      const candidates = pool.map((i) => ({ id: i.id, procedureId: i.procedureId }));
      for (let seed = 1; seed <= 10; seed++) {
        const spread = await draw('fatima', 'quality', filter(true), 9, seed);
        expect(spread.map((s) => s.image_id)).toEqual(expectedSample(candidates, seed, 9, true));
        const per = (code: string) => spread.filter((s) => pool.find((i) => i.id === s.image_id)?.procedure === code).length;
        expect(per('mammo')).toBe(2);
        expect([per('lwk'), per('bekken')].sort()).toEqual([3, 4]);
        // the first three positions are one of each procedure
        expect(new Set(spread.slice(0, 3).map((s) => pool.find((i) => i.id === s.image_id)?.procedure))).toEqual(
          new Set(['lwk', 'bekken', 'mammo']),
        );
        const plain = await draw('fatima', 'quality', filter(false), 9, seed);
        expect(plain.map((s) => s.image_id)).toEqual(expectedSample(candidates, seed, 9, false));
      }
    });

    it('starts with what there is when fewer images match than asked', async () => {
      const started = await startEvaluation(world.as.fatima, { use: 'quality', filter: filter(true), sample_size: 50, seed: 3 });
      expect(started).toEqual({ evaluation_id: expect.any(String), requested: 50, drawn: 20, available: 20 });
      const items = await worklist(world.as.fatima, started.evaluation_id);
      expect(items.map((i) => i.position)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(items.map((i) => i.image_id)).toEqual(
        expectedSample(
          pool.map((i) => ({ id: i.id, procedureId: i.procedureId })),
          3,
          20,
          true,
        ),
      );
      const stored = await world.service
        .from('evaluations')
        .select('seed, sample_size, filter, use, evaluator_id')
        .eq('id', started.evaluation_id)
        .single();
      expect(stored.data).toEqual({
        seed: 3,
        sample_size: 50,
        filter: filter(true),
        use: 'quality',
        evaluator_id: DEMO_PEOPLE.fatima.personId,
      });
    });

    it('draws a random seed when none is given, and stores it', async () => {
      const started = await startEvaluation(world.as.fatima, { use: 'quality', filter: filter(false), sample_size: 5 });
      const stored = await world.service.from('evaluations').select('seed').eq('id', started.evaluation_id).single();
      const seed = stored.data?.seed as number;
      expect(Number.isSafeInteger(seed)).toBe(true);
      const items = await worklist(world.as.fatima, started.evaluation_id);
      expect(items.map((i) => i.image_id)).toEqual(
        expectedSample(
          pool.map((i) => ({ id: i.id, procedureId: i.procedureId })),
          seed,
          5,
        ),
      );
    });

    it('refuses to start when no accepted image matches, and leaves no evaluation behind', async () => {
      const before = await world.service.from('evaluations').select('id', { count: 'exact', head: true });
      const { error } = await world.as.fatima.rpc('start_evaluation', {
        use: 'quality',
        name: 'leeg',
        subject_person_id: null,
        filter: { from: '1990-01-01', to: '1990-12-31' },
        sample_size: 5,
      });
      expect({ code: error?.code, message: error?.message }).toEqual({ code: 'P0001', message: 'no accepted images match this filter' });
      const after = await world.service.from('evaluations').select('id', { count: 'exact', head: true });
      expect(after.count).toBe(before.count);
    });
  });

  describe('self-evaluation', () => {
    const YEAR = { from: '2024-01-01', to: '2024-12-31', exclude_evaluated: false };

    it('draws only the caller’s own images, whatever operator the filter names', async () => {
      const own = filterPool.filter((i) => !i.rejected && i.operators.includes(PETRA));
      expect(await count('petra', 'self', { ...YEAR, operator_person_id: DAAN })).toBe(own.length);
      const sample = await draw('petra', 'self', { ...YEAR, operator_person_id: DAAN }, 500, 9, DAAN);
      expect(sorted(sample.map((s) => s.image_id))).toEqual(sorted(own.map((i) => i.id)));
      // a reviewer sees every image of the site, and still draws only their own for a self-evaluation
      const annas = filterPool.filter((i) => !i.rejected && i.operators.includes(ANNA));
      expect(sorted((await draw('anna', 'self', YEAR, 500, 9)).map((s) => s.image_id))).toEqual(sorted(annas.map((i) => i.id)));
    });

    it('is started for the caller: the subject is filled in, another subject is refused', async () => {
      const started = await startEvaluation(world.as.petra, {
        use: 'self',
        filter: { ...YEAR, operator_person_id: DAAN },
        sample_size: 4,
        seed: 5,
      });
      const stored = await world.service
        .from('evaluations')
        .select('evaluator_id, subject_person_id')
        .eq('id', started.evaluation_id)
        .single();
      expect(stored.data).toEqual({ evaluator_id: PETRA, subject_person_id: PETRA });
      for (const item of await worklist(world.as.petra, started.evaluation_id))
        expect(filterPool.find((i) => i.id === item.image_id)?.operators).toContain(PETRA);
      const { error } = await world.as.petra.rpc('start_evaluation', {
        use: 'self',
        name: 'x',
        subject_person_id: DAAN,
        filter: YEAR,
        sample_size: 4,
      });
      expect(error?.code).toBe('42501');
      // nor can a radiographer start a peer review or a quality analysis (the insert policy)
      for (const use of ['peer', 'quality'] as const) {
        const refused = await world.as.petra.rpc('start_evaluation', {
          use,
          name: 'x',
          subject_person_id: use === 'peer' ? DAAN : null,
          filter: YEAR,
          sample_size: 4,
        });
        expect({ use, code: refused.error?.code }).toEqual({ use, code: '42501' });
      }
    });
  });

  describe('the forms', () => {
    it('scores each image on its procedure’s form for its view, else the generic form', async () => {
      const { forms, procedures } = world.catalogue;
      // pelvis: the seeded form for AP, and here one for every view (the exact view wins). Every demo procedure has
      // forms of its own since issue 14 (knee, hand, CT, mammography too); an image of no procedure or an unmapped
      // view still gets the generic form.
      const mapped = await world.as.jeroen
        .from('scoring_form_procedures')
        .insert([{ site_id: DEMO_SITE_ID, form_id: forms['chest-lat'], procedure_id: procedures['bekken'], view_position: null }]);
      expect(mapped.error).toBeNull();
      const cases: Array<[string | null, string | null, string]> = [
        ['thorax', 'PA', 'chest-pa'],
        ['thorax', 'AP', 'chest-pa'],
        ['thorax', 'LL', 'chest-lat'],
        ['thorax', 'lat', 'chest-lat'],
        ['thorax', 'OBL', 'generic'],
        ['thorax', null, 'generic'],
        ['bekken', 'AP', 'pelvis-ap'],
        ['bekken', 'PA', 'chest-lat'],
        ['lwk', 'AP', 'lumbar-ap'],
        ['schedel', 'RL', 'skull-lat'],
        ['knie', 'AP', 'knee-ap'],
        ['knie', 'RL', 'knee-lat'],
        ['knie', null, 'generic'],
        ['hand', 'PA', 'hand-pa'],
        ['hand', 'LLO', 'hand-oblique'],
        ['mammo', 'MLO', 'mammo-mlo'],
        ['mammo', 'CC', 'mammo-cc'],
        [null, 'PA', 'generic'],
      ];
      const images = await world.addImages(
        cases.map(([procedure, view], i) => ({ operators: [SANNE], procedure, view, date: `2021-02-${String(1 + i).padStart(2, '0')}` })),
      );
      const started = await startEvaluation(world.as.fatima, {
        use: 'quality',
        filter: { from: '2021-01-01', to: '2021-12-31' },
        sample_size: 50,
        seed: 1,
      });
      expect(started.drawn).toBe(cases.length);
      const items = await worklist(world.as.fatima, started.evaluation_id);
      const formOf = new Map(items.map((item) => [item.image_id, world.catalogue.formCodeById[item.form_id]]));
      expect(images.map((image) => [image.procedure ?? null, image.view ?? null, formOf.get(image.id)])).toEqual(cases);
    });
  });
});
