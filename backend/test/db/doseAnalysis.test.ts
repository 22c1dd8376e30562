/**
 * The dose analysis (migration 25) on both engines. A varied index is written as the service role (rooms known and
 * unknown, procedures and views, DX/CR/CT/MG, CT series of several slices and studies of several series, patient
 * weights on part of the images, children, adolescents, adults and unknown ages, accepted and rejected images, test/QC
 * rejects, dates over weeks, months, quarters and years and without a date, values that repeat); the department's own
 * reference values and the Dutch catalogue apply to some procedures. Then every dimension × period × a set of filters
 * is compared with the same figures computed here, independently, from the raw rows read back through the service
 * role: n, the median, P25 and P75 (percentile_cont), the status against the reference the row's youngest patient
 * and last day ask for, too_few, and the 77 kg fit (least squares of ln DAP on weight, with n and r²) — on the rollup
 * and on the doses themselves (which one answers is checked: every path is used). The data then changes and the
 * figures follow. Scope through supabase-js as the demo people: own and department rows for radiographers and
 * reviewers, never a colleague's key or name; exposures above the DRN only their own; the named read audited; anon and
 * authenticated refused where they must be. And the acquisition figures (kVp, mAs, distance, DI bands).
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { createRandom, DEMO_PEOPLE, DEMO_SITE_ID, type Random } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { ELIF, JURGEN, SANNE, startEvaluationWorld, type EvaluationWorld } from './evaluationFixtures';

jest.setTimeout(900_000);

const PETRA = DEMO_PEOPLE.petra.personId;
const DAAN = DEMO_PEOPLE.daan.personId;
const ANNA = DEMO_PEOPLE.anna.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;

const QUANTITIES = ['dap', 'ctdivol', 'dlp', 'organ_dose'] as const;
const DIMENSIONS = ['room', 'procedure', 'radiographer', 'modality'] as const;
const PERIODS = ['week', 'month', 'quarter', 'year', 'all'] as const;
type Quantity = (typeof QUANTITIES)[number];
type Dimension = (typeof DIMENSIONS)[number] | 'all';
type Period = (typeof PERIODS)[number];
const UNITS: Record<Quantity, string> = { dap: 'Gy·cm²', ctdivol: 'mGy', dlp: 'mGy·cm', organ_dose: 'mGy' };

interface Filter {
  procedures?: string[];
  views?: string[];
  modalities?: string[];
  rooms?: string[];
  radiographers?: string[];
  age_bands?: string[];
  from?: string;
  to?: string;
  images?: 'accepted' | 'rejected' | 'all';
  adults_only?: boolean;
  weight_min?: number;
  weight_max?: number;
  thickness_min?: number;
  thickness_max?: number;
}

interface Row {
  scope: string;
  procedure_code: string | null;
  view_position: string | null;
  dimension: string;
  key: string | null;
  label: string | null;
  period_start: string | null;
  quantity: string;
  unit: string;
  n: number;
  median: number;
  p25: number;
  p75: number;
  drl: number | null;
  target: number | null;
  status: string;
  reference_set: string | null;
  fit_n: number;
  at_reference_weight: number | null;
  fit_r2: number | null;
}

interface Image {
  id: string;
  sop_instance_uid: string;
  series_instance_uid: string;
  study_instance_uid: string;
  study_date: string | null;
  procedure_id: string | null;
  view_position: string | null;
  station_name: string | null;
  modality: string | null;
  rejected: boolean;
  patient_age_years: number | null;
  patient_weight_kg: number | null;
  body_part_thickness_mm: number | null;
  dap_gy_cm2: number | null;
  organ_dose_mgy: number | null;
  ctdivol_mgy: number | null;
  dlp_mgy_cm: number | null;
  kvp: number | null;
  exposure_mas: number | null;
  distance_source_detector_mm: number | null;
  deviation_index: number | null;
}

interface Raw {
  images: Image[];
  operators: Array<{ image_id: string; raw_name: string; person_id: string | null }>;
  rejects: Array<{ image_id: string; reason_id: string }>;
  reasons: Array<{ id: string; counts_as_reject: boolean }>;
  people: Array<{ id: string; display_name: string }>;
  procedures: Array<{ id: string; code: string; name_nl: string }>;
  stations: Array<{ station_name: string; display_name: string | null }>;
  site: { dose_min_images: number; dose_di_fine: number; dose_di_attention: number };
}

const IMAGE_COLUMNS =
  'id, sop_instance_uid, series_instance_uid, study_instance_uid, study_date, procedure_id, view_position, station_name, modality, rejected, ' +
  'patient_age_years, patient_weight_kg, body_part_thickness_mm, dap_gy_cm2, organ_dose_mgy, ctdivol_mgy, dlp_mgy_cm, kvp, exposure_mas, ' +
  'distance_source_detector_mm, deviation_index';

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
  const site = await service.from('sites').select('dose_min_images, dose_di_fine, dose_di_attention').eq('id', DEMO_SITE_ID).single();
  if (site.error) throw new Error(site.error.message);
  return {
    images: await all('images', IMAGE_COLUMNS, ['id']),
    operators: await all('image_operators', 'image_id, raw_name, person_id', ['image_id', 'position']),
    rejects: await all('rejects', 'image_id, reason_id', ['image_id']),
    reasons: await all('reject_reasons', 'id, counts_as_reject', ['id']),
    people: await all('people', 'id, display_name', ['id']),
    procedures: await all('procedures', 'id, code, name_nl', ['id']),
    stations: await all('stations', 'station_name, display_name', ['station_name']),
    site: {
      dose_min_images: Number(site.data.dose_min_images),
      dose_di_fine: Number(site.data.dose_di_fine),
      dose_di_attention: Number(site.data.dose_di_attention),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// the figures, computed here from the raw rows (the words of the migration's header, written out again)
// ---------------------------------------------------------------------------------------------------------------
const pad = (n: number) => String(n).padStart(2, '0');
const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

function periodStart(day: string | null, period: Period): string | null {
  if (period === 'all' || day === null) return null;
  const [y, m] = day.split('-') as [string, string];
  if (period === 'week') {
    const d = new Date(`${day}T00:00:00Z`);
    return addDays(day, -((d.getUTCDay() + 6) % 7));
  }
  if (period === 'month') return `${y}-${m}-01`;
  if (period === 'year') return `${y}-01-01`;
  return `${y}-${pad(Math.floor((Number(m) - 1) / 3) * 3 + 1)}-01`;
}

/** The last day of the period that starts on `start`. */
function periodEnd(start: string, period: Exclude<Period, 'all'>): string {
  if (period === 'week') return addDays(start, 6);
  const [y, m] = start.split('-').map(Number) as [number, number];
  const months = period === 'month' ? 1 : period === 'quarter' ? 3 : 12;
  return new Date(Date.UTC(y, m - 1 + months, 0)).toISOString().slice(0, 10);
}

