/**
 * A lesson as a Key Object Selection file (@iqs/domain lessonKos): written with the project's Part 10 writer and
 * read back with dcmjs, as another viewer or PACS would; IQS's own description parsed back; a foreign KOS (a rejection
 * note, as the demo writes it) read as one case per image; broken input refused with a clear error.
 */
import dcmjs from 'dcmjs';
import {
  KosError,
  lessonDescription,
  lessonKosDataset,
  newUid,
  parseLessonDescription,
  readLessonKos,
  uidFromUuid,
  type KosLesson,
} from '@iqs/domain';
import { writePart10, type DicomItem } from '../src/part10Writer';

const DX = '1.2.840.10008.5.1.4.1.1.1.1';
const CR = '1.2.840.10008.5.1.4.1.1.1';
const SR = '1.2.840.10008.5.1.4.1.1.88.67';
const KOS = '1.2.840.10008.5.1.4.1.1.88.59';

const image = (study: number, series: number, n: number, sopClassUid = DX) => ({
  studyInstanceUid: `1.2.826.0.1.3680043.10.1467.70.${study}`,
  seriesInstanceUid: `1.2.826.0.1.3680043.10.1467.70.${study}.${series}`,
  sopInstanceUid: `1.2.826.0.1.3680043.10.1467.70.${study}.${series}.${n}`,
  sopClassUid,
});

const LESSON: KosLesson = {
  title: 'Knie AP — positionering, één les',
  cases: [
    {
      teachingPoint: 'Gewrichtsspleet vrij projecteren.\nDe patella staat centraal.\n\nLet op: rotatie',
      images: [image(1, 1, 1), image(1, 2, 1, CR)],
    },
    { teachingPoint: null, images: [image(2, 1, 1)] },
    { teachingPoint: 'Dosisrapport bij de opname', images: [image(1, 1, 2), image(2, 9, 1, SR)] },
  ],
};

const identity = () => ({
  studyInstanceUid: newUid(),
  seriesInstanceUid: newUid(),
  sopInstanceUid: newUid(),
  made: new Date('2026-11-28T10:11:12Z'),
});

function readWithDcmjs(file: Uint8Array): Record<string, unknown> {
  const buffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  const dict = dcmjs.data.DicomMessage.readFile(buffer);
  return dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
}

type Item = Record<string, unknown> & { ContentSequence?: Item[] };

