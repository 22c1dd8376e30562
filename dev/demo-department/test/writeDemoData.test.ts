import dcmjs from 'dcmjs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractDoseReportFacts, extractImageFacts, readRejectionNote } from '@iqs/domain';
import { DICOM_SUBFOLDER, ensureDemoData, generateDemoData, readDemoManifest } from '../src';
import { scanDicomFolder } from '@iqs/demo-pacs';

jest.setTimeout(120_000);

let folder: string;
/** every instance's attributes as the viewer gets them: the demo PACS's DICOM JSON, naturalized as OHIF does */
const instances = new Map<string, Record<string, unknown>>();
beforeAll(async () => {
  folder = path.join(mkdtempSync(path.join(os.tmpdir(), 'iqs-demo-')), 'demo');
  // a small department (seed 2: DX, CR, CT, MG, rejection notes with and without the modality’s reason, images
  // with and without the patient’s weight), few enough images to draw quickly
  await generateDemoData(folder, { studyCount: 12, seed: 2 });
  const { index, report } = await scanDicomFolder(path.join(folder, DICOM_SUBFOLDER));
  expect(report.skipped).toEqual([]);
  for (const study of index.studies.values())
    for (const series of study.series.values())
      for (const instance of series.instances.values())
        instances.set(instance.sopInstanceUID, dcmjs.data.DicomMetaDictionary.naturalizeDataset(instance.json as never));
});
afterAll(() => rmSync(path.dirname(folder), { recursive: true, force: true }));

function instance(sopInstanceUid: string | null | undefined): Record<string, unknown> {
  const found = sopInstanceUid ? instances.get(sopInstanceUid) : undefined;
  if (!found) throw new Error(`no instance ${sopInstanceUid} in the demo folder`);
  return found;
}

