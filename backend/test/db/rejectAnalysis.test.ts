/**
 * The reject analysis (migrations 19–21) on both engines. A varied index is ingested as the service role
 * (ingest_records: rooms known and unknown, procedures, views, DX/CR/MG, one and two operators, an unmapped
 * OperatorsName, children and adults, 113001 notes with and without a CID 7011 reason, 113037/113038/113039 notes,
 * reasons from persons, test/QC reasons, rejects without a reason, dates over weeks, months, quarters and years and
 * without a date); then every dimension × period × a set of filters is compared with the same figures computed here,
 * independently, from the raw rows read back through the service role — on the rollup and on the scan (which one
 * answers is checked: every path is used). The data then changes (a reason recorded and changed, an image added, an
 * alias remapped, a reason that stops counting, a start of employment, a note) and the figures follow.
 * Scope through supabase-js as the demo people: own and department rows for radiographers and reviewers, never a
 * colleague's key or name; reject_images only their own; the named read audited; anon and authenticated refused
 * where they must be. And `iqs analyze rejects` against reject_analysis_for_site.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createRandom, DEMO_PEOPLE, DEMO_SITE_ID, type Random } from '@iqs/demo-department';
import type { IqsServiceClient } from '@iqs/database';
import { ENGINES } from '../../../test/support/engines';
import { JURGEN, ELIF, SANNE, serviceBand, startEvaluationWorld, type EvaluationWorld } from './evaluationFixtures';
import { parseAnalyzeOptions, printRejectAnalysis, type RejectAnalysisLine } from '../../src/cli/analyzeCommand';

jest.setTimeout(600_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;

const DIMENSIONS = ['all', 'procedure', 'view', 'modality', 'room', 'radiographer', 'group', 'reason', 'age_band'] as const;
const PERIODS = ['week', 'month', 'quarter', 'year', 'all'] as const;
type Dimension = (typeof DIMENSIONS)[number];
type Period = (typeof PERIODS)[number];

interface Filter {
  procedures?: string[];
  views?: string[];
  modalities?: string[];
  rooms?: string[];
  radiographers?: string[];
  group?: { kind: 'service_years'; band: string } | { kind: 'custom'; id: string };
  age_bands?: string[];
  reasons?: string[];
  date_from?: string;
  date_to?: string;
  include_mammography?: boolean;
}

interface Row {
  scope?: string;
  period_start: string | null;
  period_label: string | null;
  key: string | null;
  label: string | null;
  rejected: number;
  total: number;
  reject_rate: number | null;
  without_reason: number;
  reasons: Record<string, number>;
  wasted_dap_gy_cm2: number | null;
  flag: string | null;
}

interface Raw {
  images: Array<{
    id: string;
    sop_instance_uid: string;
    study_date: string | null;
    procedure_id: string | null;
    view_position: string | null;
    modality: string | null;
    station_name: string | null;
    patient_age_years: number | null;
    dap_gy_cm2: number | null;
    deviation_index: number | null;
    rejected: boolean;
    iocm_title: string | null;
  }>;
  operators: Array<{ image_id: string; position: number; raw_name: string; person_id: string | null }>;
  rejects: Array<{ image_id: string; reason_id: string; source: string }>;
  reasons: Array<{ id: string; code: string; coding_scheme: string; label_nl: string; counts_as_reject: boolean }>;
  people: Array<{ id: string; display_name: string; employment_start: string | null }>;
  procedures: Array<{ id: string; code: string; name_nl: string }>;
  stations: Array<{ station_name: string; display_name: string | null }>;
  groups: Array<{ id: string; name: string }>;
  members: Array<{ group_id: string; person_id: string }>;
  site: { reject_target_rate: number; reject_investigate_above: number; reject_investigate_below: number; reject_flag_min_images: number };
}

async function readRaw(service: SupabaseClient): Promise<Raw> {
  const all = async <T>(table: string, columns: string, order: string[]): Promise<T[]> => {
    const out: T[] = [];
    for (let offset = 0; ; offset += 1000) {
      let query = service.from(table).select(columns);
      for (const column of order) query = query.order(column);
      const { data, error } = await query.range(offset, offset + 999);
      if (error) throw new Error(`${table}: ${error.message}`);
      out.push(...(data as T[]));
      if ((data as T[]).length < 1000) return out;
    }
  };
  const site = await service
    .from('sites')
    .select('reject_target_rate, reject_investigate_above, reject_investigate_below, reject_flag_min_images')
    .eq('id', DEMO_SITE_ID)
    .single();
  if (site.error) throw new Error(site.error.message);
  return {
    images: await all(
      'images',
      'id, sop_instance_uid, study_date, procedure_id, view_position, modality, station_name, patient_age_years, dap_gy_cm2, deviation_index, rejected, iocm_title',
      ['id'],
    ),
    operators: await all('image_operators', 'image_id, position, raw_name, person_id', ['image_id', 'position']),
    rejects: await all('rejects', 'image_id, reason_id, source', ['image_id']),
    reasons: await all('reject_reasons', 'id, code, coding_scheme, label_nl, counts_as_reject', ['id']),
    people: await all('people', 'id, display_name, employment_start', ['id']),
    procedures: await all('procedures', 'id, code, name_nl', ['id']),
    stations: await all('stations', 'station_name, display_name', ['station_name']),
    groups: await all('person_groups', 'id, name', ['id']),
    members: await all('person_group_members', 'group_id, person_id', ['group_id', 'person_id']),
    site: {
      reject_target_rate: Number(site.data.reject_target_rate),
      reject_investigate_above: Number(site.data.reject_investigate_above),
      reject_investigate_below: Number(site.data.reject_investigate_below),
      reject_flag_min_images: Number(site.data.reject_flag_min_images),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// the figures, computed here from the raw rows (the words of the contract, written out again)
// ---------------------------------------------------------------------------------------------------------------
const pad = (n: number) => String(n).padStart(2, '0');

/** ISO week: its Monday and its label ('2026-W01'). */
function isoWeek(day: string): { start: string; label: string } {
  const d = new Date(`${day}T00:00:00Z`);
  const weekday = (d.getUTCDay() + 6) % 7;
  const monday = new Date(d.getTime() - weekday * 86_400_000);
  const thursday = new Date(monday.getTime() + 3 * 86_400_000);
  const year = thursday.getUTCFullYear();
  const jan1 = new Date(Date.UTC(year, 0, 1));
  const week = 1 + Math.floor((thursday.getTime() - jan1.getTime()) / (7 * 86_400_000));
  return { start: monday.toISOString().slice(0, 10), label: `${year}-W${pad(week)}` };
}

