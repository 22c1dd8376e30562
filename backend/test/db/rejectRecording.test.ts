/**
 * Recording rejects (issue 10, pillar 1), through supabase-js on both engines, signed in as the demo people:
 * rejection notes (KOS files the test builds, read by the ingestion's own reader) make images rejected in either
 * arrival order and bring the modality's CID 7011 reason; a person records, changes or confirms a reason, marks an
 * image rejected in IQS and undoes it; the database writes the audit rows with the earlier values; everything a
 * radiographer may not do on a colleague's image is refused; the worklist of rejects to explain and an image's
 * reject status for each role. Images are written as the ingestion writes them (ingest_records, service role); the
 * expectations come from the raw rows, read back through the service role.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { lineFromFile } from '../../src/ingest/ingestLine';
import { ENGINES, startTestSupabase, type TestSupabase } from '../../../test/support/engines';
import {
  QUALITY_REASONS,
  rejectionNote,
  rejectionNoteWithModifier,
  type QualityReason,
  type RejectionCode,
} from '../support/dicomFixtures';
import { code } from '../support/dicomFixtures/sr';

jest.setTimeout(300_000);

const MIGRATIONS = path.resolve(__dirname, '../../supabase/migrations');
const SEED = path.resolve(__dirname, '../../supabase/seed.sql');
const ROOT = '1.2.826.0.1.3680043.10.1467.81';

const PETRA = DEMO_PEOPLE.petra.personId;
const FATIMA = DEMO_PEOPLE.fatima.personId;
const OTHER_SITE_ID = 'a0000000-0000-4000-8000-0000000000fd';

type Login = keyof typeof DEMO_PEOPLE;
type Operator = 'Jansen^Petra' | 'Smit^Daan' | 'Mulder^Fatima' | 'Stagiair^Sam';

/** byte order, as the SQL's collate "C" */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

interface ImageRow {
  id: string;
  sop_instance_uid: string;
  rejected: boolean;
  reject_source: string | null;
  rejected_by: string | null;
  rejected_at: string | null;
  iocm_title: string | null;
  iocm_note_date: string | null;
  study_date: string | null;
}
interface RejectRow {
  id: string;
  image_id: string;
  reason_id: string;
  comment: string | null;
  source: string;
  recorded_by: string | null;
  recorded_at: string;
}
interface AuditRow {
  id: number;
  actor_id: string | null;
  action: string;
  target_table: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

describe.each(ENGINES)('recording rejects on %s', (engine) => {
  let env: TestSupabase;
  let service: SupabaseClient;
  const as = {} as Record<Login, SupabaseClient>;
  let folder: string;
  let files = 0;
  let imageCounter = 0;
  let noteCounter = 0;
  /** reasons of the demo site by code (DCM and IQS codes do not overlap) */
  const reason: Record<string, string> = {};
  let inactiveReason: string;
  let otherSiteReason: string;

  // --- writing as the ingestion does -------------------------------------------------------------------------
  const ingest = async (records: object[]): Promise<void> => {
    const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records });
    if (error) throw new Error(`ingest_records: ${error.message}`);
  };

  /** an image record as the ingestion makes it (the operators resolve through the seed's aliases) */
  const imageRecord = (operators: Operator[], date: string, study = `${ROOT}.${++imageCounter}`) => ({
    object: 'image',
    sop_instance_uid: `${study}.1.1`,
    study_instance_uid: study,
    series_instance_uid: `${study}.1`,
    sop_class_uid: '1.2.840.10008.5.1.4.1.1.1.1',
    modality: 'DX',
    study_date: date,
    station_name: 'RAD-KAMER1',
    study_description: 'X-Thorax PA/LAT',
    view_position: 'PA',
    operator_names: operators,
    rejected: false,
    source: 'file',
    source_ref: `/images/${study}.dcm`,
  });

  interface NoteSpec {
    study: string;
    rejects: string[];
    title?: RejectionCode;
    reason?: QualityReason;
    /** other Document Title Modifier codes, before the reason */
    otherModifiers?: ReturnType<typeof code>[];
    contentDate?: string;
  }

  /** a rejection note built as a DICOM file and read by the ingestion's reader: the record it sends */
  const noteRecord = async (spec: NoteSpec): Promise<Record<string, unknown>> => {
    const options = {
      studyInstanceUid: spec.study,
      title: spec.title,
      studyDate: '20260301',
      sopInstanceUid: `${ROOT}.900.${++noteCounter}`,
      contentDate: spec.contentDate,
      rejects: spec.rejects.map((sop) => ({ seriesInstanceUid: sop.split('.').slice(0, -1).join('.'), sopInstanceUid: sop })),
    };
    const modifiers = [...(spec.otherModifiers ?? []), ...(spec.reason ? [QUALITY_REASONS[spec.reason]] : [])];
    const fixture = modifiers.length > 0 ? rejectionNoteWithModifier({ ...options, modifiers }) : rejectionNote(options);
    const name = path.join(folder, `${++files}.dcm`);
    writeFileSync(name, fixture.file);
    const line = await lineFromFile(name, new Map());
    if ('error' in line) throw new Error(line.error);
    expect(line).toMatchObject({
      object: 'rejection_note',
      reason_code: fixture.expected.reason_code,
      note_date: fixture.expected.note_date,
    });
    const { file, ...record } = line;
    return { ...record, source: 'file', source_ref: file };
  };

