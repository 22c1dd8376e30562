import { imageFromSearch } from '../../src/viewer/imageFromUrl';

describe('imageFromSearch', () => {
  it("reads the image OHIF's own parameters name", () => {
    expect(imageFromSearch('?StudyInstanceUIDs=1.2&initialSeriesInstanceUID=1.2.3&initialSOPInstanceUID=1.2.3.4')).toEqual({
      studyInstanceUid: '1.2',
      seriesInstanceUid: '1.2.3',
      sopInstanceUid: '1.2.3.4',
    });
  });

  it('names no image without all three, or with several studies', () => {
    expect(imageFromSearch('?StudyInstanceUIDs=1.2')).toBeNull();
    expect(imageFromSearch('?StudyInstanceUIDs=1.2&initialSOPInstanceUID=1.2.3.4')).toBeNull();
    expect(imageFromSearch('?StudyInstanceUIDs=1.2,1.3&initialSeriesInstanceUID=1.2.3&initialSOPInstanceUID=1.2.3.4')).toBeNull();
  });
});