describe('a lesson as a Key Object Selection Document', () => {
  const ids = identity();
  const file = writePart10(lessonKosDataset(LESSON, ids) as DicomItem);
  const read = readWithDcmjs(file);

  it('is a KOS titled (113004, DCM, "For Teaching") with its own new UIDs and no patient identity', () => {
    expect(read['SOPClassUID']).toBe(KOS);
    expect(read['Modality']).toBe('KO');
    expect((read['ConceptNameCodeSequence'] as Item[])[0]).toMatchObject({
      CodeValue: '113004',
      CodingSchemeDesignator: 'DCM',
      CodeMeaning: 'For Teaching',
    });
    expect(read['ContentTemplateSequence']).toMatchObject([{ TemplateIdentifier: '2010' }]);
    expect([read['StudyInstanceUID'], read['SeriesInstanceUID'], read['SOPInstanceUID']]).toEqual([
      ids.studyInstanceUid,
      ids.seriesInstanceUid,
      ids.sopInstanceUid,
    ]);
    expect(new Set([ids.studyInstanceUid, ids.seriesInstanceUid, ids.sopInstanceUid]).size).toBe(3);
    for (const uid of [ids.studyInstanceUid, ids.sopInstanceUid]) expect(uid).toMatch(/^2\.25\.\d{1,39}$/u);
    // type 2: present, empty
    const text = (v: unknown): string => (Array.isArray(v) ? v.join('') : String(v ?? ''));
    for (const keyword of ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'AccessionNumber', 'ReferringPhysicianName'])
      expect({ keyword, present: keyword in read, value: text(read[keyword]) }).toEqual({ keyword, present: true, value: '' });
  });

  it('lists every referenced instance in the evidence by study and series, with its SOP class', () => {
    const evidence = (read['CurrentRequestedProcedureEvidenceSequence'] as Item[]).flatMap((study) =>
      (study['ReferencedSeriesSequence'] as Item[]).flatMap((series) =>
        (series['ReferencedSOPSequence'] as Item[]).map((sop) => ({
          studyInstanceUid: study['StudyInstanceUID'],
          seriesInstanceUid: series['SeriesInstanceUID'],
          sopInstanceUid: sop['ReferencedSOPInstanceUID'],
          sopClassUid: sop['ReferencedSOPClassUID'],
        })),
      ),
    );
    const all = LESSON.cases.flatMap((c) => c.images);
    expect(evidence).toHaveLength(all.length);
    expect(new Set(evidence.map((e) => JSON.stringify(e)))).toEqual(new Set(all.map((e) => JSON.stringify(e))));
    // one item per study, per series within it
    expect((read['CurrentRequestedProcedureEvidenceSequence'] as Item[]).map((s) => s['StudyInstanceUID'])).toEqual([
      image(1, 1, 1).studyInstanceUid,
      image(2, 1, 1).studyInstanceUid,
    ]);
  });

  it('holds the description first, then one IMAGE or COMPOSITE item per image in lesson order', () => {
    const content = read['ContentSequence'] as Item[];
    const [description, ...items] = content;
    expect(description).toMatchObject({
      RelationshipType: 'CONTAINS',
      ValueType: 'TEXT',
      ConceptNameCodeSequence: [{ CodeValue: '113012', CodingSchemeDesignator: 'DCM' }],
    });
    expect(String(description?.['TextValue'])).toContain('IQS lesson: Knie AP — positionering, één les');
    expect(String(description?.['TextValue'])).toContain('Case 1 of 3, images 1-2: Gewrichtsspleet vrij projecteren.');
    expect(
      items.map((item) => [
        item['ValueType'],
        (item['ReferencedSOPSequence'] as Item[])[0]?.['ReferencedSOPInstanceUID'],
        item['RelationshipType'],
      ]),
    ).toEqual(
      LESSON.cases.flatMap((c) => c.images).map((i) => [i.sopClassUid === SR ? 'COMPOSITE' : 'IMAGE', i.sopInstanceUid, 'CONTAINS']),
    );
  });

  it('reads back as the same lesson: title, cases in order, the grouping of images, the teaching points', () => {
    const back = readLessonKos(read);
    expect(back.titleCode).toBe('113004');
    expect(back.fromIqs).toBe(true);
    expect(back.title).toBe(LESSON.title);
    expect(back.cases).toEqual(
      LESSON.cases.map((c) => ({
        teachingPoint: c.teachingPoint,
        images: c.images.map((i) => ({ ...i })),
      })),
    );
  });
});