interface Unit {
  image: Image;
  quantity: Quantity;
  date: string | null;
  procedureId: string | null;
  view: string | null;
  station: string | null;
  modality: string | null;
  rejected: boolean;
  age: number | null;
  weight: number | null;
  thickness: number | null;
  value: number;
}

/** The doses of a quantity: an image for DAP and organ dose, a CT series (CTDIvol) or study (DLP) for CT. */
function unitsOf(raw: Raw, quantity: Quantity): Unit[] {
  const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
  const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
  const images = raw.images.filter((i) => {
    const reject = i.rejected ? rejectOf.get(i.id) : undefined;
    return !reject || reasons.get(reject.reason_id)?.counts_as_reject !== false;
  });
  const single = (value: (i: Image) => number | null): Unit[] =>
    images.flatMap((i) => {
      const v = value(i);
      if (v === null) return [];
      return [
        {
          image: i,
          quantity,
          date: i.study_date,
          procedureId: i.procedure_id,
          view: i.view_position,
          station: i.station_name,
          modality: i.modality,
          rejected: i.rejected,
          age: i.patient_age_years,
          weight: i.patient_weight_kg,
          thickness: i.body_part_thickness_mm,
          value: v,
        },
      ];
    });
  if (quantity === 'dap') return single((i) => i.dap_gy_cm2);
  if (quantity === 'organ_dose') return single((i) => i.organ_dose_mgy);
  const groups = new Map<string, Image[]>();
  for (const i of images) {
    const v = quantity === 'ctdivol' ? i.ctdivol_mgy : i.dlp_mgy_cm;
    if (v === null) continue;
    const facts = [
      i.study_instance_uid,
      i.study_date,
      i.procedure_id,
      i.station_name,
      i.modality,
      i.patient_age_years,
      i.patient_weight_kg,
    ];
    const key = JSON.stringify(quantity === 'ctdivol' ? [i.series_instance_uid, i.view_position, ...facts] : facts);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.values()].map((list) => {
    const first = [...list].sort((a, b) => (a.sop_instance_uid < b.sop_instance_uid ? -1 : 1))[0]!;
    return {
      image: first,
      quantity,
      date: first.study_date,
      procedureId: first.procedure_id,
      view: quantity === 'ctdivol' ? first.view_position : null,
      station: first.station_name,
      modality: first.modality,
      rejected: list.every((i) => i.rejected),
      age: first.patient_age_years,
      weight: first.patient_weight_kg,
      thickness: null,
      value: Math.max(...list.map((i) => (quantity === 'ctdivol' ? i.ctdivol_mgy! : i.dlp_mgy_cm!))),
    };
  });
}

const ageBand = (age: number | null) => (age === null ? 'unknown' : age < 16 ? 'child' : 'adult');
const operatorKey = (o: Raw['operators'][number]) => o.person_id ?? `raw:${o.raw_name}`;

function selectUnits(raw: Raw, quantity: Quantity, filter: Filter): Unit[] {
  const code = new Map(raw.procedures.map((p) => [p.id, p.code]));
  const keysOf = operatorKeys(raw);
  const modalities = filter.modalities?.map((m) => m.toUpperCase());
  const images = filter.images ?? 'accepted';
  return unitsOf(raw, quantity).filter(
    (u) =>
      (!filter.procedures || filter.procedures.includes((u.procedureId && code.get(u.procedureId)) || '\u0000')) &&
      (!filter.views || filter.views.includes(u.view ?? '\u0000')) &&
      (!modalities || modalities.includes(u.modality ?? '\u0000')) &&
      (!filter.rooms || filter.rooms.includes(u.station ?? '\u0000')) &&
      (!filter.radiographers || (keysOf.get(u.image.id) ?? []).some((k) => filter.radiographers!.includes(k))) &&
      (!filter.age_bands || filter.age_bands.includes(ageBand(u.age))) &&
      (filter.adults_only === false || u.age === null || u.age >= 18) &&
      (images === 'all' || u.rejected === (images === 'rejected')) &&
      (!filter.from || (u.date !== null && u.date >= filter.from)) &&
      (!filter.to || (u.date !== null && u.date <= filter.to)) &&
      (filter.weight_min === undefined || (u.weight !== null && u.weight >= filter.weight_min)) &&
      (filter.weight_max === undefined || (u.weight !== null && u.weight <= filter.weight_max)) &&
      (filter.thickness_min === undefined || (u.thickness !== null && u.thickness >= filter.thickness_min)) &&
      (filter.thickness_max === undefined || (u.thickness !== null && u.thickness <= filter.thickness_max)),
  );
}

function operatorKeys(raw: Raw): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of raw.operators) out.set(o.image_id, [...new Set([...(out.get(o.image_id) ?? []), operatorKey(o)])]);
  return out;
}

