/**
 * From bytes to facts: files in ISO_IR 100 (Latin-1), ISO_IR 192 (UTF-8) and the default repertoire, read by
 * our Part 10 reader and given to the domain core, as the ingestion will. The files are written byte-exact by
 * our writer (a Latin-1 umlaut is one byte), so a wrong decoding shows as mangled names.
 */
import { extractImageFacts } from '@iqs/domain';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readDicomAttributes } from '../src/readAttributes';
import { type DicomItem, TRANSFER_SYNTAX, type TransferSyntax, writePart10 } from '../src';

let folder: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(os.tmpdir(), 'iqs-charsets-'));
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

async function factsOf(name: string, attributes: DicomItem, transferSyntax: TransferSyntax = TRANSFER_SYNTAX.explicitLittle) {
  const file = path.join(folder, name);
  writeFileSync(
    file,
    writePart10(
      { SOPClassUID: '1.2.840.10008.5.1.4.1.1.1.1', SOPInstanceUID: `2.25.${name.length}`, Modality: 'DX', ...attributes },
      { transferSyntax },
    ),
  );
  return extractImageFacts(await readDicomAttributes(file));
}

describe('character sets', () => {
  it('decodes ISO_IR 100 (Latin-1) names, two operators', async () => {
    const latin = await factsOf('latin1b.dcm', {
      SpecificCharacterSet: 'ISO_IR 100',
      OperatorsName: ['Müller^Jürgen', 'Øster^Åse'],
      StationName: 'KAMER-Ü',
      StudyDescription: 'Enkel rechts, à côté',
    });
    expect(latin.operator_names).toEqual(['Müller^Jürgen', 'Øster^Åse']);
    expect(latin.station_name).toBe('KAMER-Ü');
    expect(latin.study_description).toBe('Enkel rechts, à côté');
  });

  it('decodes ISO_IR 192 (UTF-8) names, beyond Latin-1 too', async () => {
    const facts = await factsOf('utf8.dcm', {
      SpecificCharacterSet: 'ISO_IR 192',
      OperatorsName: 'Øster^Åse\\李^小龙\\Đorđević^Ana',
      StudyDescription: 'Thorax — staand',
    });
    expect(facts.operator_names).toEqual(['Øster^Åse', '李^小龙', 'Đorđević^Ana']);
    expect(facts.study_description).toBe('Thorax — staand');
  });

  it('reads the default repertoire, and the same facts from implicit VR and deflated files', async () => {
    for (const [name, syntax] of [
      ['ascii-explicit.dcm', TRANSFER_SYNTAX.explicitLittle],
      ['ascii-implicit.dcm', TRANSFER_SYNTAX.implicitLittle],
      ['ascii-deflated.dcm', TRANSFER_SYNTAX.deflatedExplicitLittle],
    ] as const) {
      const facts = await factsOf(
        name,
        {
          OperatorsName: 'Jansen^Petra\\PJ',
          ImageAndFluoroscopyAreaDoseProduct: 2.5,
          ViewCodeSequence: [{ CodeValue: 'R-10206', CodingSchemeDesignator: 'SRT' }],
        },
        syntax,
      );
      expect({ name, operators: facts.operator_names, dap: facts.dap_gy_cm2, view: facts.view_position }).toEqual({
        name,
        operators: ['Jansen^Petra', 'PJ'],
        dap: 0.25,
        view: 'AP',
      });
    }
  });
});
