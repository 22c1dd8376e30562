/**
 * The lesson data layer (src/data/lessons.ts) against the local stand-in on both engines, through the supabase-js
 * calls the lesson UI makes: Fatima builds a lesson (cases, teaching points, order), exports it as a Key Object
 * Selection, and the file — read back with dcmjs as another viewer would — says 113004 and references her images;
 * Petra imports it and gets the same lesson (title, cases, order, images, teaching points), private to her; a KOS
 * referencing images the index lacks lists them; bad files give a clear error and make nothing.
 */
import path from 'node:path';
import dcmjs from 'dcmjs';
import WebSocket from 'ws';
import { DEMO_PASSWORD, DEMO_PEOPLE, DEMO_SITE_ID } from '@iqs/demo-department';
import { lessonKosDataset } from '@iqs/domain';
import { createIqsClient, type IqsClient, signIn } from '../../src/data';
import { encodePart10 } from '../../src/data/kosFile';
import { createLessonData } from '../../src/data/lessons';
import type { Lesson, LessonData } from '../../src/lessons/lessonPorts';
import { ENGINES, memoryStorage, startTestSupabase, type TestSupabase } from '../../../../test/support/engines';

const PROJECT = path.resolve(__dirname, '../../../../backend/supabase');
const ROOT = '1.2.826.0.1.3680043.10.1467.96';
const DX = '1.2.840.10008.5.1.4.1.1.1.1';

jest.setTimeout(180_000);

const image = (n: number, operator: string) => ({
  object: 'image',
  sop_instance_uid: `${ROOT}.${n}.1.1`,
  study_instance_uid: `${ROOT}.${n}`,
  series_instance_uid: `${ROOT}.${n}.1`,
  sop_class_uid: DX,
  modality: 'DX',
  study_date: '2026-03-02',
  station_name: 'RAD-KAMER1',
  study_description: 'X-Knie AP/LAT',
  view_position: 'AP',
  operator_names: [operator],
  rejected: false,
  source: 'file',
  source_ref: `${n}.dcm`,
});
const sop = (n: number): string => `${ROOT}.${n}.1.1`;

/** what must survive an exchange: title, cases in order, their images in order, teaching points */
const essence = (lesson: Lesson) => ({
  title: lesson.title,
  cases: lesson.cases.map((c) => ({ position: c.position, teachingPoint: c.teachingPoint, images: c.images.map((i) => i.sopInstanceUid) })),
});