  // --- reading the raw rows ----------------------------------------------------------------------------------
  const imageRow = async (sop: string): Promise<ImageRow> => {
    const { data, error } = await service
      .from('images')
      .select('id, sop_instance_uid, rejected, reject_source, rejected_by, rejected_at, iocm_title, iocm_note_date, study_date')
      .eq('sop_instance_uid', sop)
      .single();
    if (error) throw new Error(error.message);
    return data as ImageRow;
  };
  const rejectOf = async (imageId: string): Promise<RejectRow | null> => {
    const { data, error } = await service.from('rejects').select('*').eq('image_id', imageId).maybeSingle();
    if (error) throw new Error(error.message);
    return data as RejectRow | null;
  };
  const auditOf = async (imageId: string): Promise<AuditRow[]> => {
    const { data, error } = await service.from('audit_log').select('*').eq('target_id', imageId).order('id');
    if (error) throw new Error(error.message);
    return data as AuditRow[];
  };
  const allRows = async <T>(table: string, columns = '*'): Promise<T[]> => {
    const { data, error } = await service.from(table).select(columns);
    if (error) throw new Error(error.message);
    return data as T[];
  };
  const rpcError = async (client: SupabaseClient, fn: string, args: object) => {
    const { error } = await client.rpc(fn, args);
    return error ? { code: error.code, message: error.message } : null;
  };

  /** a rejected image of these operators (a 113001 note without a reason), its row */
  const rejectedImage = async (operators: Operator[], date = '2026-03-01'): Promise<ImageRow> => {
    const record = imageRecord(operators, date);
    await ingest([record, await noteRecord({ study: record.study_instance_uid, rejects: [record.sop_instance_uid] })]);
    return imageRow(record.sop_instance_uid);
  };
  const acceptedImage = async (operators: Operator[], date = '2026-03-01'): Promise<ImageRow> => {
    const record = imageRecord(operators, date);
    await ingest([record]);
    return imageRow(record.sop_instance_uid);
  };

