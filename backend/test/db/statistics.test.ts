/**
 * score_statistics (migration 15) on both engines: answers given through supabase-js in several evaluations of every
 * use, then every dimension × period, with each filter field, compared with the same statistics computed here from
 * the raw rows (read through the service role) — including that an image made by two radiographers counts for both,
 * that skipped items and not-applicable answers do not count, and that each caller counts only what they may read.
 * Bad arguments are refused (22023); reading colleagues' scores is audited.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import {
  answerMet,
  countsForShare,
  auditEntries,
  ELIF,
  JURGEN,
  rawRows,
  readsAnswers,
  scoreAll,
  serviceBand,
  startEvaluation,
  startEvaluationWorld,
  type Criterion,
  type EvaluationWorld,
  type RawRows,
} from './evaluationFixtures';

jest.setTimeout(300_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;

const DIMENSIONS = ['radiographer', 'procedure', 'modality', 'room', 'group', 'criterion'] as const;
const PERIODS = ['month', 'quarter', 'year', 'all'] as const;
type Dimension = (typeof DIMENSIONS)[number];
type Period = (typeof PERIODS)[number];

interface Row {
  period_start: string | null;
  group_key: string | null;
  group_label: string | null;
  criterion_code: string;
  criterion_label_nl: string;
  criterion_label_en: string;
  answered: number;
  met: number;
  share_met: number | null;
}

interface Filter {
  operator_person_id?: string;
  group?: { kind: 'service_years'; band: string } | { kind: 'custom'; group_id: string };
  procedure_ids?: string[];
  modalities?: string[];
  station_ids?: string[];
  from?: string;
  to?: string;
  use?: 'self' | 'peer' | 'quality';
}

interface Lookups {
  criteria: Map<string, Criterion>;
  formCode: (formId: string) => string;
  procedures: Map<string, string>;
  stations: Map<string, string | null>;
  groups: Map<string, { name: string; members: Set<string> }>;
}

/** Who reads an item's answers (the policies, written out: evaluationFixtures readsAnswers). */
const reads = (caller: string) => readsAnswers(caller, [FATIMA]);

function periodStart(date: string | null, period: Period): string | null {
  if (period === 'all' || date === null) return null;
  const [y, m] = date.split('-') as [string, string];
  if (period === 'year') return `${y}-01-01`;
  if (period === 'month') return `${y}-${m}-01`;
  const q = Math.floor((Number(m) - 1) / 3) * 3 + 1;
  return `${y}-${String(q).padStart(2, '0')}-01`;
}