describe('reading a Key Object Selection from elsewhere', () => {
  it('gives one case per referenced image of a foreign KOS, and reports its title code', () => {
    // an IOCM rejection note as a modality writes it (the demo's shape): no IQS description
    const note = {
      SOPClassUID: KOS,
      SOPInstanceUID: '1.2.3.9',
      StudyInstanceUID: '1.2.3',
      SeriesInstanceUID: '1.2.3.8',
      Modality: 'KO',
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [{ CodeValue: '113001', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Rejected for Quality Reasons' }],
      CurrentRequestedProcedureEvidenceSequence: [
        {
          StudyInstanceUID: '1.2.3',
          ReferencedSeriesSequence: [
            {
              SeriesInstanceUID: '1.2.3.1',
              ReferencedSOPSequence: [
                { ReferencedSOPClassUID: DX, ReferencedSOPInstanceUID: '1.2.3.1.1' },
                { ReferencedSOPClassUID: DX, ReferencedSOPInstanceUID: '1.2.3.1.2' },
              ],
            },
          ],
        },
      ],
      ContentSequence: [
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'TEXT',
          ConceptNameCodeSequence: [{ CodeValue: '113012', CodingSchemeDesignator: 'DCM', CodeMeaning: 'Key Object Description' }],
          TextValue: 'Two exposures repeated after motion',
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'IMAGE',
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: DX, ReferencedSOPInstanceUID: '1.2.3.1.2' }],
        },
        {
          RelationshipType: 'CONTAINS',
          ValueType: 'IMAGE',
          ReferencedSOPSequence: [{ ReferencedSOPClassUID: DX, ReferencedSOPInstanceUID: '1.2.3.1.1' }],
        },
      ],
    };
    const back = readLessonKos(readWithDcmjs(writePart10(note)));
    expect(back).toMatchObject({ titleCode: '113001', titleMeaning: 'Rejected for Quality Reasons', title: null, fromIqs: false });
    expect(back.description).toBe('Two exposures repeated after motion');
    expect(back.cases).toEqual(
      ['1.2.3.1.2', '1.2.3.1.1'].map((uid) => ({
        teachingPoint: null,
        images: [{ sopInstanceUid: uid, sopClassUid: DX, studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.1' }],
      })),
    );
  });

  it('does not trust an IQS description that disagrees with the references', () => {
    const dataset = lessonKosDataset(LESSON, identity()) as Record<string, unknown> & { ContentSequence: Item[] };
    // the second image's item left out of the content tree (the evidence still lists it)
    const cut = { ...dataset, ContentSequence: dataset.ContentSequence.filter((_, i) => i !== 2) };
    const back = readLessonKos(readWithDcmjs(writePart10(cut as DicomItem)));
    expect(back.fromIqs).toBe(false);
    // one case per image: the content tree's, then the one only the evidence references
    const uids = LESSON.cases.flatMap((c) => c.images).map((i) => i.sopInstanceUid);
    expect(back.cases.map((c) => c.images.map((i) => i.sopInstanceUid))).toEqual(
      [...uids.filter((_, i) => i !== 1), uids[1]].map((u) => [u]),
    );
  });

  it('refuses what is no KOS it can read, saying what is wrong', () => {
    const base = lessonKosDataset(LESSON, identity());
    const cases: Array<[string, Record<string, unknown>, RegExp, string]> = [
      [
        'another SOP class',
        { ...base, SOPClassUID: DX },
        /SOP Class 1\.2\.840\.10008\.5\.1\.4\.1\.1\.1\.1 is not a Key Object Selection/u,
        'not_kos',
      ],
      ['no title', { ...base, ConceptNameCodeSequence: undefined }, /no document title/u, 'no_title'],
      [
        'no references',
        { ...base, CurrentRequestedProcedureEvidenceSequence: undefined, ContentSequence: [(base['ContentSequence'] as Item[])[0]] },
        /references no instance/u,
        'no_references',
      ],
      [
        'an image item without a UID',
        { ...base, ContentSequence: [{ RelationshipType: 'CONTAINS', ValueType: 'IMAGE' }] },
        /IMAGE content item references no SOP Instance UID/u,
        'bad_reference',
      ],
    ];
    for (const [what, dataset, message, reason] of cases) {
      const read = readWithDcmjs(writePart10(dataset as DicomItem));
      expect({
        what,
        error: (() => {
          try {
            readLessonKos(read);
            return null;
          } catch (e) {
            return e instanceof KosError ? `${e.reason}: ${e.message}` : String(e);
          }
        })(),
      }).toEqual({
        what,
        error: expect.stringMatching(new RegExp(`^${reason}: .*${message.source}`, 'u')),
      });
    }
    expect(() => readLessonKos({})).toThrow(/no SOP Class UID/u);
  });

  it('refuses to write a lesson without images or with an image lacking its SOP class', () => {
    expect(() => lessonKosDataset({ title: 'Leeg', cases: [] }, identity())).toThrow(/no images/u);
    expect(() =>
      lessonKosDataset({ title: 'x', cases: [{ teachingPoint: null, images: [{ ...image(1, 1, 1), sopClassUid: '' }] }] }, identity()),
    ).toThrow(/no valid SOPClassUID/u);
  });
});

describe('the description text', () => {
  it('round-trips titles and teaching points with several lines, blank lines and leading spaces', () => {
    const text = lessonDescription(LESSON);
    expect(text.split('\n')[0]).toBe('IQS lesson: Knie AP — positionering, één les');
    expect(parseLessonDescription(text)).toEqual({
      title: LESSON.title,
      cases: LESSON.cases.map((c) => ({ teachingPoint: c.teachingPoint, imageCount: c.images.length })),
    });
  });

  it('is not IQS’s when its lines are not', () => {
    expect(parseLessonDescription('Interesting cases')).toBeNull();
    expect(parseLessonDescription('IQS lesson: x\nCase 2 of 2, image 1')).toBeNull();
    expect(parseLessonDescription('IQS lesson: x\nCase 1 of 1, image 1\nsomething else')).toBeNull();
  });

  it('makes 2.25 UIDs from UUIDs', () => {
    expect(uidFromUuid('00000000-0000-4000-8000-000000000001')).toBe(`2.25.${BigInt('0x00000000000040008000000000000001').toString()}`);
    expect(newUid()).not.toBe(newUid());
    expect(() => uidFromUuid('nope')).toThrow(/not a UUID/u);
  });
});