function periodOf(day: string | null, period: Period): { start: string | null; label: string | null } {
  if (period === 'all') return { start: null, label: 'all' };
  if (day === null) return { start: null, label: null };
  const [y, m] = day.split('-') as [string, string];
  if (period === 'week') return isoWeek(day);
  if (period === 'month') return { start: `${y}-${m}-01`, label: `${y}-${m}` };
  if (period === 'year') return { start: `${y}-01-01`, label: y };
  const q = Math.floor((Number(m) - 1) / 3);
  return { start: `${y}-${pad(q * 3 + 1)}-01`, label: `${y}-Q${q + 1}` };
}

const ageBand = (age: number | null) => (age === null ? 'unknown' : age < 16 ? 'child' : 'adult');

function expectedRows(raw: Raw, dimension: Dimension, period: Period, filter: Filter): Row[] {
  const people = new Map(raw.people.map((p) => [p.id, p]));
  const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
  const procedures = new Map(raw.procedures.map((p) => [p.id, p]));
  const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
  const operatorsOf = new Map<string, Raw['operators']>();
  for (const o of raw.operators) operatorsOf.set(o.image_id, [...(operatorsOf.get(o.image_id) ?? []), o]);
  const members = new Set(
    raw.members.filter((m) => filter.group?.kind === 'custom' && m.group_id === filter.group.id).map((m) => m.person_id),
  );
  const modalities = filter.modalities?.map((m) => m.toUpperCase());
  const includeMg = filter.include_mammography === true || (modalities?.includes('MG') ?? false);
  const keyOf = (o: Raw['operators'][number]) => o.person_id ?? `raw:${o.raw_name}`;
  const bandOf = (o: Raw['operators'][number], day: string | null) =>
    o.person_id ? serviceBand(people.get(o.person_id)?.employment_start ?? null, day) : null;
  const operatorConditions = Boolean(filter.radiographers || filter.group);
  const operatorFits = (o: Raw['operators'][number], day: string | null) =>
    (!filter.radiographers || filter.radiographers.includes(keyOf(o))) &&
    (filter.group?.kind !== 'service_years' || bandOf(o, day) === filter.group.band) &&
    (filter.group?.kind !== 'custom' || (o.person_id !== null && members.has(o.person_id)));

  interface Counted {
    period: { start: string | null; label: string | null };
    keys: Array<string | null>;
    counted: boolean;
    reasonCode: string | null;
    withoutReason: boolean;
    dap: number | null;
  }
  const counted: Counted[] = [];
  for (const image of raw.images) {
    const reject = image.rejected ? rejectOf.get(image.id) : undefined;
    const reason = reject ? reasons.get(reject.reason_id) : undefined;
    // patient images only: not test/QC, not named only by a non-quality IOCM note
    if (reason && !reason.counts_as_reject) continue;
    if (!image.rejected && ['113037', '113038', '113039'].includes(image.iocm_title ?? '')) continue;
    const procedureCode = image.procedure_id ? (procedures.get(image.procedure_id)?.code ?? null) : null;
    if (filter.procedures && !filter.procedures.includes(procedureCode ?? '')) continue;
    if (filter.views && !filter.views.includes(image.view_position ?? '\u0000')) continue;
    if (modalities && !modalities.includes(image.modality ?? '\u0000')) continue;
    if (!includeMg && image.modality === 'MG') continue;
    // CT only when named among the modalities (its slices are not exposures)
    if (!modalities && image.modality === 'CT') continue;
    if (filter.rooms && !filter.rooms.includes(image.station_name ?? '\u0000')) continue;
    if (filter.age_bands && !filter.age_bands.includes(ageBand(image.patient_age_years))) continue;
    if (filter.date_from && (image.study_date === null || image.study_date < filter.date_from)) continue;
    if (filter.date_to && (image.study_date === null || image.study_date > filter.date_to)) continue;
    const ops = operatorsOf.get(image.id) ?? [];
    const fitting = ops.filter((o) => operatorFits(o, image.study_date));
    if (operatorConditions && fitting.length === 0) continue;

    const distinct = (values: Array<string | null>) => (values.length === 0 ? [null] : [...new Set(values)]);
    let keys: Array<string | null>;
    switch (dimension) {
      case 'all':
      case 'reason':
        keys = [null];
        break;
      case 'procedure':
        keys = [procedureCode];
        break;
      case 'view':
        keys = [image.view_position];
        break;
      case 'modality':
        keys = [image.modality];
        break;
      case 'room':
        keys = [image.station_name];
        break;
      case 'age_band':
        keys = [ageBand(image.patient_age_years)];
        break;
      case 'radiographer':
        keys = distinct(fitting.map(keyOf));
        break;
      case 'group':
        keys = filter.group?.kind === 'custom' ? [filter.group.id] : distinct(fitting.map((o) => bandOf(o, image.study_date)));
        break;
    }
    const isCounted = image.rejected && (!filter.reasons || (reason !== undefined && filter.reasons.includes(reason.code)));
    counted.push({
      period: periodOf(image.study_date, period),
      keys,
      counted: isCounted,
      reasonCode: isCounted && reason ? reason.code : null,
      withoutReason: isCounted && !reject,
      dap: isCounted ? image.dap_gy_cm2 : null,
    });
  }

  const rows = new Map<string, Row>();
  const add = (c: Counted, key: string | null, asTotal: boolean, asRejected: boolean) => {
    const id = `${c.period.start}|${key}`;
    let row = rows.get(id);
    if (!row) {
      row = {
        period_start: c.period.start,
        period_label: c.period.label,
        key,
        label: null,
        rejected: 0,
        total: 0,
        reject_rate: null,
        without_reason: 0,
        reasons: {},
        wasted_dap_gy_cm2: null,
        flag: null,
      };
      rows.set(id, row);
    }
    if (asTotal) row.total += 1;
    if (asRejected) {
      row.rejected += 1;
      if (c.withoutReason) row.without_reason += 1;
      if (c.reasonCode) row.reasons[c.reasonCode] = (row.reasons[c.reasonCode] ?? 0) + 1;
      if (c.dap !== null) row.wasted_dap_gy_cm2 = (row.wasted_dap_gy_cm2 ?? 0) + c.dap;
    }
  };
  if (dimension === 'reason') {
    const totals = new Map<string | null, number>();
    for (const c of counted) totals.set(c.period.start, (totals.get(c.period.start) ?? 0) + 1);
    for (const c of counted) if (c.counted) add(c, c.reasonCode, false, true);
    for (const row of rows.values()) row.total = totals.get(row.period_start) ?? 0;
  } else {
    for (const c of counted) for (const key of c.keys) add(c, key, true, c.counted);
  }

  const stationLabel = (name: string) =>
    raw.stations
      .filter((s) => s.station_name.trim().toLowerCase() === name.trim().toLowerCase())
      .sort((a, b) => Number(b.station_name === name) - Number(a.station_name === name))
      .map((s) => s.display_name ?? s.station_name)[0] ?? name;
  const reasonLabel = (code: string) =>
    raw.reasons
      .filter((r) => r.code === code)
      .sort((a, b) => (a.coding_scheme < b.coding_scheme ? 1 : -1))
      .map((r) => r.label_nl)[0] ?? null;
  for (const row of rows.values()) {
    const k = row.key;
    row.label =
      k === null
        ? null
        : dimension === 'procedure'
          ? (raw.procedures.find((p) => p.code === k)?.name_nl ?? null)
          : dimension === 'room'
            ? stationLabel(k)
            : dimension === 'radiographer'
              ? k.startsWith('raw:')
                ? k.slice(4)
                : (people.get(k)?.display_name ?? null)
              : dimension === 'reason'
                ? reasonLabel(k)
                : dimension === 'group' && filter.group?.kind === 'custom'
                  ? (raw.groups.find((g) => g.id === k)?.name ?? null)
                  : k;
    row.reject_rate = row.total > 0 ? row.rejected / row.total : null;
    const rate = row.reject_rate;
    row.flag =
      dimension === 'reason' || rate === null || row.total < raw.site.reject_flag_min_images
        ? null
        : rate > raw.site.reject_investigate_above
          ? 'above_investigation'
          : rate < raw.site.reject_investigate_below
            ? 'below_investigation'
            : rate > raw.site.reject_target_rate
              ? 'above_target'
              : null;
  }
  return [...rows.values()];
}

