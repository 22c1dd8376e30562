/**
 * Reading many DICOM files for the index: folders are walked recursively, headers read a few at a time (the disk
 * works while the parser does), and every file's line handed on in the order of the inputs.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { listFiles } from '@iqs/dicom';
import { type IngestLine, isErrorLine, lineFromFile, type StationMappings } from './ingestLine';

export class InputError extends Error {}

/** The files named by the arguments: files as given, folders walked; a path that does not exist is an InputError. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  if (inputs.length === 0) throw new InputError('name at least one DICOM file or folder');
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => null);
    if (info === null) throw new InputError(`${input}: no such file or folder`);
    if (info.isDirectory()) files.push(...(await listFiles(input)));
    else files.push(input);
  }
  return files;
}

/** The folders the arguments' files are read from (a folder is its own root, a file's is its folder): see sourceRef. */
export async function inputRoots(inputs: readonly string[]): Promise<string[]> {
  return Promise.all(inputs.map(async (input) => ((await stat(input)).isDirectory() ? input : path.dirname(input))));
}

export interface ReadProgress {
  readonly done: number;
  readonly total: number;
  readonly errors: number;
}

export interface ReadFilesOptions {
  readonly mappings: StationMappings;
  /** called once per file, in input order */
  readonly onLine: (line: IngestLine) => Promise<void> | void;
  readonly onProgress?: (progress: ReadProgress) => void;
  /** files read at the same time */
  readonly concurrency?: number;
}

export async function readFiles(files: readonly string[], options: ReadFilesOptions): Promise<ReadProgress> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const pending = new Map<number, IngestLine>();
  let nextToRead = 0;
  let nextToEmit = 0;
  let errors = 0;
  let emitting = Promise.resolve();

  // lines are emitted strictly in order: a finished read waits for the reads before it
  const emitReady = async (): Promise<void> => {
    while (pending.has(nextToEmit)) {
      const line = pending.get(nextToEmit) as IngestLine;
      pending.delete(nextToEmit);
      nextToEmit++;
      if (isErrorLine(line)) errors++;
      await options.onLine(line);
      options.onProgress?.({ done: nextToEmit, total: files.length, errors });
    }
  };

  const reader = async (): Promise<void> => {
    while (nextToRead < files.length) {
      const index = nextToRead++;
      pending.set(index, await lineFromFile(files[index] as string, options.mappings));
      emitting = emitting.then(emitReady);
      await emitting;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, reader));
  await emitting;
  return { done: nextToEmit, total: files.length, errors };
}
