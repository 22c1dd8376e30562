import { activeDataSource, createStudyLoader, studiesInUrl, type StudyDataSource } from '../../src/viewer/studyLoader';
import type { DisplaySet } from '../../src/viewer/ohifTypes';

function fakeDataSource(fail: Set<string> = new Set()) {
  const asked: string[] = [];
  const dataSource: StudyDataSource = {
    retrieve: {
      series: {
        metadata: async ({ StudyInstanceUID }) => {
          asked.push(StudyInstanceUID);
          if (fail.has(StudyInstanceUID)) throw new Error('network');
          return {};
        },
      },
    },
  };
  return { dataSource, asked };
}

const displaySets = (studies: string[]) => ({
  getActiveDisplaySets: (): DisplaySet[] => studies.map((uid) => ({ displaySetInstanceUID: `ds-${uid}`, StudyInstanceUID: uid })),
});

describe('createStudyLoader', () => {
  it('asks OHIF’s data source once per study, and never for a study the URL named or one already shown', async () => {
    const fake = fakeDataSource();
    const loader = createStudyLoader(fake.dataSource, displaySets(['shown']), ['in-url']);
    await Promise.all([loader.load('s1'), loader.load('s1'), loader.load('in-url'), loader.load('shown')]);
    await loader.load('s1');
    await loader.load('s2');
    expect(fake.asked).toEqual(['s1', 's2']);
  });

  it('passes a failure on and asks again next time', async () => {
    const failing = new Set(['s1']);
    const fake = fakeDataSource(failing);
    const loader = createStudyLoader(fake.dataSource, displaySets([]), []);
    await expect(loader.load('s1')).rejects.toThrow('network');
    failing.clear();
    await loader.load('s1');
    expect(fake.asked).toEqual(['s1', 's1']);
  });

  it('does nothing without a data source', async () => {
    await expect(createStudyLoader(null, displaySets([]), []).load('s1')).resolves.toBeUndefined();
  });
});

describe('activeDataSource', () => {
  it('takes the extension manager’s active data source, or gives null', () => {
    const { dataSource } = fakeDataSource();
    const manager = (sources: unknown) => ({ getModuleEntry: () => undefined, getActiveDataSource: () => sources }) as never;
    expect(activeDataSource(manager([dataSource]))).toBe(dataSource);
    expect(activeDataSource(manager([]))).toBeNull();
    expect(activeDataSource(manager([{ retrieve: {} }]))).toBeNull();
    expect(activeDataSource({ getModuleEntry: () => undefined })).toBeNull();
    expect(activeDataSource(null)).toBeNull();
  });
});

describe('studiesInUrl', () => {
  it('reads the studies OHIF’s route loads from the viewer URL', () => {
    expect(studiesInUrl('?StudyInstanceUIDs=1.2,1.3&iqsEvaluation=x')).toEqual(['1.2', '1.3']);
    expect(studiesInUrl('?StudyInstanceUID=1.4')).toEqual(['1.4']);
    expect(studiesInUrl('?iqsEvaluation=x')).toEqual([]);
  });
});