  beforeAll(async () => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-reject-recording-'));
    env = await startTestSupabase(engine, { migrationsDir: MIGRATIONS, seedFile: SEED });
    service = env.client(env.supabase.serviceRoleKey);
    for (const login of Object.keys(DEMO_PEOPLE) as Login[]) {
      const client = env.client();
      const { error } = await client.auth.signInWithPassword({ email: DEMO_PEOPLE[login].email, password: DEMO_PASSWORD });
      if (error) throw new Error(`sign-in as ${login} failed: ${error.message}`);
      as[login] = client;
    }
    for (const r of await allRows<{ id: string; code: string; site_id: string }>('reject_reasons', 'id, code, site_id'))
      if (r.site_id === DEMO_SITE_ID) reason[r.code] = r.id;
    inactiveReason = (
      await env.db.query<{ id: string }>(
        `insert into public.reject_reasons (site_id, coding_scheme, code, label_nl, label_en, category, active)
         values ($1, 'IQS', 'old_grid', 'Oud raster', 'Old grid', 'artefact', false) returning id`,
        [DEMO_SITE_ID],
      )
    ).rows[0]!.id;
    await env.db.query(`insert into public.sites (id, code, name) values ($1, 'elders-rr', 'Elders Ziekenhuis')`, [OTHER_SITE_ID]);
    otherSiteReason = (
      await env.db.query<{ id: string }>(
        `insert into public.reject_reasons (site_id, coding_scheme, code, label_nl, label_en, category)
         values ($1, 'IQS', 'positioning', 'Positionering', 'Positioning', 'positioning') returning id`,
        [OTHER_SITE_ID],
      )
    ).rows[0]!.id;
  });

  afterAll(async () => {
    await env?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  describe('the reason from the modality', () => {
    it('a KOS with a CID 7011 code pre-fills the reason when the note comes before the image', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-02');
      await ingest([
        await noteRecord({
          study: record.study_instance_uid,
          rejects: [record.sop_instance_uid],
          reason: '111209',
          contentDate: '20260303',
        }),
      ]);
      await ingest([record]);
      const img = await imageRow(record.sop_instance_uid);
      expect(img).toMatchObject({
        rejected: true,
        reject_source: 'iocm',
        iocm_title: '113001',
        iocm_note_date: '2026-03-03',
        rejected_by: null,
      });
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['111209'], source: 'modality', recorded_by: null, comment: null });
      const audit = await auditOf(img.id);
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([['reject.reason_recorded', null]]);
      expect(audit[0]!.details).toMatchObject({ image_id: img.id, new: { reason_code: '111209', source: 'modality', comment: null } });
    });

    it('… and when the note comes after the image', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-02');
      await ingest([record]);
      expect(await imageRow(record.sop_instance_uid)).toMatchObject({ rejected: false, reject_source: null, iocm_title: null });
      await ingest([
        await noteRecord({
          study: record.study_instance_uid,
          rejects: [record.sop_instance_uid],
          reason: '111210',
          contentDate: '20260304',
        }),
      ]);
      const img = await imageRow(record.sop_instance_uid);
      expect(img).toMatchObject({ rejected: true, reject_source: 'iocm', iocm_title: '113001', iocm_note_date: '2026-03-04' });
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['111210'], source: 'modality', recorded_by: null });
    });

    it('… and in one batch, in either order', async () => {
      for (const noteFirst of [true, false]) {
        const record = imageRecord(['Smit^Daan'], '2026-03-05');
        const note = await noteRecord({ study: record.study_instance_uid, rejects: [record.sop_instance_uid], reason: '111211' });
        await ingest(noteFirst ? [note, record] : [record, note]);
        const img = await imageRow(record.sop_instance_uid);
        expect({ noteFirst, rejected: img.rejected, reject: await rejectOf(img.id) }).toMatchObject({
          noteFirst,
          rejected: true,
          reject: { reason_id: reason['111211'], source: 'modality' },
        });
      }
    });

    it('a modifier with a code outside CID 7011 gives no reason, and a note without ContentDate is dated by its ingestion', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-02');
      await ingest([record]);
      const note = await noteRecord({
        study: record.study_instance_uid,
        rejects: [record.sop_instance_uid],
        otherModifiers: [code('RJ-17', '99PHILIPS', 'Herhaalopname')],
      });
      expect(note).toMatchObject({ reason_code: null });
      await ingest([{ ...note, note_date: null }]);
      const img = await imageRow(record.sop_instance_uid);
      const ingested = (
        await allRows<{ sop_instance_uid: string; ingested_at: string }>('rejection_notes', 'sop_instance_uid, ingested_at')
      ).find((n) => n.sop_instance_uid === note['sop_instance_uid']);
      expect(img).toMatchObject({ rejected: true, reject_source: 'iocm', iocm_note_date: ingested?.ingested_at.slice(0, 10) });
      expect(await rejectOf(img.id)).toBeNull();
    });

    it('other IOCM titles are kept as the image’s title, not as a reject; a 113001 note after them rejects it', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-02');
      await ingest([
        record,
        await noteRecord({
          study: record.study_instance_uid,
          rejects: [record.sop_instance_uid],
          title: '113038',
          contentDate: '20260305',
        }),
      ]);
      let img = await imageRow(record.sop_instance_uid);
      expect(img).toMatchObject({ rejected: false, reject_source: null, iocm_title: '113038', iocm_note_date: '2026-03-05' });
      await ingest([
        await noteRecord({
          study: record.study_instance_uid,
          rejects: [record.sop_instance_uid],
          reason: '111212',
          contentDate: '20260306',
        }),
      ]);
      img = await imageRow(record.sop_instance_uid);
      expect(img).toMatchObject({ rejected: true, reject_source: 'iocm', iocm_title: '113001', iocm_note_date: '2026-03-06' });
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['111212'], source: 'modality' });
    });

    it('re-ingesting the same note and image changes nothing', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-02');
      const note = await noteRecord({
        study: record.study_instance_uid,
        rejects: [record.sop_instance_uid],
        reason: '111214',
        contentDate: '20260307',
      });
      await ingest([note, record]);
      const img = await imageRow(record.sop_instance_uid);
      const before = {
        image: img,
        reject: await rejectOf(img.id),
        notes: await allRows('rejection_notes'),
        audit: (await allRows('audit_log')).length,
      };
      await ingest([note]);
      await ingest([record, note]);
      expect({
        image: await imageRow(record.sop_instance_uid),
        reject: await rejectOf(img.id),
        notes: await allRows('rejection_notes'),
        audit: (await allRows('audit_log')).length,
      }).toEqual(before);
    });

    it('a person’s reason is never overwritten by a note; a later note’s reason replaces an earlier note’s', async () => {
      const img = await rejectedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['motion'] })).toBeNull();
      const mine = await rejectOf(img.id);
      await ingest([
        await noteRecord({
          study: img.sop_instance_uid.split('.').slice(0, -2).join('.'),
          rejects: [img.sop_instance_uid],
          reason: '111209',
        }),
      ]);
      expect(await rejectOf(img.id)).toEqual(mine);

      const other = imageRecord(['Jansen^Petra'], '2026-03-02');
      await ingest([
        other,
        await noteRecord({ study: other.study_instance_uid, rejects: [other.sop_instance_uid], reason: '111209', contentDate: '20260302' }),
      ]);
      await ingest([
        await noteRecord({ study: other.study_instance_uid, rejects: [other.sop_instance_uid], reason: '111213', contentDate: '20260303' }),
      ]);
      const otherRow = await imageRow(other.sop_instance_uid);
      expect(await rejectOf(otherRow.id)).toMatchObject({ reason_id: reason['111213'], source: 'modality' });
      // an earlier note read afterwards does not win over the later one
      await ingest([
        await noteRecord({ study: other.study_instance_uid, rejects: [other.sop_instance_uid], reason: '111216', contentDate: '20260301' }),
      ]);
      expect(await rejectOf(otherRow.id)).toMatchObject({ reason_id: reason['111213'], source: 'modality' });
    });
  });

  describe('a person records, changes and confirms a reason', () => {
    it('confirming the modality’s reason makes it the person’s; a change keeps the earlier value in the audit log', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-08');
      await ingest([record, await noteRecord({ study: record.study_instance_uid, rejects: [record.sop_instance_uid], reason: '111209' })]);
      const img = await imageRow(record.sop_instance_uid);

      // confirm: the same reason, now from Petra
      expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['111209'] })).toBeNull();
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['111209'], source: 'person', recorded_by: PETRA, comment: null });
      // change, with a comment (trimmed)
      expect(
        await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['positioning'], comment: '  knie gedraaid ' }),
      ).toBeNull();
      expect(await rejectOf(img.id)).toMatchObject({
        reason_id: reason['positioning'],
        source: 'person',
        recorded_by: PETRA,
        comment: 'knie gedraaid',
      });
      // the same again changes nothing, and neither does a quality officer giving the same answer
      const settled = await rejectOf(img.id);
      expect(
        await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['positioning'], comment: 'knie gedraaid' }),
      ).toBeNull();
      expect(
        await rpcError(as.fatima, 'record_reject_reason', { image: img.id, reason: reason['positioning'], comment: 'knie gedraaid' }),
      ).toBeNull();
      expect(await rejectOf(img.id)).toEqual(settled);
      // the quality officer changes the comment away (empty is none)
      expect(
        await rpcError(as.fatima, 'record_reject_reason', { image: img.id, reason: reason['positioning'], comment: '   ' }),
      ).toBeNull();
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['positioning'], comment: null, recorded_by: FATIMA });

      const audit = await auditOf(img.id);
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
        ['reject.reason_recorded', null],
        ['reject.reason_changed', PETRA],
        ['reject.reason_changed', PETRA],
        ['reject.reason_changed', FATIMA],
      ]);
      const pick = (v: unknown) => {
        const x = v as Record<string, unknown>;
        return { reason_code: x['reason_code'], comment: x['comment'], source: x['source'], recorded_by: x['recorded_by'] };
      };
      expect(audit.slice(1).map((a) => ({ earlier: pick(a.details['earlier']), new: pick(a.details['new']) }))).toEqual([
        {
          earlier: { reason_code: '111209', comment: null, source: 'modality', recorded_by: null },
          new: { reason_code: '111209', comment: null, source: 'person', recorded_by: PETRA },
        },
        {
          earlier: { reason_code: '111209', comment: null, source: 'person', recorded_by: PETRA },
          new: { reason_code: 'positioning', comment: 'knie gedraaid', source: 'person', recorded_by: PETRA },
        },
        {
          earlier: { reason_code: 'positioning', comment: 'knie gedraaid', source: 'person', recorded_by: PETRA },
          new: { reason_code: 'positioning', comment: null, source: 'person', recorded_by: FATIMA },
        },
      ]);
      // the audit rows are readable by the quality officer, Petra reads her own
      expect(((await as.fatima.from('audit_log').select('id').eq('target_id', img.id)).data ?? []).length).toBe(4);
      expect(((await as.petra.from('audit_log').select('id').eq('target_id', img.id)).data ?? []).length).toBe(2);
    });

    it('an admin records a reason on any image of the site; a removed reason is audited', async () => {
      const img = await rejectedImage(['Smit^Daan']);
      expect(await rpcError(as.jeroen, 'record_reject_reason', { image: img.id, reason: reason['under_exposure'] })).toBeNull();
      expect(await rejectOf(img.id)).toMatchObject({ source: 'person', recorded_by: DEMO_PEOPLE.jeroen.personId });
      const removed = await as.fatima.from('rejects').delete().eq('image_id', img.id).select('id');
      expect(removed.error).toBeNull();
      expect(removed.data).toHaveLength(1);
      const audit = await auditOf(img.id);
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
        ['reject.reason_recorded', DEMO_PEOPLE.jeroen.personId],
        ['reject.reason_removed', FATIMA],
      ]);
      expect(audit[1]!.details).toMatchObject({ earlier: { reason_code: 'under_exposure', source: 'person' } });
    });

    it('refuses bad input: an accepted image, an inactive or another site’s reason, a long comment, no reason', async () => {
      const accepted = await acceptedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'record_reject_reason', { image: accepted.id, reason: reason['positioning'] })).toEqual({
        code: '22023',
        message: expect.stringContaining('is not rejected'),
      });
      const img = await rejectedImage(['Jansen^Petra']);
      for (const bad of [inactiveReason, otherSiteReason, '00000000-0000-4000-8000-000000000000'])
        expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: bad })).toEqual({
          code: '22023',
          message: expect.stringContaining('is not an active reject reason of this site'),
        });
      expect(
        await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['other'], comment: 'x'.repeat(2001) }),
      ).toEqual({
        code: '22023',
        message: expect.stringContaining('2000'),
      });
      expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: null })).toMatchObject({ code: '22023' });
      expect(
        await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['other'], comment: 'x'.repeat(2000) }),
      ).toBeNull();
      expect(await auditOf(accepted.id)).toEqual([]);
    });

    it('refuses a reject row on an accepted image, whoever writes it', async () => {
      const accepted = await acceptedImage(['Jansen^Petra']);
      const row = { site_id: DEMO_SITE_ID, image_id: accepted.id, reason_id: reason['positioning'] };
      const byPetra = await as.petra.from('rejects').insert({ ...row, recorded_by: PETRA });
      expect({ code: byPetra.error?.code, message: byPetra.error?.message }).toEqual({
        code: '22023',
        message: expect.stringContaining('is not rejected'),
      });
      const byService = await service.from('rejects').insert({ ...row, recorded_by: PETRA });
      expect(byService.error?.code).toBe('22023');
      expect(await rejectOf(accepted.id)).toBeNull();
    });
  });

  describe('marking in IQS', () => {
    it('marks an accepted image rejected with its reason, idempotently, and undoes it; all audited', async () => {
      const img = await acceptedImage(['Jansen^Petra'], '2026-03-09');
      expect(
        await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: reason['positioning'], comment: 'arm in beeld' }),
      ).toBeNull();
      const marked = await imageRow(img.sop_instance_uid);
      expect(marked).toMatchObject({ rejected: true, reject_source: 'iqs', rejected_by: PETRA, iocm_title: null });
      expect(marked.rejected_at).not.toBeNull();
      expect(await rejectOf(img.id)).toMatchObject({
        reason_id: reason['positioning'],
        comment: 'arm in beeld',
        source: 'person',
        recorded_by: PETRA,
      });
      // again: nothing new
      expect(
        await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: reason['positioning'], comment: 'arm in beeld' }),
      ).toBeNull();
      expect(await imageRow(img.sop_instance_uid)).toEqual(marked);
      // on an image already rejected, only the reason
      expect(await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: reason['marker'] })).toBeNull();
      expect(await imageRow(img.sop_instance_uid)).toEqual(marked);
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['marker'], comment: null });

      const status = (await as.petra.rpc('image_reject_status', { sop_instance_uid: img.sop_instance_uid })).data as Array<
        Record<string, unknown>
      >;
      expect(status).toEqual([
        expect.objectContaining({ rejected: true, reject_source: 'iqs', noted_on: marked.rejected_at?.slice(0, 10), may_unmark: true }),
      ]);

      expect(await rpcError(as.petra, 'unmark_rejected', { image: img.id })).toBeNull();
      expect(await imageRow(img.sop_instance_uid)).toMatchObject({
        rejected: false,
        reject_source: null,
        rejected_by: null,
        rejected_at: null,
      });
      expect(await rejectOf(img.id)).toBeNull();
      // undoing again changes nothing
      expect(await rpcError(as.petra, 'unmark_rejected', { image: img.id })).toBeNull();

      const audit = await auditOf(img.id);
      expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
        ['image.marked_rejected', PETRA],
        ['reject.reason_recorded', PETRA],
        ['reject.reason_changed', PETRA],
        ['reject.reason_removed', PETRA],
        ['image.unmarked_rejected', PETRA],
      ]);
      expect(audit[4]!.details).toMatchObject({ earlier: { rejected_by: PETRA, rejected_at: expect.any(String) } });
    });

    it('a refused reason leaves the image unmarked', async () => {
      const img = await acceptedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: inactiveReason })).toMatchObject({ code: '22023' });
      expect(await imageRow(img.sop_instance_uid)).toMatchObject({ rejected: false, reject_source: null });
      expect(await auditOf(img.id)).toEqual([]);
    });

    it('only the person who marked, a quality officer or an admin undoes a marking; a note from the modality is not undone', async () => {
      const byFatima = await acceptedImage(['Jansen^Petra']);
      expect(await rpcError(as.fatima, 'mark_rejected', { image: byFatima.id, reason: reason['motion'] })).toBeNull();
      expect(await rpcError(as.petra, 'unmark_rejected', { image: byFatima.id })).toEqual({
        code: '42501',
        message: expect.stringContaining('only the person who marked'),
      });
      expect(await imageRow(byFatima.sop_instance_uid)).toMatchObject({ rejected: true, reject_source: 'iqs', rejected_by: FATIMA });
      expect(await rpcError(as.jeroen, 'unmark_rejected', { image: byFatima.id })).toBeNull();
      expect(await imageRow(byFatima.sop_instance_uid)).toMatchObject({ rejected: false });

      const byNote = await rejectedImage(['Jansen^Petra']);
      for (const who of ['petra', 'fatima', 'jeroen'] as const)
        expect({ who, error: await rpcError(as[who], 'unmark_rejected', { image: byNote.id }) }).toEqual({
          who,
          error: { code: '42501', message: expect.stringContaining('rejection note from the modality') },
        });
      expect(await imageRow(byNote.sop_instance_uid)).toMatchObject({ rejected: true, reject_source: 'iocm' });
    });

    it('an admin’s correction of `rejected` alone keeps the row consistent: no source, no reason, audited', async () => {
      const img = await acceptedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: reason['motion'] })).toBeNull();
      // (no returned representation: images.rejected_by is not readable through the API, issue 12)
      const corrected = await as.jeroen.from('images').update({ rejected: false }).eq('id', img.id);
      expect(corrected.error).toBeNull();
      expect(await imageRow(img.sop_instance_uid)).toMatchObject({ rejected: false, reject_source: null });
      expect(await rejectOf(img.id)).toBeNull();
      expect((await auditOf(img.id)).map((a) => [a.action, a.actor_id])).toEqual([
        ['image.marked_rejected', PETRA],
        ['reject.reason_recorded', PETRA],
        ['image.unmarked_rejected', DEMO_PEOPLE.jeroen.personId],
        ['reject.reason_removed', DEMO_PEOPLE.jeroen.personId],
      ]);
      // and a rejected image written without a source counts as rejected outside IQS
      const written = await service
        .from('images')
        .insert({
          site_id: DEMO_SITE_ID,
          sop_instance_uid: `${ROOT}.777.1`,
          study_instance_uid: `${ROOT}.777`,
          series_instance_uid: `${ROOT}.777.2`,
          rejected: true,
          source: 'demo',
        })
        .select('reject_source')
        .single();
      expect(written.data).toEqual({ reject_source: 'iocm' });
    });

    it('a note from the modality on an image marked in IQS makes it the modality’s reject', async () => {
      const record = imageRecord(['Jansen^Petra'], '2026-03-10');
      await ingest([record]);
      const img = await imageRow(record.sop_instance_uid);
      expect(await rpcError(as.petra, 'mark_rejected', { image: img.id, reason: reason['positioning'] })).toBeNull();
      await ingest([await noteRecord({ study: record.study_instance_uid, rejects: [record.sop_instance_uid], reason: '111210' })]);
      expect(await imageRow(record.sop_instance_uid)).toMatchObject({
        rejected: true,
        reject_source: 'iocm',
        rejected_by: PETRA,
        iocm_title: '113001',
      });
      expect(await rejectOf(img.id)).toMatchObject({ reason_id: reason['positioning'], source: 'person' });
    });
  });

  describe('what a radiographer may not do on a colleague’s image', () => {
    it('Daan cannot record, read, mark or unmark on Petra’s images, nor write reasons in Petra’s name', async () => {
      const rejected = await rejectedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'record_reject_reason', { image: rejected.id, reason: reason['motion'] })).toBeNull();
      const accepted = await acceptedImage(['Jansen^Petra']);
      const marked = await acceptedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'mark_rejected', { image: marked.id, reason: reason['motion'] })).toBeNull();
      const before = {
        reject: await rejectOf(rejected.id),
        accepted: await imageRow(accepted.sop_instance_uid),
        marked: await imageRow(marked.sop_instance_uid),
      };

      for (const [fn, args] of [
        ['record_reject_reason', { image: rejected.id, reason: reason['positioning'] }],
        ['mark_rejected', { image: accepted.id, reason: reason['positioning'] }],
        ['unmark_rejected', { image: marked.id }],
      ] as const)
        expect({ fn, error: await rpcError(as.daan, fn, args) }).toEqual({ fn, error: { code: '42501', message: expect.any(String) } });

      // reads: no reason, no image, no status
      expect((await as.daan.from('rejects').select('id').eq('image_id', rejected.id)).data).toEqual([]);
      expect((await as.daan.from('images').select('id').eq('id', rejected.id)).data).toEqual([]);
      expect((await as.daan.rpc('image_reject_status', { sop_instance_uid: rejected.sop_instance_uid })).data).toEqual([]);

      // writes past the functions
      const insert = await as.daan.from('rejects').insert({
        site_id: DEMO_SITE_ID,
        image_id: (await rejectedImage(['Jansen^Petra'])).id,
        reason_id: reason['motion'],
        recorded_by: DEMO_PEOPLE.daan.personId,
      });
      expect(insert.error?.code).toBe('42501');
      const update = await as.daan.from('rejects').update({ reason_id: reason['positioning'] }).eq('image_id', rejected.id).select('id');
      expect(update.data ?? []).toEqual([]);
      const del = await as.daan.from('rejects').delete().eq('image_id', rejected.id).select('id');
      expect(del.data ?? []).toEqual([]);
      const imageUpdate = await as.daan.from('images').update({ rejected: false, reject_source: null }).eq('id', marked.id).select('id');
      expect(imageUpdate.data ?? []).toEqual([]);

      expect({
        reject: await rejectOf(rejected.id),
        accepted: await imageRow(accepted.sop_instance_uid),
        marked: await imageRow(marked.sop_instance_uid),
      }).toEqual(before);
    });

    it('a reviewer sees the image but neither its reason nor may record or mark', async () => {
      const img = await rejectedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['motion'] })).toBeNull();
      expect(await rpcError(as.anna, 'record_reject_reason', { image: img.id, reason: reason['positioning'] })).toMatchObject({
        code: '42501',
      });
      expect(
        await rpcError(as.anna, 'mark_rejected', { image: (await acceptedImage(['Jansen^Petra'])).id, reason: reason['positioning'] }),
      ).toMatchObject({
        code: '42501',
      });
      expect((await as.anna.from('rejects').select('id').eq('image_id', img.id)).data).toEqual([]);
    });

    it('nobody writes the audit rows of rejects or markings themselves, nor a reason from the modality', async () => {
      const img = await rejectedImage(['Jansen^Petra']);
      for (const action of [
        'reject.reason_recorded',
        'reject.reason_changed',
        'reject.reason_removed',
        'image.marked_rejected',
        'image.unmarked_rejected',
      ])
        for (const who of ['petra', 'fatima'] as const) {
          const forged = await as[who].from('audit_log').insert({
            site_id: DEMO_SITE_ID,
            actor_id: DEMO_PEOPLE[who].personId,
            action,
            target_table: 'images',
            target_id: img.id,
            details: { earlier: { reason_code: 'positioning' } },
          });
          expect({ who, action, code: forged.error?.code }).toEqual({ who, action, code: '42501' });
        }
      // nor any other entry in one's own name (since migration 28 only the database writes the log)
      const own = await as.petra.from('audit_log').insert({ site_id: DEMO_SITE_ID, actor_id: PETRA, action: 'evaluation.export' });
      expect(own.error?.code).toBe('42501');

      const modality = await as.petra.from('rejects').insert({
        site_id: DEMO_SITE_ID,
        image_id: img.id,
        reason_id: reason['111209'],
        source: 'modality',
        recorded_by: null,
      });
      expect(modality.error?.code).toBe('42501');
      expect(await auditOf(img.id)).toEqual([]);
    });
  });

  describe('my rejects to explain', () => {
    it('only the caller’s own rejected images without a person’s reason, oldest first; one drops out once explained', async () => {
      // a spread of images: by Petra, by Daan, by both, by Fatima; explained, with the modality's reason, accepted
      const made: ImageRow[] = [];
      for (const [operators, date, note] of [
        [['Jansen^Petra'], '2025-11-20', 'none'],
        [['Jansen^Petra'], '2025-11-18', '111209'],
        [['Jansen^Petra', 'Smit^Daan'], '2025-11-19', 'none'],
        [['Smit^Daan'], '2025-11-17', '111210'],
        [['Mulder^Fatima'], '2025-11-21', 'none'],
        [['Jansen^Petra'], '2025-11-22', 'accepted'],
        [['Stagiair^Sam'], '2025-11-16', 'none'],
      ] as const) {
        const record = imageRecord([...operators], date);
        await ingest([
          record,
          ...(note === 'accepted'
            ? []
            : [
                await noteRecord({
                  study: record.study_instance_uid,
                  rejects: [record.sop_instance_uid],
                  reason: note === 'none' ? undefined : note,
                }),
              ]),
        ]);
        made.push(await imageRow(record.sop_instance_uid));
      }
      const marked = await acceptedImage(['Jansen^Petra'], '2025-11-15');
      // marked by the quality officer, whose reason is then removed: Petra's to explain
      expect(await rpcError(as.fatima, 'mark_rejected', { image: marked.id, reason: reason['motion'] })).toBeNull();
      expect((await as.fatima.from('rejects').delete().eq('image_id', marked.id)).error).toBeNull();

      // the expectation, from the raw rows
      const images = await allRows<ImageRow>(
        'images',
        'id, sop_instance_uid, rejected, reject_source, rejected_at, iocm_title, iocm_note_date, study_date',
      );
      const operators = await allRows<{ image_id: string; person_id: string | null }>('image_operators', 'image_id, person_id');
      const rejects = await allRows<RejectRow>('rejects');
      const reasons = await allRows<{ id: string; code: string }>('reject_reasons', 'id, code');
      const expected = (person: string) =>
        images
          .filter((i) => i.rejected && operators.some((o) => o.image_id === i.id && o.person_id === person))
          .filter((i) => !rejects.some((r) => r.image_id === i.id && r.source === 'person'))
          .sort((a, b) => byText(a.study_date ?? '9', b.study_date ?? '9') || byText(a.sop_instance_uid, b.sop_instance_uid))
          .map((i) => {
            const suggestion = rejects.find((r) => r.image_id === i.id && r.source === 'modality');
            return {
              image_id: i.id,
              reject_source: i.reject_source,
              iocm_title: i.iocm_title,
              noted_on: i.reject_source === 'iqs' ? i.rejected_at?.slice(0, 10) : i.iocm_note_date,
              suggested_reason_id: suggestion?.reason_id ?? null,
              suggested_reason_code: reasons.find((r) => r.id === suggestion?.reason_id)?.code ?? null,
            };
          });
      const worklist = async (who: Login) => {
        const { data, error } = await as[who].rpc('rejects_to_explain');
        if (error) throw new Error(error.message);
        return (data as Array<Record<string, unknown>>).map((r) => ({
          image_id: r['image_id'],
          reject_source: r['reject_source'],
          iocm_title: r['iocm_title'],
          noted_on: r['noted_on'],
          suggested_reason_id: r['suggested_reason_id'],
          suggested_reason_code: r['suggested_reason_code'],
        }));
      };

      const petra = await worklist('petra');
      expect(petra).toEqual(expected(PETRA));
      // what this test made for her is in it, in order; the colleague's and the accepted image are not
      const mine = petra.map((r) => r.image_id).filter((id) => [marked.id, ...made.map((m) => m.id)].includes(id as string));
      expect(mine).toEqual([marked.id, made[1]!.id, made[2]!.id, made[0]!.id]);
      expect(petra.find((r) => r.image_id === made[1]!.id)).toMatchObject({ suggested_reason_code: '111209', reject_source: 'iocm' });
      expect(petra.find((r) => r.image_id === marked.id)).toMatchObject({ reject_source: 'iqs', suggested_reason_code: null });
      const full = ((await as.petra.rpc('rejects_to_explain')).data as Array<Record<string, unknown>>).find(
        (r) => r['image_id'] === made[2]!.id,
      );
      expect(full).toMatchObject({
        sop_instance_uid: made[2]!.sop_instance_uid,
        study_date: '2025-11-19',
        modality: 'DX',
        view_position: 'PA',
        station_name: 'RAD-KAMER1',
        procedure_code: expect.any(String),
        room_label: expect.any(String),
      });

      // whatever the role: only one's own images
      for (const [who, person] of [
        ['daan', DEMO_PEOPLE.daan.personId],
        ['fatima', FATIMA],
        ['jeroen', DEMO_PEOPLE.jeroen.personId],
        ['anna', DEMO_PEOPLE.anna.personId],
      ] as const)
        expect({ who, list: await worklist(who) }).toEqual({ who, list: expected(person) });
      expect((await worklist('fatima')).map((r) => r.image_id)).toContain(made[4]!.id);
      expect((await worklist('daan')).map((r) => r.image_id)).toEqual(expect.arrayContaining([made[2]!.id, made[3]!.id]));

      // explained by a person (Petra confirms the modality's reason; Fatima gives one for the shared image): gone
      expect(await rpcError(as.petra, 'record_reject_reason', { image: made[1]!.id, reason: reason['111209'] })).toBeNull();
      expect(await rpcError(as.fatima, 'record_reject_reason', { image: made[2]!.id, reason: reason['motion'] })).toBeNull();
      const after = (await worklist('petra')).map((r) => r.image_id);
      expect(after).not.toContain(made[1]!.id);
      expect(after).not.toContain(made[2]!.id);
      expect(after).toContain(made[0]!.id);
      expect((await worklist('daan')).map((r) => r.image_id)).not.toContain(made[2]!.id);
    });
  });

  describe('an image’s reject status, for each role', () => {
    const status = async (who: Login, sop: string) => {
      const { data, error } = await as[who].rpc('image_reject_status', { sop_instance_uid: sop });
      if (error) throw new Error(error.message);
      return data as Array<Record<string, unknown>>;
    };

    it('a rejected image with a reason from Petra', async () => {
      const img = await rejectedImage(['Jansen^Petra']);
      expect(await rpcError(as.petra, 'record_reject_reason', { image: img.id, reason: reason['motion'], comment: 'bewogen' })).toBeNull();
      const reject = (await rejectOf(img.id)) as RejectRow;
      const withReason = {
        image_id: img.id,
        rejected: true,
        reject_source: 'iocm',
        iocm_title: '113001',
        noted_on: img.iocm_note_date,
        reason_id: reason['motion'],
        reason_code: 'motion',
        reason_nl: 'Beweging',
        reason_en: 'Motion',
        reason_category: 'motion',
        reason_source: 'person',
        comment: 'bewogen',
        recorded_at: expect.any(String),
        may_mark: false,
        may_unmark: false,
      };
      const [petraRow] = await status('petra', img.sop_instance_uid);
      expect(new Date(petraRow!['recorded_at'] as string).getTime()).toBe(new Date(reject.recorded_at).getTime());
      expect(await status('petra', img.sop_instance_uid)).toEqual([{ ...withReason, may_record: true }]);
      expect(await status('fatima', img.sop_instance_uid)).toEqual([{ ...withReason, may_record: true }]);
      expect(await status('jeroen', img.sop_instance_uid)).toEqual([{ ...withReason, may_record: true }]);
      // the reviewer sees the image and that it is rejected, not the reason
      expect(await status('anna', img.sop_instance_uid)).toEqual([
        {
          ...withReason,
          reason_id: null,
          reason_code: null,
          reason_nl: null,
          reason_en: null,
          reason_category: null,
          reason_source: null,
          comment: null,
          recorded_at: null,
          may_record: false,
        },
      ]);
      expect(await status('daan', img.sop_instance_uid)).toEqual([]);
    });

    it('an accepted image, one marked in IQS by the quality officer, and one named by a non-quality note', async () => {
      const accepted = await acceptedImage(['Jansen^Petra']);
      const may = async (who: Login, sop: string) =>
        (await status(who, sop)).map((r) => ({
          rejected: r['rejected'],
          record: r['may_record'],
          mark: r['may_mark'],
          unmark: r['may_unmark'],
        }));
      expect(await may('petra', accepted.sop_instance_uid)).toEqual([{ rejected: false, record: false, mark: true, unmark: false }]);
      expect(await may('fatima', accepted.sop_instance_uid)).toEqual([{ rejected: false, record: false, mark: true, unmark: false }]);
      expect(await may('jeroen', accepted.sop_instance_uid)).toEqual([{ rejected: false, record: false, mark: true, unmark: false }]);
      expect(await may('anna', accepted.sop_instance_uid)).toEqual([{ rejected: false, record: false, mark: false, unmark: false }]);
      expect(await may('daan', accepted.sop_instance_uid)).toEqual([]);

      expect(await rpcError(as.fatima, 'mark_rejected', { image: accepted.id, reason: reason['positioning'] })).toBeNull();
      const marked = await imageRow(accepted.sop_instance_uid);
      expect(await may('petra', accepted.sop_instance_uid)).toEqual([{ rejected: true, record: true, mark: false, unmark: false }]);
      expect(await may('fatima', accepted.sop_instance_uid)).toEqual([{ rejected: true, record: true, mark: false, unmark: true }]);
      expect(await may('jeroen', accepted.sop_instance_uid)).toEqual([{ rejected: true, record: true, mark: false, unmark: true }]);
      expect(await may('anna', accepted.sop_instance_uid)).toEqual([{ rejected: true, record: false, mark: false, unmark: false }]);
      expect((await status('petra', accepted.sop_instance_uid))[0]).toMatchObject({
        reject_source: 'iqs',
        iocm_title: null,
        noted_on: marked.rejected_at?.slice(0, 10),
        reason_code: 'positioning',
        reason_source: 'person',
      });

      const record = imageRecord(['Jansen^Petra'], '2026-03-11');
      await ingest([
        record,
        await noteRecord({
          study: record.study_instance_uid,
          rejects: [record.sop_instance_uid],
          title: '113039',
          contentDate: '20260312',
        }),
      ]);
      expect((await status('petra', record.sop_instance_uid))[0]).toMatchObject({
        rejected: false,
        reject_source: null,
        iocm_title: '113039',
        noted_on: '2026-03-12',
        may_mark: true,
      });
    });

    it('none for an image that does not exist; nothing for anon', async () => {
      const img = await rejectedImage(['Jansen^Petra']);
      expect(await status('petra', '1.2.3.4.5.6.7.8.9')).toEqual([]);
      const anon = env.client();
      const { error } = await anon.rpc('image_reject_status', { sop_instance_uid: img.sop_instance_uid });
      expect(error).not.toBeNull();
      const { error: anonRecord } = await anon.rpc('record_reject_reason', { image: img.id, reason: reason['motion'] });
      expect(anonRecord).not.toBeNull();
      expect(await rejectOf(img.id)).toBeNull();
    });
  });
});