describe.each(ENGINES)('the lesson data layer on %s', (engine) => {
  let env: TestSupabase;
  let fatima: LessonData;
  let petra: LessonData;
  let lessonId: string;

  const signedIn = async (email: string): Promise<IqsClient> => {
    const client = createIqsClient(
      { supabaseUrl: env.supabase.url, supabaseAnonKey: env.supabase.anonKey },
      { auth: { storage: memoryStorage(), autoRefreshToken: false }, realtime: { transport: WebSocket as never } },
    );
    expect(await signIn(client, email, DEMO_PASSWORD)).toEqual({ ok: true });
    return client;
  };

  beforeAll(async () => {
    env = await startTestSupabase(engine, { migrationsDir: path.join(PROJECT, 'migrations'), seedFile: path.join(PROJECT, 'seed.sql') });
    const service = env.client(env.supabase.serviceRoleKey);
    const records = [1, 2, 3, 4, 5].map((n) => image(n, n % 2 ? 'Jansen^Petra' : 'Smit^Daan'));
    const { error } = await service.rpc('ingest_records', { site: DEMO_SITE_ID, records });
    if (error) throw new Error(error.message);
    fatima = createLessonData(await signedIn(DEMO_PEOPLE.fatima.email), () => new Date('2026-11-28T09:00:00Z'));
    petra = createLessonData(await signedIn(DEMO_PEOPLE.petra.email));

    const created = await fatima.createLesson({ title: 'Knie AP — positionering', description: 'Voor de afdelingsbespreking' });
    lessonId = created.id;
    expect(created).toMatchObject({ mine: true, shared: false, caseCount: 0 });
    const first = await fatima.addCase(lessonId, [{ sopInstanceUid: sop(2) }, { sopInstanceUid: sop(1) }], {
      teachingPoint: 'Gewrichtsspleet vrij.\nPatella centraal.',
      origin: 'reject_analysis',
    });
    expect(first.images.map((i) => i.sopInstanceUid)).toEqual([sop(2), sop(1)]);
    await fatima.addCase(lessonId, [{ sopInstanceUid: sop(3) }], { origin: 'viewer' });
    const third = await fatima.addCase(lessonId, [{ sopInstanceUid: sop(5) }], { teachingPoint: 'Goed voorbeeld' });
    await fatima.moveCase(third.id, 1);
    await fatima.updateCase(first.id, { showFacts: false });
  });
  afterAll(async () => {
    await env?.close();
  });

  it('lists, reads and changes a lesson; a colleague’s change is refused, not silently ignored', async () => {
    const lesson = await fatima.lesson(lessonId);
    expect(essence(lesson)).toEqual({
      title: 'Knie AP — positionering',
      cases: [
        { position: 1, teachingPoint: 'Goed voorbeeld', images: [sop(5)] },
        { position: 2, teachingPoint: 'Gewrichtsspleet vrij.\nPatella centraal.', images: [sop(2), sop(1)] },
        { position: 3, teachingPoint: null, images: [sop(3)] },
      ],
    });
    expect(lesson.cases[1]?.showFacts).toBe(false);
    expect(lesson.cases[0]?.images[0]).toMatchObject({
      studyInstanceUid: `${ROOT}.5`,
      sopClassUid: DX,
      modality: 'DX',
      facts: { rejected: false },
    });
    expect((await fatima.listLessons()).find((l) => l.id === lessonId)).toMatchObject({ caseCount: 3, imageCount: 4, shared: false });
    expect((await petra.listLessons()).some((l) => l.id === lessonId)).toBe(false);
    await fatima.updateLesson(lessonId, { shared: true });
    expect((await petra.listLessons()).find((l) => l.id === lessonId)).toMatchObject({ mine: false, shared: true });
    await expect(petra.updateLesson(lessonId, { title: 'Gekaapt' })).rejects.toMatchObject({ code: '42501' });
    await expect(petra.updateCase(lesson.cases[0]?.id as string, { teachingPoint: 'x' })).rejects.toMatchObject({ code: '42501' });
    await expect(petra.deleteLesson(lessonId)).rejects.toMatchObject({ code: '42501' });
    await expect(fatima.addCase(lessonId, [{ sopInstanceUid: '1.2.3.4' }])).rejects.toThrow(/not in this site's image index: 1\.2\.3\.4/u);
    expect(essence(await fatima.lesson(lessonId))).toEqual(essence(lesson));
  });

  it('exports a KOS that dcmjs reads with title 113004 and the lesson’s references; importing it gives the same lesson', async () => {
    const file = await fatima.exportKos(lessonId);
    expect(file.fileName).toBe('Knie-AP-positionering.kos.dcm');
    const buffer = file.bytes.buffer.slice(file.bytes.byteOffset, file.bytes.byteOffset + file.bytes.byteLength) as ArrayBuffer;
    type Item = Record<string, unknown>;
    const items = (value: unknown): Item[] => (Array.isArray(value) ? (value as Item[]) : []);
    const read = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buffer).dict);
    expect(read['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.59');
    expect(items(read['ConceptNameCodeSequence'])[0]).toMatchObject({ CodeValue: '113004', CodingSchemeDesignator: 'DCM' });
    const referenced = items(read['ContentSequence'])
      .filter((item) => item['ValueType'] === 'IMAGE')
      .map((item) => items(item['ReferencedSOPSequence'])[0]?.['ReferencedSOPInstanceUID']);
    expect(referenced).toEqual([sop(5), sop(2), sop(1), sop(3)]);
    const evidence = items(read['CurrentRequestedProcedureEvidenceSequence']).map((s) => s['StudyInstanceUID']);
    expect(evidence).toEqual([`${ROOT}.5`, `${ROOT}.2`, `${ROOT}.1`, `${ROOT}.3`]);
    // no patient identity: the type 2 attributes present and empty
    const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));
    for (const keyword of ['PatientName', 'PatientID', 'PatientBirthDate', 'AccessionNumber'])
      expect({ keyword, present: keyword in read, value: text(read[keyword]) }).toEqual({ keyword, present: true, value: '' });

    const imported = await petra.importKos(file.bytes);
    expect(imported.titleCode).toBe('113004');
    expect(imported.missing).toEqual([]);
    expect(imported.lesson).toMatchObject({ mine: true, shared: false, caseCount: 3, imageCount: 4 });
    expect(essence(await petra.lesson(imported.lesson.id))).toEqual(essence(await fatima.lesson(lessonId)));
    // and Fatima does not see Petra's import
    expect((await fatima.listLessons()).some((l) => l.id === imported.lesson.id)).toBe(false);
  });

  it('imports a KOS whose images the index lacks: the others kept, the missing listed', async () => {
    const dataset = lessonKosDataset(
      {
        title: 'Van elders',
        cases: [
          {
            teachingPoint: 'Twee opnamen',
            images: [
              { studyInstanceUid: `${ROOT}.4`, seriesInstanceUid: `${ROOT}.4.1`, sopInstanceUid: sop(4), sopClassUid: DX },
              { studyInstanceUid: '1.2.999', seriesInstanceUid: '1.2.999.1', sopInstanceUid: '1.2.999.1.1', sopClassUid: DX },
            ],
          },
        ],
      },
      { studyInstanceUid: '1.2.998', seriesInstanceUid: '1.2.998.1', sopInstanceUid: '1.2.998.1.1', made: new Date() },
    );
    const result = await petra.importKos(await encodePart10(dataset), { title: 'Geïmporteerd' });
    expect(result).toMatchObject({
      missing: ['1.2.999.1.1'],
      titleCode: '113004',
      lesson: { title: 'Geïmporteerd', caseCount: 1, imageCount: 1 },
    });
    expect(essence(await petra.lesson(result.lesson.id)).cases).toEqual([{ position: 1, teachingPoint: 'Twee opnamen', images: [sop(4)] }]);
  });

  it('refuses a file that is no KOS, naming what is wrong, and makes no lesson', async () => {
    const before = (await petra.listLessons()).length;
    await expect(petra.importKos(new TextEncoder().encode('not dicom at all'))).rejects.toThrow(/not a DICOM file/u);
    const image = await encodePart10({ SOPClassUID: DX, SOPInstanceUID: '1.2.3.4', Modality: 'DX' });
    await expect(petra.importKos(image)).rejects.toThrow(/is not a Key Object Selection Document/u);
    expect((await petra.listLessons()).length).toBe(before);
  });
});
