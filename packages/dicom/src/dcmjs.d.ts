/** The part of dcmjs's API that IQS uses (dcmjs ships no type declarations). */
declare module 'dcmjs' {
  /** DICOM JSON model (PS3.18 F.2): tag "GGGGEEEE" → { vr, Value } */
  export type DicomJsonDataset = Record<
    string,
    { vr: string; Value?: unknown[]; InlineBinary?: string; BulkDataURI?: string; _rawValue?: unknown }
  >;

  export interface ReadOptions {
    ignoreErrors?: boolean;
    untilTag?: string | null;
    includeUntilTagValue?: boolean;
    noCopy?: boolean;
    forceStoreRaw?: boolean;
  }

  export class DicomDict {
    constructor(meta: DicomJsonDataset);
    meta: DicomJsonDataset;
    dict: DicomJsonDataset;
    write(options?: Record<string, unknown>): ArrayBuffer;
  }

  interface DicomMessageStatic {
    readFile(buffer: ArrayBuffer, options?: ReadOptions): DicomDict;
  }

  interface DicomMetaDictionaryStatic {
    naturalizeDataset(dataset: DicomJsonDataset): Record<string, unknown>;
    denaturalizeDataset(dataset: Record<string, unknown>): DicomJsonDataset;
    punctuateTag(tag: string): string;
    unpunctuateTag(tag: string): string;
    uid(): string;
    nameMap: Record<string, { tag: string; vr: string; vm: string; name: string }>;
    dictionary: Record<string, { tag: string; vr: string; vm: string; name: string }>;
  }

  const dcmjs: {
    data: {
      DicomMessage: DicomMessageStatic;
      DicomMetaDictionary: DicomMetaDictionaryStatic;
      DicomDict: typeof DicomDict;
    };
    log: { setLevel(level: string): void; getLevel(): number };
  };
  export default dcmjs;
}
