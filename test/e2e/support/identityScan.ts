/**
 * What a lesson must never show: the identities in the demo images (patients' names, IDs, birth dates, accession
 * numbers, the institution) and the radiographers' names, read from the DICOM files themselves and from the demo
 * generator's manifest; and a scan of everything a viewer's page puts before a person: the visible text, every
 * attribute value (titles, aria-labels, alt texts, data attributes), the window title and the accessibility tree
 * (what a screen reader reads), through Chromium's DevTools protocol.
 */
import { readDicomAttributes } from '@iqs/dicom';
import type { DemoManifest } from '@iqs/demo-department';
import path from 'node:path';
import type { Page } from 'playwright-core';

export interface Identity {
  /** what it is, for the failure message ("patient name of study …") */
  readonly what: string;
  /** matched case-insensitively; names as whole words */
  readonly pattern: RegExp;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&');
/** a whole word, also next to accented letters and digits */
const word = (text: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])${escape(text)}(?![\\p{L}\\p{N}])`, 'iu');

/**
 * Each part of a DICOM person name (Family^Given^Middle) of three letters or more, particles left out: whatever the
 * format a viewer shows the name in, a part shows.
 */
export function nameParts(personName: string): string[] {
  return (
    personName
      .split(/[\^= ]+/u)
      .map((part) => part.trim())
      // a Dutch particle (van, de, ter) names nobody by itself, and 'van' is a word of the page's Dutch
      .filter((part) => part.length >= 3 && part !== part.toLowerCase())
  );
}

function alphabetic(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (typeof v === 'string' ? v : ((v as { Alphabetic?: string } | null)?.Alphabetic ?? ''))).filter((v) => v !== '');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A DICOM date (YYYYMMDD) in the formats viewers show: 19490819, 1949-08-19, 19-08-1949, 19/08/1949, 08/19/1949, Aug 19, 1949, 19-Aug-1949, 1949.08.19. */
export function dateFormats(dicomDate: string): string[] {
  const match = /^(\d{4})(\d{2})(\d{2})$/u.exec(dicomDate);
  if (!match) return [dicomDate];
  const [, y = '', m = '', d = ''] = match;
  const month = MONTHS[Number(m) - 1] ?? m;
  const day = String(Number(d));
  return [
    dicomDate,
    `${y}-${m}-${d}`,
    `${d}-${m}-${y}`,
    `${d}/${m}/${y}`,
    `${m}/${d}/${y}`,
    `${y}.${m}.${d}`,
    `${d}.${m}.${y}`,
    `${month} ${day}, ${y}`,
    `${month} ${d}, ${y}`,
    `${d}-${month}-${y}`,
    `${day}-${month}-${y}`,
  ];
}

/** The identities of these studies' images (read from their files) and every radiographer of the demo department. */
export async function identitiesOf(manifest: DemoManifest, demoDir: string, studyUids: readonly string[]): Promise<Identity[]> {
  const identities: Identity[] = [];
  for (const uid of new Set(studyUids)) {
    const study = manifest.studies.find((s) => s.studyInstanceUid === uid);
    const file = study?.images[0]?.file;
    if (!study || !file) throw new Error(`study ${uid} is not in the demo manifest`);
    const header = await readDicomAttributes(path.join(demoDir, manifest.dicomFolder, file));
    const id = (what: string) => `${what} of study ${uid}`;
    for (const name of alphabetic(header['PatientName']))
      for (const part of nameParts(name)) identities.push({ what: id(`patient name (${part})`), pattern: word(part) });
    for (const key of ['PatientID', 'AccessionNumber', 'InstitutionName', 'InstitutionalDepartmentName', 'StationName'] as const) {
      const value = header[key];
      if (typeof value === 'string' && value.trim().length >= 3) identities.push({ what: id(key), pattern: word(value.trim()) });
    }
    const birth = header['PatientBirthDate'];
    if (typeof birth === 'string' && birth !== '')
      for (const format of dateFormats(birth)) identities.push({ what: id(`birth date (${format})`), pattern: word(format) });
    for (const name of [...alphabetic(header['OperatorsName']), ...study.operators])
      for (const part of nameParts(name)) identities.push({ what: id(`operator (${part})`), pattern: word(part) });
  }
  for (const radiographer of manifest.radiographers)
    for (const part of nameParts(radiographer.operatorName))
      identities.push({ what: `radiographer ${radiographer.operatorName}`, pattern: word(part) });
  return identities;
}

export interface PageTexts {
  readonly bodyText: string;
  readonly attributes: readonly string[];
  readonly title: string;
  readonly accessible: readonly string[];
}

/** Everything on the page a person (or a screen reader) can read. */
export async function readPageTexts(page: Page): Promise<PageTexts> {
  const dom = await page.evaluate(() => {
    const attributes: string[] = [];
    const visit = (root: Document | ShadowRoot): void => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        for (const attribute of Array.from(element.attributes))
          attributes.push(`${element.tagName.toLowerCase()}[${attribute.name}]=${attribute.value}`);
        if (element.shadowRoot) visit(element.shadowRoot);
      }
    };
    visit(document);
    return { bodyText: document.body.innerText, attributes, title: document.title };
  });
  const session = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await session.send('Accessibility.getFullAXTree')) as {
      nodes: Array<{ name?: { value?: unknown }; value?: { value?: unknown }; description?: { value?: unknown } }>;
    };
    const accessible = nodes.flatMap((node) =>
      [node.name?.value, node.value?.value, node.description?.value].filter((v): v is string => typeof v === 'string' && v !== ''),
    );
    return { ...dom, accessible };
  } finally {
    await session.detach();
  }
}

export interface Finding {
  readonly what: string;
  readonly where: 'page text' | 'attribute' | 'window title' | 'accessibility tree';
  readonly text: string;
}

/** The identities found in the page's texts (with where, and the text around them, for the failure message). */
export function findIdentities(texts: PageTexts, identities: readonly Identity[]): Finding[] {
  const places: Array<[Finding['where'], readonly string[]]> = [
    ['page text', [texts.bodyText]],
    ['attribute', texts.attributes],
    ['window title', [texts.title]],
    ['accessibility tree', texts.accessible],
  ];
  const found: Finding[] = [];
  for (const identity of identities)
    for (const [where, list] of places)
      for (const text of list) {
        const match = identity.pattern.exec(text);
        if (!match) continue;
        const at = match.index;
        found.push({ what: identity.what, where, text: text.slice(Math.max(0, at - 60), at + 60) });
        break;
      }
  return found;
}