/** percentile_cont: the value at position q·(n−1) of the sorted values, linearly between its neighbours. */
function percentile(sorted: number[], q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Least squares of ln(value) on weight over the doses with a weight: the fit at `at` kg, and r². */
function weightFit(points: Array<{ w: number; v: number }>, at: number | null): { value: number | null; r2: number | null } {
  const n = points.length;
  if (at === null || n < 3) return { value: null, r2: null };
  const mw = points.reduce((s, p) => s + p.w, 0) / n;
  const my = points.reduce((s, p) => s + Math.log(p.v), 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    const dw = p.w - mw;
    const dy = Math.log(p.v) - my;
    sxx += dw * dw;
    sxy += dw * dy;
    syy += dy * dy;
  }
  if (sxx <= 1e-9 * n) return { value: null, r2: null };
  const slope = sxy / sxx;
  return { value: Math.exp(my - slope * mw + slope * at), r2: syy > 0 ? (sxy * sxy) / (sxx * syy) : null };
}

interface Reference {
  drl: number | null;
  target: number | null;
  reference_set: string | null;
  reference_weight_kg: number | null;
}
type ReferenceLookup = (procedureId: string | null, view: string | null, age: number, quantity: Quantity, onDate: string) => Reference;

function expectedRows(
  raw: Raw,
  reference: ReferenceLookup,
  quantity: Quantity,
  dimension: Dimension,
  period: Period,
  filter: Filter,
  today: string,
): Row[] {
  const procedures = new Map(raw.procedures.map((p) => [p.id, p]));
  const keysOf = operatorKeys(raw);
  const groups = new Map<
    string,
    { period: string | null; procedureId: string | null; view: string | null; key: string | null; units: Unit[] }
  >();
  for (const u of selectUnits(raw, quantity, filter)) {
    let keys: Array<string | null>;
    if (dimension === 'all') keys = [null];
    else if (dimension === 'room') keys = [u.station];
    else if (dimension === 'procedure') keys = [u.procedureId ? procedures.get(u.procedureId)!.code : null];
    else if (dimension === 'modality') keys = [u.modality];
    else {
      const own = (keysOf.get(u.image.id) ?? []).filter((k) => !filter.radiographers || filter.radiographers.includes(k));
      keys = own.length === 0 ? [null] : own;
    }
    const start = periodStart(u.date, period);
    for (const key of keys) {
      const id = JSON.stringify([start, u.procedureId, u.view, key]);
      const group = groups.get(id) ?? { period: start, procedureId: u.procedureId, view: u.view, key, units: [] };
      group.units.push(u);
      groups.set(id, group);
    }
  }
  const youngest = filter.adults_only !== false ? 18 : filter.age_bands && !filter.age_bands.includes('child') ? 16 : 0;
  const stationLabel = (name: string) =>
    raw.stations
      .filter((s) => s.station_name.trim().toLowerCase() === name.trim().toLowerCase())
      .sort((a, b) => Number(b.station_name === name) - Number(a.station_name === name))
      .map((s) => s.display_name ?? s.station_name)[0] ?? name;
  return [...groups.values()].map((g) => {
    const values = g.units.map((u) => u.value).sort((a, b) => a - b);
    const median = percentile(values, 0.5);
    const onDate = g.period !== null && period !== 'all' ? periodEnd(g.period, period) : (filter.to ?? today);
    const ref = reference(g.procedureId, g.view, youngest, quantity, onDate);
    const weighted = g.units.filter((u) => u.weight !== null).map((u) => ({ w: u.weight!, v: u.value }));
    const fit = weightFit(weighted, ref.reference_weight_kg);
    const procedure = g.procedureId ? procedures.get(g.procedureId)! : null;
    return {
      scope: 'department',
      procedure_code: procedure?.code ?? null,
      view_position: g.view,
      dimension,
      key: g.key,
      label:
        g.key === null
          ? null
          : dimension === 'room'
            ? stationLabel(g.key)
            : dimension === 'procedure'
              ? (procedure?.name_nl ?? null)
              : dimension === 'radiographer'
                ? g.key.startsWith('raw:')
                  ? g.key.slice(4)
                  : (raw.people.find((p) => p.id === g.key)?.display_name ?? null)
                : g.key,
      period_start: g.period,
      quantity,
      unit: UNITS[quantity],
      n: values.length,
      median,
      p25: percentile(values, 0.25),
      p75: percentile(values, 0.75),
      drl: ref.drl,
      target: ref.target,
      status:
        ref.drl === null
          ? 'no_reference'
          : values.length < raw.site.dose_min_images
            ? 'too_few'
            : median > ref.drl
              ? 'above_drl'
              : ref.target !== null && median > ref.target
                ? 'above_target'
                : 'at_or_below_target',
      reference_set: ref.reference_set,
      fit_n: weighted.length,
      at_reference_weight: fit.value,
      fit_r2: fit.r2,
    };
  });
}

const close = (v: number | null) => (v === null ? null : Number(Number(v).toPrecision(9)));

/** The rows as comparable values: keyed by period, procedure, view and key; doubles to 9 significant digits. */
function comparable(rows: Row[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of rows) {
    const id = JSON.stringify([r.period_start?.slice(0, 10) ?? null, r.procedure_code, r.view_position, r.key]);
    expect(out[id]).toBeUndefined();
    out[id] = {
      label: r.label,
      unit: r.unit,
      n: r.n,
      median: close(r.median),
      p25: close(r.p25),
      p75: close(r.p75),
      drl: close(r.drl),
      target: close(r.target),
      status: r.status,
      reference_set: r.reference_set,
      fit_n: r.fit_n,
      // a fit over a few points: the two computations add in different orders
      at_reference_weight: r.at_reference_weight === null ? null : Number(Number(r.at_reference_weight).toPrecision(7)),
      fit_r2: r.fit_r2 === null ? null : Number(Number(r.fit_r2).toFixed(7)),
    };
  }
  return out;
}

async function rpcRows<T = Row>(client: SupabaseClient, fn: string, args: Record<string, unknown>): Promise<T[]> {
  const { data, error } = await client.rpc(fn, args);
  if (error) throw new Error(`${fn}(${JSON.stringify(args)}): ${error.message}`);
  return data as T[];
}

// ---------------------------------------------------------------------------------------------------------------
// the index
// ---------------------------------------------------------------------------------------------------------------
const OPERATOR_SETS: Array<Array<string | { raw: string }>> = [
  [PETRA],
  [DAAN],
  [PETRA, DAAN],
  [JURGEN],
  [ELIF, PETRA],
  [{ raw: 'PJ' }],
  [],
  [SANNE],
  [ANNA],
];
const ROOMS: Array<[string | null, string]> = [
  ['RAD-KAMER1', 'DX'],
  ['RAD-KAMER2', 'DX'],
  ['RAD-KAMER3', 'CR'],
  ['SEH-KAMER', 'DX'],
  ['OUDE-KAMER', 'DX'],
  [null, 'DX'],
];
let sopCounter = 0;

interface Spec {
  row: Record<string, unknown>;
  operators: Array<string | { raw: string }>;
  reason?: string;
}

function quantized(value: number, step: number): number {
  return Math.round(Math.round(value / step) * step * 1e6) / 1e6;
}

function radiography(random: Random, procedures: Record<string, string>, overrides: Record<string, unknown> = {}): Spec {
  const r = () => random.next();
  const pick = <T>(values: readonly T[]): T => values[Math.floor(r() * values.length)] as T;
  sopCounter += 1;
  const sop = `1.2.826.0.1.3680043.10.1467.70.${sopCounter}`;
  const [station, modality] = pick(ROOMS);
  const weight = r() < 0.4 ? null : Math.round(45 + r() * 60);
  const procedure = pick(['thorax', 'thorax', 'thorax', 'bekken', 'knie', null] as const);
  const base = procedure === 'bekken' ? 1.5 : procedure === 'knie' ? 0.04 : 0.09;
  const day = new Date(Date.UTC(2024, 11, 20) + Math.floor(r() * 420) * 86_400_000).toISOString().slice(0, 10);
  return {
    row: {
      site_id: DEMO_SITE_ID,
      sop_instance_uid: sop,
      study_instance_uid: `${sop}.1`,
      series_instance_uid: `${sop}.2`,
      modality,
      study_date: sopCounter % 43 === 0 ? null : day,
      station_name: station,
      procedure_id: procedure ? procedures[procedure] : null,
      view_position: pick(['PA', 'PA', 'AP', 'LAT', null]),
      patient_age_years: pick([null, 4, 15, 16, 17, 18, 42, 77]),
      patient_weight_kg: weight,
      // as modalities report it: a few digits, so that values repeat
      dap_gy_cm2: r() < 0.05 ? null : quantized(base * Math.exp((weight ?? 75) / 60 - 1.2) * (0.6 + r() * 0.8), 0.005),
      kvp: r() < 0.1 ? null : pick([70, 81, 90, 102, 117, 125]),
      exposure_mas: r() < 0.1 ? null : pick([0.8, 1.2, 2, 3.2, 5, 12.5, 20]),
      distance_source_detector_mm: r() < 0.2 ? null : pick([1000, 1150, 1800]),
      deviation_index: r() < 0.1 ? null : Math.round((r() * 9 - 4.5) * 10) / 10,
      rejected: r() < 0.15,
      source: 'demo',
      ...overrides,
    },
    operators: pick(OPERATOR_SETS),
  };
}

/** Chest PA in three rooms: one above the DRN, one between the streefwaarde and the DRN, one under the streefwaarde. */
function chestRooms(random: Random, procedures: Record<string, string>): Spec[] {
  const out: Spec[] = [];
  for (const [room, level] of [
    ['RAD-KAMER1', 0.16],
    ['RAD-KAMER2', 0.085],
    ['RAD-KAMER3', 0.04],
  ] as const)
    for (let k = 0; k < 26; k++) {
      const weight = k % 4 === 0 ? null : 55 + ((k * 7) % 40);
      const value = level * Math.exp(0.012 * ((weight ?? 77) - 77)) * (0.9 + random.next() * 0.2);
      out.push(
        radiography(random, procedures, {
          station_name: room,
          modality: room === 'RAD-KAMER3' ? 'CR' : 'DX',
          procedure_id: procedures['thorax'],
          view_position: 'PA',
          study_date: `2025-0${1 + (k % 6)}-${pad(3 + k)}`,
          patient_age_years: 30 + k,
          patient_weight_kg: weight,
          dap_gy_cm2: quantized(value, 0.0001),
          rejected: k === 25,
        }),
      );
    }
  return out;
}

/** CT studies: two series of three slices each (the series' CTDIvol on every slice, the study's DLP on every image). */
function ctStudies(random: Random, procedures: Record<string, string>): Spec[] {
  const out: Spec[] = [];
  for (let s = 0; s < 24; s++) {
    const study = `1.2.826.0.1.3680043.10.1467.71.${s}`;
    const dlp = quantized(200 + random.next() * 200, 10);
    const age = [null, 12, 50, 70][s % 4] as number | null;
    for (let series = 0; series < 2; series++) {
      const ctdivol = quantized(4 + random.next() * 8, 0.5);
      for (let slice = 0; slice < 3; slice++) {
        sopCounter += 1;
        out.push({
          row: {
            site_id: DEMO_SITE_ID,
            sop_instance_uid: `${study}.${series}.${slice}`,
            study_instance_uid: study,
            series_instance_uid: `${study}.${series}`,
            modality: 'CT',
            study_date: `2025-${pad(1 + (s % 12))}-15`,
            station_name: 'CT1',
            procedure_id: s % 5 === 4 ? null : procedures['ct-thorax'],
            view_position: null,
            patient_age_years: age,
            patient_weight_kg: s % 3 === 0 ? null : 60 + s,
            ctdivol_mgy: ctdivol,
            dlp_mgy_cm: dlp,
            // one study has one rejected series; another is rejected as a whole
            rejected: (s === 3 && series === 1) || s === 7,
            source: 'demo',
          },
          operators: [s % 2 === 0 ? PETRA : DAAN],
        });
      }
    }
  }
  return out;
}

function mammograms(random: Random, procedures: Record<string, string>): Spec[] {
  return Array.from({ length: 40 }, (_, k) => {
    sopCounter += 1;
    const sop = `1.2.826.0.1.3680043.10.1467.72.${sopCounter}`;
    return {
      row: {
        site_id: DEMO_SITE_ID,
        sop_instance_uid: sop,
        study_instance_uid: `${sop}.1`,
        series_instance_uid: `${sop}.2`,
        modality: 'MG',
        study_date: `2025-${pad(1 + (k % 9))}-${pad(1 + (k % 28))}`,
        station_name: 'MAMMO1',
        procedure_id: procedures['mammo'],
        view_position: k % 2 === 0 ? 'CC' : 'MLO',
        patient_age_years: 50 + (k % 25),
        body_part_thickness_mm: 30 + ((k * 7) % 50),
        organ_dose_mgy: quantized(0.8 + random.next() * 1.6, 0.01),
        kvp: 28 + (k % 5),
        rejected: k % 11 === 0,
        source: 'demo',
      },
      operators: [k % 3 === 0 ? ELIF : PETRA],
    };
  });
}

async function write(service: SupabaseClient, specs: Spec[], reasons: Record<string, string>): Promise<void> {
  for (let i = 0; i < specs.length; i += 200) {
    const chunk = specs.slice(i, i + 200);
    const inserted = await service
      .from('images')
      .insert(chunk.map((s) => s.row))
      .select('id, sop_instance_uid');
    if (inserted.error) throw new Error(`images: ${inserted.error.message}`);
    const idBySop = new Map((inserted.data as Array<{ id: string; sop_instance_uid: string }>).map((r) => [r.sop_instance_uid, r.id]));
    const operators = chunk.flatMap((s) =>
      s.operators.map((o, position) => ({
        site_id: DEMO_SITE_ID,
        image_id: idBySop.get(s.row['sop_instance_uid'] as string),
        position,
        raw_name: typeof o === 'string' ? 'alias' : o.raw,
        person_id: typeof o === 'string' ? o : null,
      })),
    );
    if (operators.length > 0) {
      const saved = await service.from('image_operators').insert(operators);
      if (saved.error) throw new Error(`image_operators: ${saved.error.message}`);
    }
    const rejects = chunk
      .filter((s) => s.row['rejected'] && s.reason)
      .map((s) => ({
        site_id: DEMO_SITE_ID,
        image_id: idBySop.get(s.row['sop_instance_uid'] as string),
        reason_id: reasons[s.reason!],
        recorded_by: FATIMA,
        source: 'person',
      }));
    if (rejects.length > 0) {
      const saved = await service.from('rejects').insert(rejects);
      if (saved.error) throw new Error(`rejects: ${saved.error.message}`);
    }
  }
}

async function idsByCode(service: SupabaseClient, table: string): Promise<Record<string, string>> {
  const { data, error } = await service.from(table).select('id, code').eq('site_id', DEMO_SITE_ID);
  if (error) throw new Error(error.message);
  return Object.fromEntries((data as Array<{ id: string; code: string }>).map((r) => [r.code, r.id]));
}

const FILTERS: Filter[] = [
  {},
  { images: 'all' },
  { images: 'rejected', adults_only: false },
  { adults_only: false },
  { adults_only: false, age_bands: ['adult', 'unknown'] },
  { procedures: ['thorax'], views: ['PA'] },
  { rooms: ['RAD-KAMER1', 'OUDE-KAMER'], modalities: ['dx'] },
  { from: '2025-02-01', to: '2025-06-30' },
  { from: '2025-01-01', to: '2025-06-30', images: 'all' },
  { from: '2025-02-03', to: '2025-06-20' },
  { to: '2025-03-31', images: 'all' },
  { weight_min: 50, weight_max: 90 },
  { radiographers: [PETRA, 'raw:PJ'] },
];

describe.each(ENGINES)('dose analysis on %s', (engine) => {
  let world: EvaluationWorld;
  let service: SupabaseClient;
  let raw: Raw;
  let today: string;
  const references = new Map<string, Reference>();
  const plans = new Set<string>();
  let compared = 0;

  async function loadReferences(rows: Array<[string | null, string | null, number, Quantity, string]>): Promise<void> {
    for (const [procedure, view, age, quantity, onDate] of rows) {
      const id = JSON.stringify([procedure, view, age, quantity, onDate]);
      if (references.has(id)) continue;
      const { rows: found } = await world.env.db.query<Reference>(
        'select drl, target, reference_set, reference_weight_kg from private.applicable_reference($1, $2, $3, $4, $5::public.dose_quantity, $6, null)',
        [DEMO_SITE_ID, procedure, view, age, quantity, onDate],
      );
      const r = found[0] ?? { drl: null, target: null, reference_set: null, reference_weight_kg: null };
      references.set(id, {
        drl: r.drl === null ? null : Number(r.drl),
        target: r.target === null ? null : Number(r.target),
        reference_set: r.reference_set,
        reference_weight_kg: r.reference_weight_kg === null ? null : Number(r.reference_weight_kg),
      });
    }
  }

  /** The expected rows; the references they need are read first (private.applicable_reference, migration 22). */
  async function expected(quantity: Quantity, dimension: Dimension, period: Period, filter: Filter): Promise<Row[]> {
    const asked: Array<[string | null, string | null, number, Quantity, string]> = [];
    expectedRows(
      raw,
      (procedure, view, age, q, onDate) => {
        asked.push([procedure, view, age, q, onDate]);
        return { drl: null, target: null, reference_set: null, reference_weight_kg: null };
      },
      quantity,
      dimension,
      period,
      filter,
      today,
    );
    await loadReferences(asked);
    return expectedRows(
      raw,
      (procedure, view, age, q, onDate) => references.get(JSON.stringify([procedure, view, age, q, onDate]))!,
      quantity,
      dimension,
      period,
      filter,
      today,
    );
  }

  const forSite = (quantity: Quantity, dimension: Dimension, period: Period, filter: Filter) =>
    rpcRows(service, 'dose_analysis_for_site', { site: DEMO_SITE_ID, quantity, dimension, period, filter });

  async function planOf(dimension: Dimension, period: Period, filter: Filter): Promise<string> {
    const { rows } = await world.env.db.query<{ plan: string }>(
      'select private.dose_plan($1, $2, (private.parse_dose_filter($3, $4::jsonb)).f) as plan',
      [dimension, period, DEMO_SITE_ID, JSON.stringify(filter)],
    );
    return rows[0]!.plan;
  }

  async function checkAll(
    quantities: readonly Quantity[],
    dimensions: readonly Dimension[],
    periods: readonly Period[],
    filters: Filter[],
  ) {
    for (const quantity of quantities)
      for (const filter of filters)
        for (const dimension of dimensions)
          for (const period of periods) {
            const actual = await forSite(quantity, dimension, period, filter);
            plans.add(await planOf(dimension, period, filter));
            const context = `${quantity} by ${dimension} per ${period} with ${JSON.stringify(filter)}`;
            expect({ context, rows: comparable(actual) }).toEqual({
              context,
              rows: comparable(await expected(quantity, dimension, period, filter)),
            });
            expect(actual.every((r) => r.scope === 'department' && r.dimension === dimension && r.quantity === quantity)).toBe(true);
            compared += actual.length;
          }
  }

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    service = world.service;
    const procedures = await idsByCode(service, 'procedures');
    const reasons = await idsByCode(service, 'reject_reasons');
    // the references: the Dutch chest PA through the procedure's exam key; the department's own values for others
    const mapped = await service.from('procedures').update({ reference_exam: 'chest-pa' }).eq('id', procedures['thorax']!);
    if (mapped.error) throw new Error(mapped.error.message);
    const own = await service.from('drls').insert(
      [
        ['bekken', 'dap', 'Gy·cm²', 2.0, 1.2],
        ['knie', 'dap', 'Gy·cm²', 0.05, null],
        ['mammo', 'organ_dose', 'mGy', 2.0, 1.4],
      ].map(([procedure, quantity, unit, drl, target]) => ({
        site_id: DEMO_SITE_ID,
        procedure_id: procedures[procedure as string],
        label: `test ${procedure}`,
        quantity,
        unit,
        drl_value: drl,
        target_value: target,
        source: 'the department (test)',
        valid_from: '2020-01-01',
      })),
    );
    if (own.error) throw new Error(own.error.message);

    const random = createRandom(1128);
    const specs = [
      ...Array.from({ length: 420 }, () => radiography(random, procedures)),
      ...chestRooms(random, procedures),
      ...ctStudies(random, procedures),
      ...mammograms(random, procedures),
    ];
    // reasons on some rejected images: most count as rejects, a few are test/QC (no patient dose: left out)
    let k = 0;
    for (const s of specs) if (s.row['rejected']) s.reason = k++ % 4 === 0 ? 'test_qc' : 'positioning';
    await write(service, specs, reasons);
    raw = await readRaw(service);
    const { rows } = await world.env.db.query<{ today: string }>(`select to_char(current_date, 'YYYY-MM-DD') as today`);
    today = rows[0]!.today;
  });
  afterAll(async () => {
    await world?.env.close();
  });

  it('holds the index the test means: every case present', () => {
    const images = raw.images;
    expect(images.length).toBeGreaterThan(650);
    const testQc = new Set(raw.reasons.filter((r) => !r.counts_as_reject).map((r) => r.id));
    expect(raw.rejects.some((r) => testQc.has(r.reason_id) && raw.images.find((i) => i.id === r.image_id)?.dap_gy_cm2 !== null)).toBe(true);
    expect(images.some((i) => i.patient_age_years === 16 || i.patient_age_years === 17)).toBe(true);
    expect(images.some((i) => i.modality === 'CT' && i.rejected)).toBe(true);
    expect(images.some((i) => i.study_date === null && i.dap_gy_cm2 !== null)).toBe(true);
    expect(images.some((i) => i.patient_weight_kg !== null)).toBe(true);
    expect(images.some((i) => i.rejected)).toBe(true);
    const dap = images.map((i) => i.dap_gy_cm2).filter((v) => v !== null);
    expect(new Set(dap).size).toBeLessThan(dap.length);
    for (const q of QUANTITIES) expect(unitsOf(raw, q).length).toBeGreaterThan(20);
    // a CT series counts once, not per slice
    expect(unitsOf(raw, 'ctdivol').length).toBeLessThan(images.filter((i) => i.ctdivol_mgy !== null).length / 2);
  });

  it('compares the three chest PA rooms with the Dutch DRN 0.12 and streefwaarde 0.06 Gy·cm², with the 77 kg fit', async () => {
    const rows = await forSite('dap', 'room', 'all', { procedures: ['thorax'], views: ['PA'] });
    const byRoom = Object.fromEntries(rows.map((r) => [r.key, r]));
    expect(byRoom['RAD-KAMER1']).toMatchObject({ drl: 0.12, target: 0.06, reference_set: 'nl-drn-2012', status: 'above_drl' });
    expect(byRoom['RAD-KAMER2']).toMatchObject({ drl: 0.12, target: 0.06, status: 'above_target' });
    expect(byRoom['RAD-KAMER3']).toMatchObject({ drl: 0.12, target: 0.06, status: 'at_or_below_target' });
    for (const room of ['RAD-KAMER1', 'RAD-KAMER2', 'RAD-KAMER3']) {
      expect(byRoom[room]!.fit_n).toBeGreaterThanOrEqual(3);
      expect(byRoom[room]!.at_reference_weight).not.toBeNull();
      expect(byRoom[room]!.fit_r2).toBeGreaterThan(0);
    }
    // too_few still shows the median
    const knee = await forSite('dap', 'room', 'month', { procedures: ['knie'] });
    expect(knee.some((r) => r.status === 'too_few' && r.median > 0 && r.drl === 0.05)).toBe(true);
  });

  it('equals the independent computation for every dimension, period and filter (DAP), on the rollup and on the doses', async () => {
    await checkAll(['dap'], DIMENSIONS, PERIODS, FILTERS);
    expect([...plans].sort()).toEqual(['cells:0', 'cells:1', 'cells:2', 'cells:3', 'scan']);
  });

  it('equals it for CTDIvol (per CT series), DLP (per CT study) and organ dose (AGD)', async () => {
    await checkAll(['ctdivol', 'dlp', 'organ_dose'], DIMENSIONS, ['month', 'all'], [{}, { images: 'all', adults_only: false }]);
    await checkAll(['organ_dose'], ['room'], ['all'], [{ thickness_min: 40, thickness_max: 60 }]);
    expect(compared).toBeGreaterThan(500);
  });

  it('follows the data: an image added, a reason that becomes test/QC, a date moved, a reason that stops counting', async () => {
    const procedures = await idsByCode(service, 'procedures');
    const reasons = await idsByCode(service, 'reject_reasons');
    const random = createRandom(77);
    await write(
      service,
      [
        radiography(random, procedures, {
          study_date: '2025-03-14',
          station_name: 'RAD-KAMER2',
          procedure_id: procedures['thorax'],
          view_position: 'PA',
          rejected: false,
          patient_age_years: 40,
        }),
      ],
      reasons,
    );
    const rejected = raw.images.find((i) => i.rejected && i.dap_gy_cm2 !== null && i.study_date !== null)!;
    const changed = await service
      .from('rejects')
      .upsert(
        { site_id: DEMO_SITE_ID, image_id: rejected.id, reason_id: reasons['test_qc'], recorded_by: FATIMA, source: 'person' },
        { onConflict: 'image_id' },
      );
    expect(changed.error).toBeNull();
    const moved = raw.images.find((i) => !i.rejected && i.dap_gy_cm2 !== null && i.study_date?.startsWith('2025-02'))!;
    expect((await service.from('images').update({ study_date: '2025-11-30', patient_weight_kg: 81 }).eq('id', moved.id)).error).toBeNull();
    expect((await service.from('reject_reasons').update({ counts_as_reject: false }).eq('id', reasons['positioning']!)).error).toBeNull();
    raw = await readRaw(service);
    await checkAll(['dap'], ['room', 'procedure'], ['month', 'all'], [{}, { images: 'all' }, { images: 'rejected' }]);
    expect((await service.from('reject_reasons').update({ counts_as_reject: true }).eq('id', reasons['positioning']!)).error).toBeNull();
    raw = await readRaw(service);
    await checkAll(['dap'], ['room'], ['quarter'], [{ images: 'all' }]);
  });

  it('marks too_few by the minimum the site’s admin sets (a radiographer cannot change it)', async () => {
    const petra = await world.as.petra.from('sites').update({ dose_min_images: 2 }).eq('id', DEMO_SITE_ID).select('id');
    expect(petra.data ?? []).toHaveLength(0);
    const before = await forSite('dap', 'room', 'month', {});
    expect(before.some((r) => r.status === 'too_few')).toBe(true);
    const jeroen = await world.as.jeroen.from('sites').update({ dose_min_images: 3 }).eq('id', DEMO_SITE_ID).select('id');
    expect(jeroen.data).toHaveLength(1);
    raw = await readRaw(service);
    expect(raw.site.dose_min_images).toBe(3);
    await checkAll(['dap'], ['room'], ['month'], [{}]);
    const after = await forSite('dap', 'room', 'month', {});
    expect(after.filter((r) => r.status === 'too_few').length).toBeLessThan(before.filter((r) => r.status === 'too_few').length);
    expect((await world.as.jeroen.from('sites').update({ dose_min_images: 0 }).eq('id', DEMO_SITE_ID)).error).not.toBeNull();
    expect((await world.as.jeroen.from('sites').update({ dose_min_images: 20 }).eq('id', DEMO_SITE_ID)).error).toBeNull();
    raw = await readRaw(service);
  });

  describe('who sees what', () => {
    const COLLEAGUES: Record<'petra' | 'anna', string[]> = {
      petra: [DAAN, JURGEN, ELIF, SANNE, ANNA, 'Daan Smit', 'Jürgen Müller', 'Elif Öztürk', 'Sanne Visser', 'Anna de Vries', 'raw:PJ'],
      anna: [PETRA, DAAN, JURGEN, ELIF, SANNE, 'Petra Jansen', 'Daan Smit', 'Jürgen Müller', 'Elif Öztürk', 'Sanne Visser', 'raw:PJ'],
    };

    it('gives a radiographer and a reviewer their own rows and the department’s, never a colleague by name', async () => {
      for (const [login, me] of [
        ['petra', PETRA],
        ['anna', ANNA],
      ] as const) {
        for (const dimension of DIMENSIONS)
          for (const period of ['month', 'all'] as const) {
            const rows = await rpcRows(world.as[login], 'dose_analysis', { quantity: 'dap', dimension, period, filter: {} });
            const own = rows.filter((r) => r.scope === 'own');
            const department = rows.filter((r) => r.scope === 'department');
            expect(own.length + department.length).toBe(rows.length);
            expect(comparable(own)).toEqual(comparable(await expected('dap', dimension, period, { radiographers: [me] })));
            const collapsed = dimension === 'radiographer' ? 'all' : dimension;
            expect(comparable(department)).toEqual(comparable(await expected('dap', collapsed, period, {})));
            const text = JSON.stringify(rows);
            for (const colleague of COLLEAGUES[login]) expect(text).not.toContain(colleague);
          }
      }
    });

    it('refuses a radiographer’s filter on a colleague, dose_analysis_for_site to signed-in people, and anon', async () => {
      for (const filter of [{ radiographers: [DAAN] }, { radiographers: [PETRA, DAAN] }]) {
        const analysis = await world.as.petra.rpc('dose_analysis', { quantity: 'dap', dimension: 'room', period: 'all', filter });
        expect(analysis.error?.code).toBe('42501');
        const above = await world.as.petra.rpc('dose_exposures_above_drl', { quantity: 'dap', filter });
        expect(above.error?.code).toBe('42501');
        const acquisition = await world.as.petra.rpc('dose_acquisition', { filter });
        expect(acquisition.error?.code).toBe('42501');
      }
      for (const client of [world.as.petra, world.as.fatima, world.as.jeroen]) {
        const { data, error } = await client.rpc('dose_analysis_for_site', {
          site: DEMO_SITE_ID,
          quantity: 'dap',
          dimension: 'room',
          period: 'all',
          filter: {},
        });
        expect(error).not.toBeNull();
        expect(data).toBeNull();
      }
      const anon = world.env.client();
      for (const [fn, args] of [
        ['dose_analysis', { quantity: 'dap', dimension: 'room', period: 'all', filter: {} }],
        ['dose_exposures_above_drl', { quantity: 'dap', filter: {} }],
        ['dose_acquisition', { filter: {} }],
        ['dose_analysis_for_site', { site: DEMO_SITE_ID, quantity: 'dap', dimension: 'room', period: 'all', filter: {} }],
      ] as const) {
        const { data, error } = await anon.rpc(fn, args);
        expect(error).not.toBeNull();
        expect(data).toBeNull();
      }
      const rollup = await world.as.fatima.schema('private').from('dose_rollup_values').select('*');
      expect(rollup.error).not.toBeNull();
    });

    it('refuses bad arguments with the field named (22023)', async () => {
      const bad: Array<[Record<string, unknown>, RegExp]> = [
        [{ quantity: 'kerma', dimension: 'room', period: 'all', filter: {} }, /quantity/],
        [{ quantity: 'dap', dimension: 'view', period: 'all', filter: {} }, /dimension/],
        [{ quantity: 'dap', dimension: 'room', period: 'decade', filter: {} }, /period/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { colour: 1 } }, /colour/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { procedures: ['nope'] } }, /filter\.procedures/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { from: '2025-02-30' } }, /filter\.from/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { from: '2025-03-01', to: '2025-02-01' } }, /filter\.from/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { images: 'some' } }, /filter\.images/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { adults_only: 'yes' } }, /filter\.adults_only/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { weight_min: -3 } }, /filter\.weight_min/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { weight_min: 90, weight_max: 50 } }, /filter\.weight_min/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { thickness_max: '60' } }, /filter\.thickness_max/],
        [{ quantity: 'dap', dimension: 'room', period: 'all', filter: { age_bands: ['teen'] } }, /filter\.age_bands/],
      ];
      for (const [args, message] of bad) {
        const { error } = await world.as.fatima.rpc('dose_analysis', args);
        expect({ args, code: error?.code }).toEqual({ args, code: '22023' });
        expect(error?.message).toMatch(message);
      }
    });

    it('gives quality officers and admins the department named, and audits reading by radiographer', async () => {
      const audits = async () => {
        const { data, error } = await service.from('audit_log').select('actor_id, details').eq('action', 'dose.read_named').order('id');
        if (error) throw new Error(error.message);
        return data as Array<{ actor_id: string | null; details: Record<string, unknown> }>;
      };
      const start = (await audits()).length;
      const byRoom = await rpcRows(world.as.fatima, 'dose_analysis', { quantity: 'dap', dimension: 'room', period: 'month', filter: {} });
      expect(comparable(byRoom)).toEqual(comparable(await expected('dap', 'room', 'month', {})));
      expect(await audits()).toHaveLength(start);
      for (const login of ['fatima', 'jeroen'] as const) {
        const rows = await rpcRows(world.as[login], 'dose_analysis', {
          quantity: 'dap',
          dimension: 'radiographer',
          period: 'all',
          filter: {},
        });
        expect(rows.every((r) => r.scope === 'department')).toBe(true);
        expect(comparable(rows)).toEqual(comparable(await expected('dap', 'radiographer', 'all', {})));
        expect(rows.some((r) => r.key === DAAN && r.label === 'Daan Smit')).toBe(true);
      }
      const entries = (await audits()).slice(start);
      expect(entries.map((e) => e.actor_id)).toEqual([FATIMA, DEMO_PEOPLE.jeroen.personId]);
      expect(entries[0]?.details).toMatchObject({ function: 'dose_analysis', quantity: 'dap', dimension: 'radiographer' });
      await world.as.fatima.rpc('dose_exposures_above_drl', { quantity: 'dap', filter: { radiographers: [DAAN] } });
      expect((await audits()).slice(start)).toHaveLength(3);
    });
  });

  it('lists the single doses above their DRN, highest first (radiographers only their own)', async () => {
    const operators = operatorKeys(raw);
    const expectAbove = async (quantity: Quantity, filter: Filter) => {
      const units = selectUnits(raw, quantity, filter);
      await loadReferences(units.map((u) => [u.procedureId, u.view, u.age as number, quantity, u.date ?? today]));
      return units
        .map((u) => ({ u, r: references.get(JSON.stringify([u.procedureId, u.view, u.age, quantity, u.date ?? today]))! }))
        .filter(({ u, r }) => u.procedureId !== null && r.drl !== null && u.value > r.drl)
        .map(({ u, r }) => ({ sop: u.image.sop_instance_uid, value: u.value, drl: r.drl, percent: close((100 * u.value) / r.drl!) }))
        .sort((a, b) => a.sop.localeCompare(b.sop));
    };
    const actual = (rows: Array<Record<string, unknown>>) =>
      rows
        .map((r) => ({
          sop: r['sop_instance_uid'] as string,
          value: r['value'],
          drl: r['drl'],
          percent: close(r['percent_of_drl'] as number),
        }))
        .sort((a, b) => a.sop.localeCompare(b.sop));

    const all = await rpcRows<Record<string, unknown>>(world.as.fatima, 'dose_exposures_above_drl', {
      quantity: 'dap',
      filter: { adults_only: false },
    });
    expect(actual(all)).toEqual(await expectAbove('dap', { adults_only: false }));
    expect(all.length).toBeGreaterThan(10);
    const ratios = all.map((r) => (r['value'] as number) / (r['drl'] as number));
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect(
      all.every(
        (r) => r['unit'] === 'Gy·cm²' && typeof r['series_instance_uid'] === 'string' && typeof r['study_instance_uid'] === 'string',
      ),
    ).toBe(true);

    const ct = await rpcRows<Record<string, unknown>>(world.as.fatima, 'dose_exposures_above_drl', {
      quantity: 'ctdivol',
      filter: { images: 'all' },
    });
    expect(actual(ct)).toEqual(await expectAbove('ctdivol', { images: 'all' }));

    const petra = await rpcRows<Record<string, unknown>>(world.as.petra, 'dose_exposures_above_drl', { quantity: 'dap', filter: {} });
    expect(actual(petra)).toEqual(await expectAbove('dap', { radiographers: [PETRA] }));
    expect(
      petra.every((r) => (operators.get(raw.images.find((i) => i.sop_instance_uid === r['sop_instance_uid'])!.id) ?? []).includes(PETRA)),
    ).toBe(true);

    const capped = await world.as.fatima.rpc('dose_exposures_above_drl', { quantity: 'dap', filter: {}, max_rows: 2 });
    expect(capped.data).toHaveLength(2);
    expect((await world.as.fatima.rpc('dose_exposures_above_drl', { quantity: 'dap', filter: {}, max_rows: 0 })).error?.code).toBe('22023');
  });

  it('gives the acquisition per room × procedure × view: median kVp, mAs, distance and the DI in the site’s bands', async () => {
    const check = async (filter: Filter) => {
      const rows = await rpcRows<Record<string, unknown>>(world.as.anna, 'dose_acquisition', { filter });
      const reasons = new Map(raw.reasons.map((r) => [r.id, r]));
      const rejectOf = new Map(raw.rejects.map((r) => [r.image_id, r]));
      const code = new Map(raw.procedures.map((p) => [p.id, p.code]));
      const modalities = filter.modalities?.map((m) => m.toUpperCase());
      const images = raw.images.filter((i) => {
        const reject = i.rejected ? rejectOf.get(i.id) : undefined;
        if (reject && reasons.get(reject.reason_id)?.counts_as_reject === false) return false;
        if (!modalities && i.modality === 'CT') return false;
        if (modalities && !modalities.includes(i.modality ?? '')) return false;
        if (filter.rooms && !filter.rooms.includes(i.station_name ?? '\u0000')) return false;
        if (filter.adults_only !== false && i.patient_age_years !== null && i.patient_age_years < 18) return false;
        const kind = filter.images ?? 'accepted';
        return kind === 'all' || i.rejected === (kind === 'rejected');
      });
      const median = (values: Array<number | null>) => {
        const s = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
        return s.length === 0 ? null : close(percentile(s, 0.5));
      };
      const groups = new Map<string, Image[]>();
      for (const i of images) {
        const key = JSON.stringify([i.station_name, i.procedure_id ? code.get(i.procedure_id) : null, i.view_position]);
        groups.set(key, [...(groups.get(key) ?? []), i]);
      }
      const { dose_di_fine: fine, dose_di_attention: attention } = raw.site;
      const expectedRows = [...groups.entries()].map(([key, list]) => {
        const abs = list.map((i) => (i.deviation_index === null ? null : Math.abs(i.deviation_index)));
        return {
          key,
          n: list.length,
          kvp: median(list.map((i) => i.kvp)),
          mas: median(list.map((i) => i.exposure_mas)),
          distance: median(list.map((i) => i.distance_source_detector_mm)),
          fine: abs.filter((d) => d !== null && d <= fine).length,
          attention: abs.filter((d) => d !== null && d > fine && d <= attention).length,
          action: abs.filter((d) => d !== null && d > attention).length,
          unknown: abs.filter((d) => d === null).length,
        };
      });
      const actualRows = rows.map((r) => ({
        key: JSON.stringify([r['station_name'], r['procedure_code'], r['view_position']]),
        n: r['n'],
        kvp: close(r['median_kvp'] as number | null),
        mas: close(r['median_exposure_mas'] as number | null),
        distance: close(r['median_distance_source_detector_mm'] as number | null),
        fine: r['di_fine'],
        attention: r['di_attention'],
        action: r['di_action'],
        unknown: r['di_unknown'],
      }));
      const byKey = (list: Array<{ key: string }>) => [...list].sort((a, b) => (a.key < b.key ? -1 : 1));
      expect(byKey(actualRows)).toEqual(byKey(expectedRows));
      expect(rows.some((r) => r['room_label'] === 'Kamer 1')).toBe(true);
    };
    await check({});
    await check({ images: 'all', adults_only: false, modalities: ['DX', 'CT'] });
    // the bands are the site's: its admin changes them
    const changed = await world.as.jeroen
      .from('sites')
      .update({ dose_di_fine: 0.5, dose_di_attention: 2 })
      .eq('id', DEMO_SITE_ID)
      .select('id');
    expect(changed.data).toHaveLength(1);
    raw = await readRaw(service);
    await check({ rooms: ['RAD-KAMER1', 'RAD-KAMER2'] });
    expect(
      (await world.as.jeroen.from('sites').update({ dose_di_fine: 4, dose_di_attention: 2 }).eq('id', DEMO_SITE_ID)).error,
    ).not.toBeNull();
    const petra = await world.as.petra.from('sites').update({ dose_min_images: 2 }).eq('id', DEMO_SITE_ID).select('id');
    expect(petra.data ?? []).toHaveLength(0);
  });
});