/** The rows as comparable values: keyed by period and key, numbers rounded where sums of doubles may differ. */
function comparable(rows: Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const id = `${r.period_start}|${r.key}`;
    expect(out[id]).toBeUndefined();
    out[id] = {
      period_label: r.period_label,
      label: r.label,
      rejected: r.rejected,
      total: r.total,
      reject_rate: r.reject_rate === null ? null : Number(Number(r.reject_rate).toFixed(12)),
      without_reason: r.without_reason,
      reasons: r.reasons,
      wasted_dap_gy_cm2: r.wasted_dap_gy_cm2 === null ? null : Number(Number(r.wasted_dap_gy_cm2).toFixed(9)),
      flag: r.flag,
    };
  }
  return out;
}

async function rpcRows(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<Row[]> {
  const { data, error } = await client.rpc(fn, args);
  if (error) throw new Error(`${fn}(${JSON.stringify(args)}): ${error.message}`);
  return data as Row[];
}

// ---------------------------------------------------------------------------------------------------------------
// the index
// ---------------------------------------------------------------------------------------------------------------
const OPERATOR_SETS: string[][] = [
  ['Jansen^Petra'],
  ['Smit^Daan'],
  ['Jansen^Petra', 'Smit^Daan'],
  ['Müller^Jürgen'],
  ['Öztürk^Elif', 'Jansen^Petra'],
  ['PJ'],
  [],
  ['Visser^Sanne'],
  ['de Vries^Anna'],
  ['Smit^Daan', 'Müller^Jürgen'],
];
const ROOMS: Array<[string | null, string]> = [
  ['RAD-KAMER1', 'DX'],
  ['RAD-KAMER2', 'DX'],
  ['RAD-KAMER3', 'CR'],
  ['SEH-KAMER', 'DX'],
  ['MAMMO1', 'MG'],
  ['CT1', 'CT'],
  ['OUDE-KAMER', 'DX'],
  [null, 'DX'],
];
const DESCRIPTIONS = ['X-Thorax PA', 'X-Thorax PA', 'X-Knie links', 'X-Bekken', 'LWK lateraal', 'X-Hand rechts', 'Onbekend onderzoek'];
let sopCounter = 0;

function imageRecord(generator: Random, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const random = () => generator.next();
  sopCounter += 1;
  const sop = `1.2.826.0.1.3680043.10.1467.60.${sopCounter}`;
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)] as T;
  const [station, modality] = pick(ROOMS);
  const day = new Date(Date.UTC(2024, 11, 20) + Math.floor(random() * 420) * 86_400_000).toISOString().slice(0, 10);
  return {
    object: 'image',
    sop_instance_uid: sop,
    study_instance_uid: `${sop}.1`,
    series_instance_uid: `${sop}.2`,
    modality,
    study_date: sopCounter % 41 === 0 ? null : day,
    station_name: station,
    study_description: modality === 'MG' ? 'Mammografie screening' : pick(DESCRIPTIONS),
    view_position: modality === 'MG' ? pick(['CC', 'MLO']) : pick(['PA', 'AP', 'LAT', null]),
    patient_age_years: pick([null, 3, 9, 15, 16, 42, 77]),
    dap_gy_cm2: random() < 0.1 ? null : Math.round((0.05 + random() * 2) * 1000) / 1000,
    deviation_index: random() < 0.1 ? null : Math.round((random() * 6 - 3) * 10) / 10,
    rejected: random() < 0.18,
    operator_names: pick(OPERATOR_SETS),
    source: 'demo',
    ...overrides,
  };
}

