/**
 * The yearly coverage plan computed from the raw rows (README "The yearly coverage plan"), independently of the SQL
 * under test: images, image_operators, people, procedures, evaluations, evaluation_items and coverage_targets read
 * with the service role. Used by the db test (backend/test/db/coveragePlan.test.ts) and the browser test
 * (test/e2e/coverage.e2e.ts).
 */
import type { SupabaseClient } from '@supabase/supabase-js';

export interface MatrixRow {
  person_id: string;
  display_name: string;
  procedure_id: string;
  procedure_code: string;
  procedure_name_nl: string;
  procedure_name_en: string;
  performed: number;
  self_evaluations: number;
  target: number;
  covered: boolean;
}
export interface PeerRow {
  person_id: string;
  display_name: string;
  performed: number;
  peer_reviews: number;
  last_review: string | null;
  target: number;
  due: boolean;
}

export interface CoverageRawRows {
  images: Array<{ id: string; site_id: string; procedure_id: string | null; study_date: string | null; rejected: boolean }>;
  operators: Array<{ image_id: string; person_id: string | null }>;
  people: Array<{ id: string; site_id: string; display_name: string; active: boolean }>;
  procedures: Array<{ id: string; code: string; name_nl: string; name_en: string }>;
  evaluations: Array<{
    id: string;
    site_id: string;
    use: string;
    evaluator_id: string;
    subject_person_id: string | null;
    status: string;
    closed_at: string | null;
  }>;
  items: Array<{ evaluation_id: string; image_id: string; state: string }>;
  targets: Array<{ site_id: string; self_evaluations_per_procedure: number; peer_reviews_per_radiographer: number }>;
}

/** every row of a table through the service role, in pages of 1000 */
async function readAll<T>(service: SupabaseClient, table: string, columns: string, order: string[]): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    let query = service.from(table).select(columns);
    for (const column of order) query = query.order(column);
    const { data, error } = await query.range(offset, offset + 999);
    if (error) throw new Error(`${table}: ${error.message}`);
    out.push(...(data as T[]));
    if ((data as T[]).length < 1000) return out;
  }
}

export async function readCoverageRows(service: SupabaseClient): Promise<CoverageRawRows> {
  return {
    images: await readAll(service, 'images', 'id, site_id, procedure_id, study_date, rejected', ['id']),
    operators: await readAll(service, 'image_operators', 'image_id, person_id', ['image_id', 'position']),
    people: await readAll(service, 'people', 'id, site_id, display_name, active', ['id']),
    procedures: await readAll(service, 'procedures', 'id, code, name_nl, name_en', ['id']),
    evaluations: await readAll(service, 'evaluations', 'id, site_id, use, evaluator_id, subject_person_id, status, closed_at', ['id']),
    items: await readAll(service, 'evaluation_items', 'evaluation_id, image_id, state', ['id']),
    targets: await readAll(service, 'coverage_targets', 'site_id, self_evaluations_per_procedure, peer_reviews_per_radiographer', [
      'site_id',
    ]),
  };
}

/** closed_at as a day in the database's time zone (the test checks it is UTC) */
const dayOf = (timestamp: string): string => new Date(timestamp).toISOString().slice(0, 10);
const within = (day: string | null, from: string, to: string): boolean => day !== null && day >= from && day <= to;

/** The plan's definitions (README "The yearly coverage plan"), from the raw rows. */
export function expectedCoverage(raw: CoverageRawRows, site: string, from: string, to: string): { matrix: MatrixRow[]; peers: PeerRow[] } {
  const target = raw.targets.find((t) => t.site_id === site);
  const selfTarget = target?.self_evaluations_per_procedure ?? 1;
  const peerTarget = target?.peer_reviews_per_radiographer ?? 1;
  const people = new Map(raw.people.map((p) => [p.id, p]));
  const procedures = new Map(raw.procedures.map((p) => [p.id, p]));
  const images = new Map(raw.images.map((i) => [i.id, i]));

  // performed: per person, the distinct accepted images of the period, of the site, they are an operator of
  const imagesOf = new Map<string, Set<string>>();
  for (const o of raw.operators) {
    const image = images.get(o.image_id);
    const person = o.person_id ? people.get(o.person_id) : undefined;
    if (!image || !person || !person.active || image.site_id !== site || image.rejected) continue;
    if (!within(image.study_date, from, to)) continue;
    imagesOf.set(person.id, (imagesOf.get(person.id) ?? new Set()).add(image.id));
  }
  // self-evaluations: per (evaluator, procedure) the closed ones of the period holding a scored image of it
  const selfCount = new Map<string, number>();
  for (const e of raw.evaluations) {
    if (e.site_id !== site || e.use !== 'self' || e.status !== 'closed' || !e.closed_at) continue;
    if (!within(dayOf(e.closed_at), from, to)) continue;
    const procs = new Set(
      raw.items
        .filter((it) => it.evaluation_id === e.id && it.state === 'scored')
        .map((it) => images.get(it.image_id)?.procedure_id)
        .filter((p): p is string => !!p),
    );
    for (const p of procs) selfCount.set(`${e.evaluator_id}|${p}`, (selfCount.get(`${e.evaluator_id}|${p}`) ?? 0) + 1);
  }

  const matrix: MatrixRow[] = [];
  const peers: PeerRow[] = [];
  for (const [personId, made] of imagesOf) {
    const person = people.get(personId)!;
    const byProcedure = new Map<string, number>();
    for (const id of made) {
      const p = images.get(id)!.procedure_id;
      if (p) byProcedure.set(p, (byProcedure.get(p) ?? 0) + 1);
    }
    for (const [procedureId, performed] of byProcedure) {
      const procedure = procedures.get(procedureId)!;
      const selfEvaluations = selfCount.get(`${personId}|${procedureId}`) ?? 0;
      matrix.push({
        person_id: personId,
        display_name: person.display_name,
        procedure_id: procedureId,
        procedure_code: procedure.code,
        procedure_name_nl: procedure.name_nl,
        procedure_name_en: procedure.name_en,
        performed,
        self_evaluations: selfEvaluations,
        target: selfTarget,
        covered: selfEvaluations >= selfTarget,
      });
    }
    const reviews = raw.evaluations.filter(
      (e) => e.site_id === site && e.use === 'peer' && e.status === 'closed' && e.subject_person_id === personId && e.closed_at,
    );
    const reviewDays = reviews.map((e) => dayOf(e.closed_at!)).filter((d) => d <= to);
    const inPeriod = reviewDays.filter((d) => d >= from).length;
    peers.push({
      person_id: personId,
      display_name: person.display_name,
      performed: made.size,
      peer_reviews: inPeriod,
      last_review: reviewDays.length > 0 ? reviewDays.sort().at(-1)! : null,
      target: peerTarget,
      due: inPeriod < peerTarget,
    });
  }
  const byKey =
    <T extends { person_id: string }>(key: (r: T) => string) =>
    (a: T, b: T) =>
      key(a) < key(b) ? -1 : 1;
  matrix.sort(byKey((r) => `${r.person_id}|${r.procedure_id}`));
  peers.sort(byKey((r) => r.person_id));
  return { matrix, peers };
}