/** The statistics, computed from the raw rows. */
function expectedStatistics(raw: RawRows, look: Lookups, caller: string, dimension: Dimension, period: Period, filter: Filter): Row[] {
  const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
  const images = new Map(raw.images.map((i) => [i.id, i]));
  const items = new Map(raw.items.map((i) => [i.id, i]));
  const people = new Map(raw.people.map((p) => [p.id, p]));
  const operatorsOf = (imageId: string) => raw.operators.filter((o) => o.image_id === imageId).sort((a, b) => a.position - b.position);
  const band = (personId: string | null, day: string | null) =>
    personId ? serviceBand(people.get(personId)?.employment_start ?? null, day) : null;
  // the filter's person and group conditions, on one operator
  const isOperator = (o: RawRows['operators'][number]) => !filter.operator_person_id || o.person_id === filter.operator_person_id;
  const inGroup = (o: RawRows['operators'][number], day: string | null) => {
    const g = filter.group;
    if (!g) return true;
    if (g.kind === 'service_years') return band(o.person_id, day) === g.band;
    return o.person_id !== null && (look.groups.get(g.group_id)?.members.has(o.person_id) ?? false);
  };
  // a radiographer or group row is about the operators that meet both
  const operatorFits = (o: RawRows['operators'][number], day: string | null) => isOperator(o) && inGroup(o, day);
  const imageFits = (image: RawRows['images'][number]) => {
    const ops = operatorsOf(image.id);
    if (!ops.some(isOperator) && filter.operator_person_id) return false;
    if (!ops.some((o) => inGroup(o, image.study_date)) && filter.group) return false;
    if (filter.procedure_ids && !filter.procedure_ids.includes(image.procedure_id ?? '')) return false;
    if (filter.modalities && !filter.modalities.includes(image.modality ?? '')) return false;
    if (filter.station_ids && !filter.station_ids.includes(image.station_id ?? '')) return false;
    if (filter.from && (image.study_date === null || image.study_date < filter.from)) return false;
    if (filter.to && (image.study_date === null || image.study_date > filter.to)) return false;
    return true;
  };
  const read = reads(caller);
  // (issue 12, migration 31) by person, anyone but the quality officer gets the department's row: the site's quality
  // analyses and closed peer reviews, whoever may read them
  const byPerson = caller !== FATIMA && (dimension === 'radiographer' || dimension === 'group');
  const ofDepartment = (evaluation: RawRows['evaluations'][number]) =>
    evaluation.use === 'quality' || (evaluation.use === 'peer' && evaluation.status === 'closed');

  const counted = raw.scores.flatMap((s) => {
    const item = items.get(s.evaluation_item_id) as RawRows['items'][number];
    const evaluation = evaluations.get(item.evaluation_id) as RawRows['evaluations'][number];
    const image = images.get(item.image_id) as RawRows['images'][number];
    const criterion = look.criteria.get(s.criterion_id) as Criterion;
    if (item.state === 'skipped' || !countsForShare(criterion.kind, criterion.options, s.value)) return [];
    const readable = read(
      evaluation,
      operatorsOf(image.id).map((o) => o.person_id),
    );
    const department = byPerson && ofDepartment(evaluation);
    if (!(readable || department) || !imageFits(image)) return [];
    if (filter.use && evaluation.use !== filter.use) return [];
    return [{ score: s, image, criterion, readable, department, met: answerMet(criterion.kind, criterion.options, s.value) }];
  });

  const groupsOf = (c: (typeof counted)[number]): Array<{ key: string | null; label: string | null }> => {
    const image = c.image;
    // (issue 12) by person, anyone but the quality officer gets their own row (the answers they may read on the
    // images they made) and the department's (key null)
    if (byPerson) {
      const own = dimension === 'radiographer' && c.readable && operatorsOf(image.id).some((o) => o.person_id === caller);
      return [
        ...(own ? [{ key: caller, label: people.get(caller)?.display_name ?? null }] : []),
        ...(c.department ? [{ key: null, label: null }] : []),
      ];
    }
    switch (dimension) {
      case 'radiographer': {
        const ops = operatorsOf(image.id).filter((o) => operatorFits(o, image.study_date));
        if (ops.length === 0) return [{ key: null, label: null }];
        return ops.map((o) =>
          o.person_id
            ? { key: o.person_id, label: people.get(o.person_id)?.display_name ?? null }
            : { key: `raw:${o.raw_name}`, label: o.raw_name },
        );
      }
      case 'group': {
        if (filter.group?.kind === 'custom')
          return [{ key: filter.group.group_id, label: look.groups.get(filter.group.group_id)?.name ?? null }];
        const ops = operatorsOf(image.id).filter((o) => operatorFits(o, image.study_date));
        if (ops.length === 0) return [{ key: null, label: null }];
        return ops.map((o) => ({ key: band(o.person_id, image.study_date), label: band(o.person_id, image.study_date) }));
      }
      case 'procedure':
        return [{ key: image.procedure_id, label: image.procedure_id ? (look.procedures.get(image.procedure_id) ?? null) : null }];
      case 'modality':
        return [{ key: image.modality, label: image.modality }];
      case 'room':
        return [
          {
            key: image.station_id ?? (image.station_name ? `raw:${image.station_name}` : null),
            label: image.station_id ? (look.stations.get(image.station_id) ?? image.station_name) : image.station_name,
          },
        ];
      default:
        return [{ key: null, label: null }];
    }
  };

  const cells = new Map<string, Row>();
  for (const c of counted) {
    // an answer counts once per group (two aliases of one person are one radiographer)
    const groups = new Map(groupsOf(c).map((g) => [`${g.key}|${g.label}`, g]));
    for (const g of groups.values()) {
      const p = periodStart(c.image.study_date, period);
      const id = `${p}|${g.key}|${g.label}|${c.criterion.code}`;
      const row = cells.get(id) ?? {
        period_start: p,
        group_key: g.key,
        group_label: g.label,
        criterion_code: c.criterion.code,
        criterion_label_nl: '',
        criterion_label_en: '',
        answered: 0,
        met: 0,
        share_met: null,
      };
      if (c.met !== null) row.answered += 1;
      if (c.met === true) row.met += 1;
      cells.set(id, row);
    }
  }
  // each criterion code worded as its criterion of the lowest position (among those counted)
  const wording = new Map<string, Criterion>();
  for (const c of [...new Set(counted.filter((x) => groupsOf(x).length > 0).map((x) => x.criterion))].sort(
    (a, b) => a.position - b.position || look.formCode(a.form_id).localeCompare(look.formCode(b.form_id)),
  )) {
    if (!wording.has(c.code)) wording.set(c.code, c);
  }
  return [...cells.values()].map((r) => ({
    ...r,
    criterion_label_nl: wording.get(r.criterion_code)?.label_nl ?? '',
    criterion_label_en: wording.get(r.criterion_code)?.label_en ?? '',
    share_met: r.answered > 0 ? r.met / r.answered : null,
  }));
}

