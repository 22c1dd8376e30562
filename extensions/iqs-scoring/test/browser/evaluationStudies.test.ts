import { openingItem, studiesToOpenWith } from '../../src/browser/evaluationStudies';
import { evaluationViewerPath } from '../../src/data/pageData';

const item = (item_id: string, state: 'to_do' | 'scored' | 'skipped', study_instance_uid: string) => ({
  item_id,
  state,
  study_instance_uid,
});

describe('the study an evaluation opens with', () => {
  // 100 images from 100 studies, the first three done
  const items = Array.from({ length: 100 }, (_, n) => item(`i${n}`, n < 3 ? 'scored' : 'to_do', `study-${n}`));

  it('is the first image still to do, or the one asked for, or the first when all are done', () => {
    expect(openingItem(items)?.item_id).toBe('i3');
    expect(openingItem(items, 'i42')?.item_id).toBe('i42');
    expect(openingItem(items, 'no-such-item')?.item_id).toBe('i3');
    const done = items.map((i) => ({ ...i, state: 'scored' as const }));
    expect(openingItem(done)?.item_id).toBe('i0');
    expect(openingItem([])).toBeNull();
  });

  it('is the only study the viewer URL names, however large the sample', () => {
    expect(studiesToOpenWith(items)).toEqual(['study-3']);
    expect(studiesToOpenWith(items, 'i42')).toEqual(['study-42']);
    const path = evaluationViewerPath('eval-1', studiesToOpenWith(items, 'i42'), 'i42');
    const query = new URLSearchParams(path.slice(path.indexOf('?')));
    expect(query.get('StudyInstanceUIDs')).toBe('study-42');
    expect(query.get('iqsEvaluation')).toBe('eval-1');
    expect(query.get('iqsItem')).toBe('i42');
  });
});
