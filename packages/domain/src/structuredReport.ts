/**
 * Reading a DICOM Structured Report's content tree (ContentSequence items, PS3.3 C.17.3): items are found by their
 * concept name code, wherever they sit. Templates nest items differently across vendors and versions, so IQS looks
 * for concepts rather than walking fixed paths.
 */
import { type DicomDataset, readNumber, readSequence, readText, readTexts } from './dicomValues';

export interface CodedConcept {
  readonly value: string;
  readonly scheme: string | null;
}

function codeOf(item: DicomDataset | undefined): CodedConcept | null {
  if (!item) return null;
  const value = readText(item, 'CodeValue') ?? readText(item, 'LongCodeValue');
  return value === null ? null : { value, scheme: readText(item, 'CodingSchemeDesignator') };
}

/** The concept name of a content item (or of a document's root). */
export function conceptName(item: DicomDataset): CodedConcept | null {
  return codeOf(readSequence(item, 'ConceptNameCodeSequence')[0]);
}

/** The coded value of a CODE content item. */
export function conceptCode(item: DicomDataset): CodedConcept | null {
  return codeOf(readSequence(item, 'ConceptCodeSequence')[0]);
}

export function hasConcept(item: DicomDataset, value: string, scheme = 'DCM'): boolean {
  const name = conceptName(item);
  return name !== null && name.value === value && (name.scheme === null || name.scheme.toUpperCase() === scheme);
}

export function children(item: DicomDataset): DicomDataset[] {
  return readSequence(item, 'ContentSequence');
}

/** Every content item below `root` (depth first, in document order) with this concept name. */
export function findAll(root: DicomDataset, value: string, scheme = 'DCM'): DicomDataset[] {
  const found: DicomDataset[] = [];
  const visit = (item: DicomDataset, depth: number): void => {
    // a malformed report could nest without end; no real template is this deep
    if (depth > 64) return;
    for (const child of children(item)) {
      if (hasConcept(child, value, scheme)) found.push(child);
      visit(child, depth + 1);
    }
  };
  visit(root, 0);
  return found;
}

export function findFirst(root: DicomDataset, value: string, scheme = 'DCM'): DicomDataset | null {
  return findAll(root, value, scheme)[0] ?? null;
}

/** A NUM item's value and its unit (UCUM code from MeasurementUnitsCodeSequence). */
export interface Measurement {
  readonly value: number;
  readonly unit: string | null;
}

export function measurement(item: DicomDataset | null): Measurement | null {
  if (item === null) return null;
  const measured = readSequence(item, 'MeasuredValueSequence')[0];
  if (!measured) return null;
  const value = readNumber(measured, 'NumericValue');
  if (value === null) return null;
  return { value, unit: codeOf(readSequence(measured, 'MeasurementUnitsCodeSequence')[0])?.value ?? null };
}

/** The person names of PNAME items. */
export function personNames(item: DicomDataset): string[] {
  return readTexts(item, 'PersonName');
}