async function ingest(service: SupabaseClient, records: Array<Record<string, unknown>>): Promise<void> {
  for (let i = 0; i < records.length; i += 100) {
    const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records: records.slice(i, i + 100) });
    if (error) throw new Error(`ingest_records: ${error.message}`);
  }
}

async function reasonId(service: SupabaseClient, code: string): Promise<string> {
  const { data, error } = await service.from('reject_reasons').select('id').eq('site_id', DEMO_SITE_ID).eq('code', code).single();
  if (error) throw new Error(error.message);
  return (data as { id: string }).id;
}

async function buildIndex(service: SupabaseClient): Promise<void> {
  const random = createRandom(2026);
  const images = Array.from({ length: 320 }, () => imageRecord(random));
  // edges: ISO week 1 of 2025 starts in 2024, a quarter's last and first day, a leap day's neighbours
  for (const day of ['2024-12-30', '2024-12-29', '2025-03-31', '2025-04-01', '2025-12-31', '2026-01-01', '2025-06-30'])
    images.push(imageRecord(random, { study_date: day, rejected: true }), imageRecord(random, { study_date: day }));
  await ingest(service, images);

  // notes: 113001 with a CID 7011 reason (from the modality), 113001 without, and the titles that are no quality reject
  const accepted = images.filter((r) => !r['rejected']).map((r) => r['sop_instance_uid'] as string);
  const note = (code: string, refs: string[], reason: string | null, n: number) => ({
    object: 'rejection_note',
    sop_instance_uid: `1.2.826.0.1.3680043.10.1467.61.${n}`,
    study_instance_uid: `1.2.826.0.1.3680043.10.1467.61.${n}.1`,
    rejection_code: code,
    rejects: refs,
    reason_code: reason,
    note_date: '2026-02-01',
    source: 'demo',
  });
  await ingest(service, [
    note('113001', accepted.slice(0, 6), '111209', 1),
    note('113001', accepted.slice(6, 10), '111211', 2),
    note('113001', accepted.slice(10, 13), null, 3),
    note('113038', accepted.slice(13, 18), null, 4),
    note('113037', accepted.slice(18, 20), null, 5),
    note('113039', accepted.slice(20, 22), null, 6),
  ]);

  // reasons from persons on most other rejected images: some confirm or change the modality's, some are test/QC
  const { data, error } = await service.from('images').select('id, sop_instance_uid').eq('rejected', true).order('sop_instance_uid');
  if (error) throw new Error(error.message);
  const codes = ['positioning', 'positioning', 'motion', 'under_exposure', 'cutoff_collimation', 'other', 'test_qc', '111209'];
  const ids = Object.fromEntries(await Promise.all([...new Set(codes)].map(async (c) => [c, await reasonId(service, c)] as const)));
  const generator = createRandom(7);
  const pick = () => generator.next();
  const rows = (data as Array<{ id: string }>).flatMap((image) => {
    const r = pick();
    if (r < 0.25) return []; // no reason from a person (none, or the modality's)
    return [
      {
        site_id: DEMO_SITE_ID,
        image_id: image.id,
        reason_id: ids[codes[Math.floor(pick() * codes.length)] as string],
        recorded_by: FATIMA,
        source: 'person',
      },
    ];
  });
  const saved = await service.from('rejects').upsert(rows, { onConflict: 'image_id' });
  if (saved.error) throw new Error(saved.error.message);
}

const FILTERS: Filter[] = [
  {},
  { include_mammography: true },
  { modalities: ['mg'] },
  { modalities: ['DX', 'CR'] },
  { modalities: ['CT', 'DX'] },
  { date_from: '2025-01-01', date_to: '2025-06-30' },
  { date_from: '2025-01-03', date_to: '2025-11-20' },
  { date_to: '2025-09-30' },
  { procedures: ['knie', 'thorax'] },
  { rooms: ['RAD-KAMER1', 'OUDE-KAMER'] },
  { views: ['PA'] },
  { age_bands: ['child', 'unknown'] },
  { reasons: ['positioning', '111209'] },
  { radiographers: [PETRA] },
  { radiographers: [PETRA, DAAN, 'raw:PJ'] },
  { group: { kind: 'service_years', band: '0-2' } },
  { procedures: ['thorax'], rooms: ['RAD-KAMER2'], date_from: '2025-04-01' },
];

