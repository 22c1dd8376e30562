/**
 * What the index keeps of a file's place (issue 12, finding 7): its path under the folder it was read from, never
 * the full path, whose folder names often hold patient IDs.
 */
import path from 'node:path';
import { sourceRefOf } from '../src/ingest/sourceRef';

describe('sourceRefOf', () => {
  const root = path.resolve('/data/pacs-export');

  it('keeps the path under the root, with / separators', () => {
    expect(sourceRefOf(path.join(root, 'PAT0012345 Jansen', 'st1', 'im1.dcm'), [root])).toBe('PAT0012345 Jansen/st1/im1.dcm');
  });

  it('takes the first root that holds the file; a file under none is kept by its name alone', () => {
    const other = path.resolve('/mnt/other');
    expect(sourceRefOf(path.join(other, 'a', 'b.dcm'), [root, other])).toBe('a/b.dcm');
    expect(sourceRefOf(path.resolve('/home/PAT0099/secret.dcm'), [root])).toBe('secret.dcm');
    // a sibling folder whose name starts like the root is not under it
    expect(sourceRefOf(path.resolve('/data/pacs-export-2/x.dcm'), [root])).toBe('x.dcm');
  });

  it('reads a relative file against the working folder, as the CLI is given it', () => {
    expect(sourceRefOf(path.join('in', 'PAT7', 'x.dcm'), [path.resolve('in')])).toBe('PAT7/x.dcm');
  });

  it('keeps the path as given when no root is known', () => {
    expect(sourceRefOf('/data/PAT1/x.dcm', [])).toBe('/data/PAT1/x.dcm');
  });
});