describe('generateDemoData', () => {
  it('writes every image of the manifest, and each file holds the facts the manifest lists', async () => {
    const manifest = await readDemoManifest(folder);
    expect(manifest?.studies).toHaveLength(12);
    const images = manifest?.studies.flatMap((s) => s.images) ?? [];
    expect(images.length).toBeGreaterThan(12);
    const notes = manifest?.studies.filter((s) => s.rejectionNote).length ?? 0;
    const reports = manifest?.studies.filter((s) => s.doseReport).length ?? 0;
    expect(instances.size).toBe(images.length + notes + reports);
    for (const image of images) {
      const dataset = instance(image.facts.sop_instance_uid);
      const facts = extractImageFacts(dataset);
      for (const [field, expected] of Object.entries(image.facts)) {
        const actual = facts[field as keyof typeof facts];
        if (typeof expected === 'number')
          expect({
            field,
            close: Math.abs((actual as number) - expected) < (field === 'deviation_index' ? 1e-4 : 1e-9 * Math.abs(expected)),
          }).toEqual({ field, close: true });
        else expect({ field, value: actual }).toEqual({ field, value: expected });
      }
      expect(dataset['PixelData']).toBeDefined();
    }
    // the acquisition facts are there to be read, the patient's weight on part of the images only
    expect(images.some((image) => image.facts.patient_weight_kg !== null)).toBe(true);
    expect(images.some((image) => image.facts.patient_weight_kg === null)).toBe(true);
    expect(images.every((image) => image.facts.kvp !== null && image.facts.exposure_mas !== null)).toBe(true);
  });

  it('marks rejected images in an IOCM rejection note of their study', async () => {
    const manifest = await readDemoManifest(folder);
    const withNote = manifest?.studies.filter((s) => s.rejectionNote) ?? [];
    expect(withNote.length).toBeGreaterThan(0);
    for (const study of withNote) {
      const note = instance(study.rejectionNote?.sopInstanceUid);
      expect(note['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.59');
      expect((note['ConceptNameCodeSequence'] as Array<Record<string, unknown>>)[0]?.['CodeValue']).toBe('113001');
      const evidence = note['CurrentRequestedProcedureEvidenceSequence'] as Array<Record<string, unknown>>;
      const referenced = (evidence[0]?.['ReferencedSeriesSequence'] as Array<Record<string, unknown>>).flatMap((series) =>
        (series['ReferencedSOPSequence'] as Array<Record<string, unknown>>).map((sop) => sop['ReferencedSOPInstanceUID']),
      );
      expect(referenced.sort()).toEqual(
        study.images
          .filter((i) => i.rejected)
          .map((i) => i.facts.sop_instance_uid)
          .sort(),
      );
    }
  });

  it('writes the modality’s reason as the note’s Document Title Modifier (TID 2010), which the domain reader reads back', async () => {
    const manifest = await readDemoManifest(folder);
    const notes = (manifest?.studies ?? []).flatMap((s) => (s.rejectionNote ? [{ study: s, note: s.rejectionNote }] : []));
    expect(notes.some(({ note }) => note.reasonCode !== null)).toBe(true);
    expect(notes.some(({ note }) => note.reasonCode === null)).toBe(true);
    for (const { study, note } of notes) {
      const dataset = instance(note.sopInstanceUid);
      const modifiers = (dataset['ContentSequence'] as Array<Record<string, unknown>>).filter(
        (item) => (item['ConceptNameCodeSequence'] as Array<Record<string, unknown>> | undefined)?.[0]?.['CodeValue'] === '113011',
      );
      if (note.reasonCode === null) expect(modifiers).toEqual([]);
      else {
        expect(modifiers).toHaveLength(1);
        const [modifier] = modifiers;
        expect(modifier?.['RelationshipType']).toBe('HAS CONCEPT MOD');
        expect(modifier?.['ValueType']).toBe('CODE');
        expect((modifier?.['ConceptNameCodeSequence'] as Array<Record<string, unknown>>)[0]).toMatchObject({
          CodingSchemeDesignator: 'DCM',
          CodeMeaning: 'Document Title Modifier',
        });
        expect((modifier?.['ConceptCodeSequence'] as Array<Record<string, unknown>>)[0]).toMatchObject({
          CodeValue: note.reasonCode,
          CodingSchemeDesignator: 'DCM',
        });
      }
      const read = readRejectionNote(dataset);
      expect(read?.code).toBe('113001');
      expect(read?.reasonCode).toBe(note.reasonCode);
      expect(read?.rejects.sort()).toEqual([...note.rejects].sort());
      expect(read?.noteDate).toBe(study.studyDate);
      // the images it names: all from the modality when it carries a reason, none otherwise
      const named = study.images.filter((i) => i.rejected);
      for (const image of named) {
        expect(image.reasonSource === 'modality').toBe(note.reasonCode !== null);
        if (note.reasonCode !== null) expect(image.recordedReason).toBe(note.reasonCode);
      }
    }
  });

  it('writes a dose report (RDSR) for each CT study, whose DLP and CTDIvol the domain reader reads back', async () => {
    const manifest = await readDemoManifest(folder);
    const ct = manifest?.studies.filter((s) => s.images.some((i) => i.facts.modality === 'CT')) ?? [];
    expect(ct.length).toBeGreaterThan(0);
    for (const study of manifest?.studies ?? []) expect(study.doseReport !== null).toBe(ct.includes(study));
    for (const study of ct) {
      const report = study.doseReport;
      const dataset = instance(report?.sopInstanceUid);
      expect(dataset['SOPClassUID']).toBe('1.2.840.10008.5.1.4.1.1.88.67');
      expect(dataset['StudyInstanceUID']).toBe(study.studyInstanceUid);
      const facts = extractDoseReportFacts(dataset);
      expect(facts).toMatchObject({
        kind: 'ct',
        dlp_mgy_cm: report?.dlpMgyCm,
        ctdivol_mgy: report?.ctdivolMgy,
        operator_names: study.operators,
      });
      // the acquisition's CTDIvol is the one in every slice; the DLP is it over the scanned length
      for (const image of study.images) expect(image.facts.ctdivol_mgy).toBe(report?.ctdivolMgy);
      expect(report?.dlpMgyCm).toBeGreaterThan((report?.ctdivolMgy ?? 0) * 30);
    }
  });

  it('is generated once: a complete folder is kept as it is', async () => {
    expect(await ensureDemoData(folder, { studyCount: 12, seed: 2 })).toBeNull();
  });
});