describe.each(ENGINES)('reject analysis on %s', (engine) => {
  let world: EvaluationWorld;
  let service: SupabaseClient;
  let raw: Raw;
  let customGroup: string;
  const plans = new Set<string>();
  let comparedRows = 0;

  const forSite = (dimension: Dimension, period: Period, filter: Filter) =>
    rpcRows(service, 'reject_analysis_for_site', { site: DEMO_SITE_ID, dimension, period, filter });

  async function planOf(dimension: Dimension, period: Period, filter: Filter): Promise<string> {
    const { rows } = await world.env.db.query<{ plan: string }>(
      'select private.reject_plan($1, $2, private.parse_reject_filter($3, $4::jsonb)) as plan',
      [dimension, period, DEMO_SITE_ID, JSON.stringify(filter)],
    );
    return (rows[0] as { plan: string }).plan;
  }

  async function checkAll(dimensions: readonly Dimension[], periods: readonly Period[], filters: Filter[]): Promise<void> {
    for (const filter of filters)
      for (const dimension of dimensions)
        for (const period of periods) {
          const actual = await forSite(dimension, period, filter);
          plans.add(await planOf(dimension, period, filter));
          const context = `${dimension} per ${period} with ${JSON.stringify(filter)}`;
          expect({ context, rows: comparable(actual) }).toEqual({
            context,
            rows: comparable(expectedRows(raw, dimension, period, filter)),
          });
          expect(actual.every((r) => r.scope === 'department')).toBe(true);
          comparedRows += actual.length;
        }
  }

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    service = world.service;
    await buildIndex(service);
    const groups = await service.from('person_groups').select('id').eq('site_id', DEMO_SITE_ID).single();
    if (groups.error) throw new Error(groups.error.message);
    customGroup = (groups.data as { id: string }).id;
    raw = await readRaw(service);
  });
  afterAll(async () => {
    await world?.env.close();
  });

  it('holds the index the test means: every case present', () => {
    const rejected = raw.images.filter((i) => i.rejected);
    const sources = new Set(raw.rejects.map((r) => r.source));
    expect(raw.images.length).toBeGreaterThan(300);
    expect(rejected.length).toBeGreaterThan(40);
    expect(sources).toEqual(new Set(['modality', 'person']));
    expect(rejected.some((i) => !raw.rejects.some((r) => r.image_id === i.id))).toBe(true);
    expect(new Set(raw.images.map((i) => i.iocm_title))).toEqual(new Set([null, '113001', '113037', '113038', '113039']));
    expect(raw.images.some((i) => i.study_date === null)).toBe(true);
    expect(raw.images.some((i) => i.modality === 'MG')).toBe(true);
    expect(raw.images.some((i) => i.modality === 'CT')).toBe(true);
    expect(raw.operators.some((o) => o.person_id === null)).toBe(true);
    const testQc = raw.reasons.find((r) => r.code === 'test_qc')?.id;
    expect(raw.rejects.some((r) => r.reason_id === testQc)).toBe(true);
  });

  it('equals the figures computed from the raw rows: every dimension × period × filter', async () => {
    await checkAll(DIMENSIONS, PERIODS, FILTERS);
    await checkAll(DIMENSIONS, ['month', 'all'], [{ group: { kind: 'custom', id: customGroup } }]);
    expect(comparedRows).toBeGreaterThan(20_000);
    // both the rollup (every table and grain) and the scan answered
    expect([...plans].sort()).toEqual(
      [
        'bands:0',
        'bands:1',
        'images:0',
        'images:1',
        'images:2',
        'images:3',
        'images:4',
        'images:5',
        'operators:0',
        'operators:1',
        'operators:2',
        'scan',
      ].sort(),
    );
  });

  it('follows changes: a reason recorded and changed, an image added, an alias remapped, a reason that stops counting, a start of employment, a note', async () => {
    const before = await forSite('reason', 'month', {});
    const noReason = raw.images.find(
      (i) => i.rejected && i.study_date && !raw.rejects.some((r) => r.image_id === i.id),
    ) as Raw['images'][number];
    const withReason = raw.rejects.find((r) => r.source === 'person') as Raw['rejects'][number];
    const motion = await reasonId(service, 'motion');
    const marker = await reasonId(service, 'marker');
    let result = await service
      .from('rejects')
      .insert({ site_id: DEMO_SITE_ID, image_id: noReason.id, reason_id: marker, recorded_by: FATIMA });
    expect(result.error).toBeNull();
    result = await service.from('rejects').update({ reason_id: motion }).eq('image_id', withReason.image_id);
    expect(result.error).toBeNull();
    await ingest(service, [
      imageRecord(createRandom(5), { study_date: '2026-03-15', rejected: true, operator_names: ['PJ'] }),
      imageRecord(createRandom(6), { study_date: '2026-03-16', operator_names: ['Smit^Daan'] }),
    ]);
    const alias = await service.from('operator_aliases').insert({ site_id: DEMO_SITE_ID, raw_name: 'PJ', person_id: PETRA });
    expect(alias.error).toBeNull();
    const remap = await service.rpc('remap_site', { site: DEMO_SITE_ID });
    expect(remap.error).toBeNull();
    result = await service.from('reject_reasons').update({ counts_as_reject: false }).eq('site_id', DEMO_SITE_ID).eq('code', 'other');
    expect(result.error).toBeNull();
    result = await service.from('people').update({ employment_start: '2015-06-01' }).eq('id', DAAN);
    expect(result.error).toBeNull();
    const accepted = raw.images.find((i) => !i.rejected && i.iocm_title === null && i.study_date) as Raw['images'][number];
    await ingest(service, [
      {
        object: 'rejection_note',
        sop_instance_uid: '1.2.826.0.1.3680043.10.1467.61.99',
        study_instance_uid: '1.2.826.0.1.3680043.10.1467.61.99.1',
        rejection_code: '113001',
        rejects: [accepted.sop_instance_uid],
        reason_code: '111210',
        note_date: '2026-03-20',
        source: 'demo',
      },
    ]);

    raw = await readRaw(service);
    expect(raw.operators.some((o) => o.raw_name === 'PJ' && o.person_id === null)).toBe(false);
    const after = await forSite('reason', 'month', {});
    expect(comparable(after)).not.toEqual(comparable(before));
    await checkAll(
      DIMENSIONS,
      ['month', 'quarter', 'all'],
      [{}, { radiographers: [PETRA] }, { group: { kind: 'service_years', band: '10+' } }],
    );
    await checkAll(['radiographer', 'group', 'room', 'reason'], ['week', 'year'], [{ date_from: '2025-02-10' }]);
  });

  describe('scope through supabase-js', () => {
    const COLLEAGUES: Record<string, string[]> = {
      petra: [
        DAAN,
        ANNA,
        SANNE,
        JURGEN,
        ELIF,
        FATIMA,
        'Daan Smit',
        'Anna de Vries',
        'Sanne Visser',
        'Jürgen Müller',
        'Elif Öztürk',
        'raw:',
      ],
      anna: [PETRA, DAAN, SANNE, JURGEN, ELIF, 'Petra Jansen', 'Daan Smit', 'Sanne Visser', 'Jürgen Müller', 'Elif Öztürk', 'raw:'],
    };

    it('gives a radiographer and a reviewer their own rows and the department’s, never a colleague by name', async () => {
      for (const [login, me] of [
        ['petra', PETRA],
        ['anna', ANNA],
      ] as const) {
        for (const dimension of DIMENSIONS)
          for (const period of ['month', 'all'] as const) {
            const rows = await rpcRows(world.as[login], 'reject_analysis', { dimension, period, filter: {} });
            const own = rows.filter((r) => r.scope === 'own');
            const department = rows.filter((r) => r.scope === 'department');
            expect(own.length + department.length).toBe(rows.length);
            expect(comparable(own)).toEqual(comparable(expectedRows(raw, dimension, period, { radiographers: [me] })));
            const collapsed = dimension === 'radiographer' || dimension === 'group' ? 'all' : dimension;
            expect(comparable(department)).toEqual(comparable(expectedRows(raw, collapsed, period, {})));
            const text = JSON.stringify(rows);
            for (const colleague of COLLEAGUES[login] as string[]) expect(text).not.toContain(colleague);
          }
      }
    });

    it('refuses a radiographer’s filter on a colleague or a group, and reject_analysis_for_site, and anon', async () => {
      for (const filter of [
        { radiographers: [DAAN] },
        { radiographers: [PETRA, DAAN] },
        { group: { kind: 'service_years', band: '10+' } },
      ]) {
        const { error } = await world.as.petra.rpc('reject_analysis', { dimension: 'all', period: 'all', filter });
        expect(error?.code).toBe('42501');
        const images = await world.as.petra.rpc('reject_images', { filter });
        expect(images.error?.code).toBe('42501');
        const exposure = await world.as.petra.rpc('reject_exposure', { filter });
        expect(exposure.error?.code).toBe('42501');
      }
      for (const client of [world.as.petra, world.as.fatima, world.as.jeroen]) {
        const { data, error } = await client.rpc('reject_analysis_for_site', {
          site: DEMO_SITE_ID,
          dimension: 'all',
          period: 'all',
          filter: {},
        });
        expect(error).not.toBeNull();
        expect(data).toBeNull();
      }
      const anon = world.env.client();
      for (const [fn, args] of [
        ['reject_analysis', { dimension: 'all', period: 'all', filter: {} }],
        ['reject_images', { filter: {} }],
        ['reject_exposure', { filter: {} }],
        ['reject_analysis_for_site', { site: DEMO_SITE_ID, dimension: 'all', period: 'all', filter: {} }],
      ] as const) {
        const { data, error } = await anon.rpc(fn, args);
        expect(error).not.toBeNull();
        expect(data).toBeNull();
      }
      // the rollup is not reachable through the API at all
      const rollup = await world.as.fatima.schema('private').from('reject_rollup_operators').select('*');
      expect(rollup.error).not.toBeNull();
    });

    it('refuses bad arguments with the field named (22023)', async () => {
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ dimension: 'colour', period: 'all', filter: {} }, /dimension/],
        [{ dimension: 'all', period: 'decade', filter: {} }, /period/],
        [{ dimension: 'all', period: 'all', filter: { colour: 1 } }, /colour/],
        [{ dimension: 'all', period: 'all', filter: { procedures: ['nope'] } }, /filter\.procedures/],
        [{ dimension: 'all', period: 'all', filter: { reasons: ['nope'] } }, /filter\.reasons/],
        [{ dimension: 'all', period: 'all', filter: { date_from: '2025-02-30' } }, /filter\.date_from/],
        [{ dimension: 'all', period: 'all', filter: { date_from: '2025-03-01', date_to: '2025-02-01' } }, /date_from/],
        [{ dimension: 'all', period: 'all', filter: { age_bands: ['teen'] } }, /filter\.age_bands/],
        [{ dimension: 'all', period: 'all', filter: { radiographers: ['petra'] } }, /filter\.radiographers/],
        [{ dimension: 'all', period: 'all', filter: { views: 'PA' } }, /filter\.views/],
        [{ dimension: 'all', period: 'all', filter: { include_mammography: 'yes' } }, /filter\.include_mammography/],
        [{ dimension: 'all', period: 'all', filter: { group: { kind: 'custom' } } }, /filter\.group\.id/],
      ];
      for (const [args, message] of bad) {
        const { error } = await world.as.fatima.rpc('reject_analysis', args);
        expect(error?.code).toBe('22023');
        expect(error?.message).toMatch(message);
      }
    });

    it('gives quality officers and admins the department named, and audits reading by radiographer', async () => {
      const audits = async () => {
        const { data, error } = await service.from('audit_log').select('actor_id, details').eq('action', 'rejects.read_named').order('id');
        if (error) throw new Error(error.message);
        return data as Array<{ actor_id: string | null; details: Record<string, unknown> }>;
      };
      const start = (await audits()).length;
      const byRoom = await rpcRows(world.as.fatima, 'reject_analysis', { dimension: 'room', period: 'month', filter: {} });
      expect(comparable(byRoom)).toEqual(comparable(expectedRows(raw, 'room', 'month', {})));
      expect(await audits()).toHaveLength(start);
      for (const login of ['fatima', 'jeroen'] as const) {
        const rows = await rpcRows(world.as[login], 'reject_analysis', { dimension: 'radiographer', period: 'all', filter: {} });
        expect(rows.every((r) => r.scope === 'department')).toBe(true);
        expect(comparable(rows)).toEqual(comparable(expectedRows(raw, 'radiographer', 'all', {})));
        expect(rows.some((r) => r.key === DAAN && r.label === 'Daan Smit')).toBe(true);
      }
      const entries = (await audits()).slice(start);
      expect(entries.map((e) => e.actor_id)).toEqual([FATIMA, DEMO_PEOPLE.jeroen.personId]);
      expect(entries[0]?.details).toMatchObject({ function: 'reject_analysis', dimension: 'radiographer', period: 'all' });
      // a drill-down on a colleague is a named read too
      await world.as.fatima.rpc('reject_images', { filter: { radiographers: [DAAN] } });
      expect((await audits()).slice(start)).toHaveLength(3);
    });

    it('drills down: reject_images lists the images of a figure (radiographers only their own)', async () => {
      const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
      const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
      const patientRejected = (i: Raw['images'][number]) =>
        i.rejected &&
        i.modality !== 'MG' &&
        i.modality !== 'CT' &&
        (rejectOf.has(i.id) ? reasons.get(rejectOf.get(i.id)!.reason_id)!.counts_as_reject : true);
      const madeBy = (person: string) => new Set(raw.operators.filter((o) => o.person_id === person).map((o) => o.image_id));

      const petra = await world.as.petra.rpc('reject_images', { filter: {} });
      expect(petra.error).toBeNull();
      const mine = madeBy(PETRA);
      const expectedMine = raw.images.filter((i) => mine.has(i.id) && patientRejected(i)).map((i) => i.id);
      expect((petra.data as Array<{ image_id: string }>).map((r) => r.image_id).sort()).toEqual(expectedMine.sort());

      const filter = { rooms: ['RAD-KAMER1'], date_from: '2025-04-01', date_to: '2025-06-30' };
      const figure = (await rpcRows(world.as.fatima, 'reject_analysis', { dimension: 'room', period: 'all', filter })).find(
        (r) => r.key === 'RAD-KAMER1',
      ) as Row;
      const list = await world.as.fatima.rpc('reject_images', { filter });
      expect(list.error).toBeNull();
      const listed = list.data as Array<{
        rejected: boolean;
        station_name: string;
        room_label: string;
        reason_code: string | null;
        reason_source: string | null;
      }>;
      expect(listed).toHaveLength(figure.rejected);
      expect(listed.every((r) => r.rejected && r.station_name === 'RAD-KAMER1' && r.room_label === 'Kamer 1')).toBe(true);
      expect(listed.filter((r) => r.reason_code === null)).toHaveLength(figure.without_reason);
      const all = await world.as.fatima.rpc('reject_images', { filter, rejected_only: false });
      expect(all.data).toHaveLength(figure.total);
      const capped = await world.as.fatima.rpc('reject_images', { filter: {}, max_rows: 3 });
      expect(capped.data).toHaveLength(3);
      const tooMany = await world.as.fatima.rpc('reject_images', { filter: {}, max_rows: 0 });
      expect(tooMany.error?.code).toBe('22023');
    });

    it('gives the median deviation index of rejected and accepted images per room and reason', async () => {
      const { data, error } = await world.as.fatima.rpc('reject_exposure', { filter: {} });
      expect(error).toBeNull();
      const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
      const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
      const median = (values: number[]) => {
        if (values.length === 0) return null;
        const s = [...values].sort((a, b) => a - b);
        const mid = (s.length - 1) / 2;
        return (s[Math.floor(mid)]! + s[Math.ceil(mid)]!) / 2;
      };
      const patient = raw.images.filter((i) => {
        const reason = i.rejected && rejectOf.has(i.id) ? reasons.get(rejectOf.get(i.id)!.reason_id) : undefined;
        if (reason && !reason.counts_as_reject) return false;
        if (!i.rejected && ['113037', '113038', '113039'].includes(i.iocm_title ?? '')) return false;
        return i.modality !== 'MG' && i.modality !== 'CT';
      });
      const expected: unknown[] = [];
      for (const room of [...new Set(patient.map((i) => i.station_name))]) {
        const inRoom = patient.filter((i) => i.station_name === room);
        const accepted = inRoom.filter((i) => !i.rejected);
        const di = (list: typeof inRoom) => median(list.map((i) => i.deviation_index).filter((d): d is number => d !== null));
        const rejected = inRoom.filter((i) => i.rejected);
        const byCode = new Map<string | null, typeof inRoom>([[null, rejected]]);
        for (const i of rejected) {
          const code = rejectOf.has(i.id) ? reasons.get(rejectOf.get(i.id)!.reason_id)!.code : null;
          if (code) byCode.set(code, [...(byCode.get(code) ?? []), i]);
        }
        for (const [code, list] of byCode)
          expected.push({ room, code, rejected: list.length, rd: di(list), accepted: accepted.length, ad: di(accepted) });
      }
      const round = (v: number | null) => (v === null ? null : Math.round(v * 1e9) / 1e9);
      const actual = (data as Array<Record<string, unknown>>).map((r) => ({
        room: r['room_key'],
        code: r['reason_code'],
        rejected: r['rejected'],
        rd: round(r['median_di_rejected'] as number | null),
        accepted: r['accepted'],
        ad: round(r['median_di_accepted'] as number | null),
      }));
      const key = (r: { room: unknown; code: unknown }) => `${r.room}|${r.code}`;
      const sortBy = (list: Array<{ room: unknown; code: unknown }>) => [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
      expect(sortBy(actual)).toEqual(
        sortBy(
          (expected as Array<Record<string, unknown> & { room: unknown; code: unknown }>).map((e) => ({
            ...e,
            rd: round(e['rd'] as number | null),
            ad: round(e['ad'] as number | null),
          })),
        ),
      );
    });

    it('flags rows against the thresholds the site’s admin sets (a radiographer cannot change them)', async () => {
      const petra = await world.as.petra.from('sites').update({ reject_target_rate: 0.5 }).eq('id', DEMO_SITE_ID).select('id');
      expect(petra.data ?? []).toHaveLength(0);
      const jeroen = await world.as.jeroen
        .from('sites')
        .update({ reject_target_rate: 0.12, reject_investigate_above: 0.3, reject_investigate_below: 0.02, reject_flag_min_images: 5 })
        .eq('id', DEMO_SITE_ID)
        .select('id');
      expect(jeroen.error).toBeNull();
      expect(jeroen.data).toHaveLength(1);
      raw = await readRaw(service);
      expect(raw.site.reject_investigate_above).toBe(0.3);
      await checkAll(['room', 'procedure'], ['quarter'], [{}]);
      const wrong = await world.as.jeroen.from('sites').update({ reject_investigate_below: 0.5 }).eq('id', DEMO_SITE_ID);
      expect(wrong.error).not.toBeNull();
    });
  });

  it('iqs analyze rejects prints what reject_analysis_for_site gives: one JSON object per line, or a table', async () => {
    const lines: string[] = [];
    const output = { out: (l: string) => void lines.push(l), err: () => undefined, progress: { write: () => true } as never };
    for (const argv of [
      { by: 'room', per: 'month' },
      { by: 'radiographer', per: 'all', from: '2025-02-01', to: '2025-10-31' },
      { by: 'reason', per: 'quarter', modality: 'mg' },
      {},
    ]) {
      const options = parseAnalyzeOptions({ ...argv, json: true });
      lines.length = 0;
      await printRejectAnalysis(service as unknown as IqsServiceClient, DEMO_SITE_ID, options, output);
      const rows = await forSite(options.by, options.per, {
        ...(options.from ? { date_from: options.from } : {}),
        ...(options.to ? { date_to: options.to } : {}),
        ...(options.modality ? { modalities: [options.modality] } : {}),
      });
      const printed = lines.map((l) => JSON.parse(l) as RejectAnalysisLine);
      for (const p of printed)
        expect(Object.keys(p)).toEqual([
          'by',
          'key',
          'label',
          'period',
          'rejected',
          'total',
          'reject_rate',
          'without_reason',
          'reasons',
          'wasted_dap_gy_cm2',
        ]);
      expect(printed).toEqual(
        rows.map((r) => ({
          by: options.by,
          key: r.key,
          label: r.label,
          period: r.period_label,
          rejected: r.rejected,
          total: r.total,
          reject_rate: r.reject_rate === null ? null : Number(r.reject_rate),
          without_reason: r.without_reason,
          reasons: r.reasons,
          wasted_dap_gy_cm2: r.wasted_dap_gy_cm2,
        })),
      );
      lines.length = 0;
      await printRejectAnalysis(service as unknown as IqsServiceClient, DEMO_SITE_ID, { ...options, json: false }, output);
      expect(lines).toHaveLength(rows.length + 2);
      expect(lines[0]).toMatch(/^period\s+key\s+label\s+rejected\s+total\s+rate/);
    }
    expect(() => parseAnalyzeOptions({ by: 'colour' })).toThrow(/--by must be one of/);
    expect(() => parseAnalyzeOptions({ per: 'decade' })).toThrow(/--per must be one of/);
    expect(() => parseAnalyzeOptions({ from: '2025-13-01' })).toThrow(/--from must be a date/);
    expect(() => parseAnalyzeOptions({ from: '2025-03-01', to: '2025-02-01' })).toThrow(/is after/);
    expect(() => parseAnalyzeOptions({ modality: 'X-RAY' })).toThrow(/--modality/);
  });
});
