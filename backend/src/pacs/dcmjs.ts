/**
 * The one place that touches dcmjs. dcmjs ships no type declarations; whatever declarations
 * the repository carries for it, this folder relies only on the small interface below (the
 * data dictionary), so the import is unchecked and narrowed to that.
 */
// @ts-ignore -- dcmjs may have no declaration file (see above)
import dcmjsModule from 'dcmjs';

export interface DcmjsDictionaryEntry {
  tag: string; // "(GGGG,EEEE)"
  vr: string; // may be a pseudo-VR for ambiguous tags: 'ox', 'xs', 'lt', 'na'
  vm: string;
  name: string; // the keyword, e.g. "PatientName"
}

interface DcmjsData {
  DicomMetaDictionary: {
    /** looks up "(GGGG,EEEE)" or "GGGGEEEE", including repeating groups such as 60xx */
    dictionary: Record<string, DcmjsDictionaryEntry | undefined>;
    /** keyword → entry */
    nameMap: Record<string, DcmjsDictionaryEntry | undefined>;
  };
}

export const dcmjsData: DcmjsData = (dcmjsModule as unknown as { data: DcmjsData }).data;
