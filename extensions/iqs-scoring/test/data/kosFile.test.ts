/**
 * The browser's KOS bytes (src/data/kosFile.ts, dcmjs): what it encodes reads back the same through @iqs/domain, and
 * broken files are refused with what is wrong (KosError), never read as something else.
 */
import { KosError, lessonKosDataset, readLessonKos } from '@iqs/domain';
import { decodePart10, encodePart10 } from '../../src/data/kosFile';

const image = (n: number) => ({
  studyInstanceUid: `1.2.826.0.1.3680043.10.1467.71.${n}`,
  seriesInstanceUid: `1.2.826.0.1.3680043.10.1467.71.${n}.1`,
  sopInstanceUid: `1.2.826.0.1.3680043.10.1467.71.${n}.1.1`,
  sopClassUid: '1.2.840.10008.5.1.4.1.1.1.1',
});
const LESSON = {
  title: 'Thorax PA — inspiratie',
  cases: [
    { teachingPoint: 'Tien ribben boven het diafragma.\nGeen rotatie.', images: [image(1), image(2)] },
    { teachingPoint: null, images: [image(3)] },
  ],
};
const IDENTITY = {
  studyInstanceUid: '2.25.11',
  seriesInstanceUid: '2.25.12',
  sopInstanceUid: '2.25.13',
  made: new Date('2026-11-28T08:00:00Z'),
};

const errorOf = async (bytes: Uint8Array): Promise<string> => {
  try {
    readLessonKos(await decodePart10(bytes));
    return 'read';
  } catch (error) {
    return error instanceof KosError ? `KosError ${error.reason}: ${error.message}` : `other: ${String(error)}`;
  }
};

describe('KOS bytes in the browser', () => {
  it('encodes a Part 10 file that decodes to the same lesson', async () => {
    const bytes = await encodePart10(lessonKosDataset(LESSON, IDENTITY));
    expect(new TextDecoder('latin1').decode(bytes.subarray(128, 132))).toBe('DICM');
    const back = readLessonKos(await decodePart10(bytes));
    expect(back).toMatchObject({ titleCode: '113004', title: LESSON.title, fromIqs: true });
    expect(back.cases).toEqual(LESSON.cases.map((c) => ({ teachingPoint: c.teachingPoint, images: c.images })));
  });

  it('refuses what is no DICOM file, or a cut one, saying so', async () => {
    const bytes = await encodePart10(lessonKosDataset(LESSON, IDENTITY));
    expect(await errorOf(new TextEncoder().encode('lesson.txt'))).toMatch(/^KosError not_dicom: not a DICOM file/u);
    expect(await errorOf(new Uint8Array(0))).toMatch(/^KosError not_dicom: not a DICOM file/u);
    // cut inside the dataset: dcmjs's complaint, or a KOS without what the cut took away; never a lesson read
    for (const keep of [140, 400, Math.floor(bytes.byteLength * 0.6), bytes.byteLength - 7])
      expect({ keep, error: await errorOf(bytes.subarray(0, keep)) }).toEqual({
        keep,
        error: expect.stringMatching(/^KosError (unreadable|not_kos|no_title|no_references|bad_reference): /u),
      });
  });
});