const rowId = (r: Row) => `${r.period_start}|${r.group_key}|${r.criterion_code}`;
const normalise = (rows: Row[]) =>
  rows
    .map((r) => ({ ...r, share_met: r.share_met === null ? null : Math.round(Number(r.share_met) * 1e9) / 1e9 }))
    .sort((a, b) => (rowId(a) < rowId(b) ? -1 : 1));

describe.each(ENGINES)('score statistics on %s', (engine) => {
  let world: EvaluationWorld;
  let look: Lookups;
  let raw: RawRows;
  let team: string;

  const statistics = async (client: SupabaseClient, dimension: string, period: string, filter: object): Promise<Row[]> => {
    const { data, error } = await client.rpc('score_statistics', { dimension, period, filter });
    if (error) throw new Error(`score_statistics: ${error.code} ${error.message}`);
    return data as Row[];
  };

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    // January to June 2025 (two quarters), every kind of operator (two colleagues of one band; one person under two
    // names), three procedures, rooms with and without a mapping
    const operators: Array<Array<string | { raw: string }>> = [
      [PETRA],
      [DAAN],
      [PETRA, DAAN],
      [ELIF],
      [JURGEN],
      [{ raw: 'Onbekend^Z' }],
      [PETRA, ELIF],
      [PETRA, ANNA],
      [DAAN, DAAN],
    ];
    const procedures = ['thorax', 'bekken', 'knie'];
    const rooms = ['RAD-KAMER1', 'RAD-KAMER3', null, 'ONBEKEND-1'];
    await world.addImages(
      Array.from({ length: 84 }, (_, i) => ({
        operators: operators[i % operators.length] as Array<string | { raw: string }>,
        procedure: procedures[i % procedures.length] as string,
        view: i % 2 ? 'PA' : 'AP',
        modality: i % 4 === 0 ? 'CR' : 'DX',
        station: rooms[i % rooms.length] ?? null,
        date: new Date(Date.UTC(2025, 0, 3 + i * 2)).toISOString().slice(0, 10),
      })),
    );
    const ev = async (client: SupabaseClient, use: 'self' | 'peer' | 'quality', subject: string | null, sample: number, seed: number) =>
      (
        await startEvaluation(client, {
          use,
          subject_person_id: subject,
          filter: { from: '2025-01-01', to: '2025-12-31' },
          sample_size: sample,
          seed,
        })
      ).evaluation_id;
    await scoreAll(world, world.as.fatima, await ev(world.as.fatima, 'quality', null, 40, 1), 201, { skip: (p) => p % 9 === 0 });
    await scoreAll(world, world.as.anna, await ev(world.as.anna, 'peer', PETRA, 12, 2), 202, { skip: (p) => p === 5 });
    await scoreAll(world, world.as.anna, await ev(world.as.anna, 'peer', DAAN, 10, 3), 203);
    await scoreAll(world, world.as.petra, await ev(world.as.petra, 'self', null, 10, 4), 204, { leave: (p) => p === 2 });
    await scoreAll(world, world.as.daan, await ev(world.as.daan, 'self', null, 8, 5), 205);

    raw = await rawRows(world.service);
    const stations = await world.service.from('stations').select('id, display_name');
    const procs = await world.service.from('procedures').select('id, name_nl');
    const groups = await world.service.from('person_groups').select('id, name');
    const members = await world.service.from('person_group_members').select('group_id, person_id');
    look = {
      criteria: new Map(world.catalogue.criteria.map((c) => [c.id, c])),
      formCode: (id) => world.catalogue.formCodeById[id] ?? id,
      procedures: new Map((procs.data ?? []).map((p) => [p.id as string, p.name_nl as string])),
      stations: new Map((stations.data ?? []).map((s) => [s.id as string, s.display_name as string | null])),
      groups: new Map(
        (groups.data ?? []).map((g) => [
          g.id as string,
          {
            name: g.name as string,
            members: new Set((members.data ?? []).filter((m) => m.group_id === g.id).map((m) => m.person_id as string)),
          },
        ]),
      ),
    };
    team = (groups.data ?? []).find((g) => g.name === 'Mammografie-team')?.id as string;
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('has something to count: answers of every use, skipped items, unanswered and not-applicable answers', () => {
    expect(new Set(raw.evaluations.map((e) => e.use))).toEqual(new Set(['self', 'peer', 'quality']));
    expect(raw.items.some((i) => i.state === 'skipped')).toBe(true);
    expect(raw.scores.some((s) => s.value === 'na')).toBe(true);
    expect(raw.scores.length).toBeGreaterThan(500);
  });

  it('every dimension and period, as the quality officer, equals the statistics of the raw rows', async () => {
    for (const dimension of DIMENSIONS) {
      for (const period of PERIODS) {
        const expected = expectedStatistics(raw, look, FATIMA, dimension, period, {});
        expect(expected.length).toBeGreaterThan(0);
        expect({ dimension, period, rows: normalise(await statistics(world.as.fatima, dimension, period, {})) }).toEqual({
          dimension,
          period,
          rows: normalise(expected),
        });
      }
    }
  });

  it('an image made by two radiographers counts for both', async () => {
    const rows = await statistics(world.as.fatima, 'radiographer', 'all', {});
    const sum = (key: string | null) => rows.filter((r) => r.group_key === key).reduce((n, r) => n + r.answered, 0);
    const all = (await statistics(world.as.fatima, 'criterion', 'all', {})).reduce((n, r) => n + r.answered, 0);
    // more radiographer answers than answers: the shared images count twice
    expect(sum(PETRA) + sum(DAAN) + sum(ELIF) + sum(JURGEN) + sum('raw:Onbekend^Z')).toBeGreaterThan(all);
    expect(rows.find((r) => r.group_key === 'raw:Onbekend^Z')?.group_label).toBe('Onbekend^Z');
    // an image Daan made under two names counts once for him; Petra and Anna (both 10+ years) once for their band
    expect(
      raw.operators.some((o, i) =>
        raw.operators.some((p, j) => i !== j && o.image_id === p.image_id && o.person_id === DAAN && p.person_id === DAAN),
      ),
    ).toBe(true);
  });

  it('each filter field restricts what is counted (and a radiographer or group row to the operators it names)', async () => {
    const { procedures, stations } = world.catalogue;
    const filters: Filter[] = [
      { operator_person_id: PETRA },
      { group: { kind: 'service_years', band: '10+' } },
      { group: { kind: 'service_years', band: '0-2' } },
      { group: { kind: 'custom', group_id: team } },
      { procedure_ids: [procedures['thorax'] as string, procedures['knie'] as string] },
      { modalities: ['CR'] },
      { station_ids: [stations['RAD-KAMER3'] as string] },
      { from: '2025-02-01', to: '2025-03-31' },
      { use: 'peer' },
      { use: 'self', operator_person_id: DAAN },
    ];
    for (const filter of filters) {
      for (const dimension of ['radiographer', 'group', 'procedure', 'room'] as const) {
        const expected = expectedStatistics(raw, look, FATIMA, dimension, 'quarter', filter);
        expect(expected.length).toBeGreaterThan(0);
        expect({ filter, dimension, rows: normalise(await statistics(world.as.fatima, dimension, 'quarter', filter)) }).toEqual({
          filter,
          dimension,
          rows: normalise(expected),
        });
      }
    }
    // Petra and Daan made images together: Petra's filter shows only Petra's row
    const petras = await statistics(world.as.fatima, 'radiographer', 'all', { operator_person_id: PETRA });
    expect(new Set(petras.map((r) => r.group_key))).toEqual(new Set([PETRA]));
  });

  it('each caller counts only the answers they may read', async () => {
    for (const [who, client, person] of [
      ['petra', world.as.petra, PETRA],
      ['daan', world.as.daan, DAAN],
      ['anna', world.as.anna, ANNA],
    ] as const) {
      for (const dimension of ['criterion', 'radiographer'] as const) {
        const expected = expectedStatistics(raw, look, person, dimension, 'month', {});
        expect(expected.length).toBeGreaterThan(0);
        expect({ who, dimension, rows: normalise(await statistics(client, dimension, 'month', {})) }).toEqual({
          who,
          dimension,
          rows: normalise(expected),
        });
      }
    }
    // Petra's rows name no colleague who made images with her (issue 12: before, DAAN, ELIF and ANNA had rows)
    const petra = await statistics(world.as.petra, 'radiographer', 'all', {});
    expect(new Set(petra.map((r) => r.group_key))).toEqual(new Set([PETRA, null]));
  });

  it('refuses a bad dimension, period or filter with 22023', async () => {
    for (const [dimension, period, filter, part] of [
      ['department', 'month', {}, 'dimension'],
      ['procedure', 'week', {}, 'period'],
      [null, 'month', {}, 'dimension'],
      ['procedure', 'month', { use: 'audit' }, 'filter.use'],
      ['procedure', 'month', { station: 'x' }, 'unknown filter field'],
    ] as const) {
      const { error } = await world.as.fatima.rpc('score_statistics', { dimension, period, filter });
      expect({ dimension, period, code: error?.code, message: error?.message }).toEqual({
        dimension,
        period,
        code: '22023',
        message: expect.stringContaining(part),
      });
    }
  });

  // (issue 12: "colleagues' scores" are the answers the caller did not give, also those on their own images; the
  // entry names the evaluations read)
  it('writes reading colleagues’ scores to the audit log, not reading one’s own', async () => {
    const before = (await auditEntries(world.service, 'scores.read')).length;
    await statistics(world.as.petra, 'criterion', 'all', { use: 'self' });
    await statistics(world.as.daan, 'procedure', 'year', { use: 'self' });
    expect((await auditEntries(world.service, 'scores.read')).length).toBe(before);
    await statistics(world.as.fatima, 'room', 'month', { modalities: ['DX'] });
    await statistics(world.as.anna, 'criterion', 'all', {});
    const entries = (await auditEntries(world.service, 'scores.read')).slice(before);
    // answers on images the caller did not make, among those the caller reads (before they are spread over groups)
    const others = (caller: string, filter: Filter) => {
      const images = new Map(raw.images.map((i) => [i.id, i]));
      const items = new Map(raw.items.map((i) => [i.id, i]));
      const evaluations = new Map(raw.evaluations.map((e) => [e.id, e]));
      const scores = raw.scores.filter((s) => {
        const item = items.get(s.evaluation_item_id) as RawRows['items'][number];
        const criterion = look.criteria.get(s.criterion_id) as Criterion;
        const image = images.get(item.image_id) as RawRows['images'][number];
        const ops = raw.operators.filter((o) => o.image_id === image.id).map((o) => o.person_id);
        return (
          item.state !== 'skipped' &&
          countsForShare(criterion.kind, criterion.options, s.value) &&
          reads(caller)(evaluations.get(item.evaluation_id) as RawRows['evaluations'][number], ops) &&
          evaluations.get(item.evaluation_id)?.evaluator_id !== caller &&
          (!filter.modalities || filter.modalities.includes(image.modality ?? ''))
        );
      });
      return {
        scores: scores.length,
        images: new Set(scores.map((s) => items.get(s.evaluation_item_id)?.image_id)).size,
        evaluation_ids: [...new Set(scores.map((s) => items.get(s.evaluation_item_id)?.evaluation_id as string))].sort(),
      };
    };
    expect(entries.map((e) => ({ actor: e.actor_id, action: e.action, details: e.details }))).toEqual([
      {
        actor: FATIMA,
        action: 'scores.read',
        details: {
          function: 'score_statistics',
          dimension: 'room',
          period: 'month',
          filter: { modalities: ['DX'] },
          use: null,
          ...others(FATIMA, { modalities: ['DX'] }),
        },
      },
      {
        actor: ANNA,
        action: 'scores.read',
        details: { function: 'score_statistics', dimension: 'criterion', period: 'all', filter: {}, use: null, ...others(ANNA, {}) },
      },
    ]);
  });
});
