import { withoutCredentials } from '../src/urlCredentials';

describe('withoutCredentials', () => {
  it('hides the user name and password of a URL', () => {
    expect(withoutCredentials('http://user:s3cret@pacs.example:8042/dicom-web')).toBe('http://***@pacs.example:8042/dicom-web');
    expect(withoutCredentials('postgres://iqs:pw@db/iqs')).toBe('postgres://***@db/iqs');
    expect(withoutCredentials('http://user:s3cret@pacs.example')).toBe('http://***@pacs.example');
    expect(withoutCredentials('http://onlyuser@pacs.example/x')).toBe('http://***@pacs.example/x');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(withoutCredentials('http://pacs.example:8042/dicom-web')).toBe('http://pacs.example:8042/dicom-web');
    expect(withoutCredentials('https://abc.supabase.co')).toBe('https://abc.supabase.co');
  });

  it('hides what looks like credentials in text that is not a URL', () => {
    expect(withoutCredentials('mysql://u:pw@x:bad port')).not.toContain('pw');
    expect(withoutCredentials('orthanc:8042')).toBe('orthanc:8042');
  });
});
