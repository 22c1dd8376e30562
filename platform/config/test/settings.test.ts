import path from 'node:path';
import { readSettings } from '../src/settings';

const ROOT = '/repo';

describe('readSettings', () => {
  it('has embedded defaults', () => {
    expect(readSettings({}, ROOT)).toEqual({
      port: 3000,
      host: '127.0.0.1',
      dicomDir: null,
      dicomwebUrl: null,
      dataDir: path.join(ROOT, '.data'),
      supabase: null,
      supabaseServiceRoleKey: null,
      supabasePort: 54321,
      databaseUrl: null,
      supabaseDir: path.join(ROOT, '.data', 'supabase'),
    });
  });

  it('reads the documented variables', () => {
    const settings = readSettings({ IQS_PORT: '8080', IQS_HOST: '0.0.0.0', IQS_DICOM_DIR: 'images', IQS_DATA_DIR: '/var/iqs' }, ROOT);
    expect(settings).toMatchObject({ port: 8080, host: '0.0.0.0', dicomDir: path.resolve('images'), dataDir: '/var/iqs' });
    expect(readSettings({ PORT: '4000' }, ROOT).port).toBe(4000);
    expect(readSettings({ IQS_PORT: '5000', PORT: '4000' }, ROOT).port).toBe(5000);
    expect(readSettings({ IQS_DICOMWEB_URL: 'http://orthanc:8042/dicom-web/' }, ROOT).dicomwebUrl).toBe('http://orthanc:8042/dicom-web');
  });

  it('points at a Supabase project, or runs the stand-in on a port or over PostgreSQL', () => {
    expect(readSettings({ SUPABASE_URL: 'https://abc.supabase.co/', SUPABASE_ANON_KEY: 'ey.key' }, ROOT).supabase).toEqual({
      url: 'https://abc.supabase.co',
      anonKey: 'ey.key',
    });
    expect(readSettings({ IQS_SUPABASE_PORT: '55000', DATABASE_URL: 'postgres://iqs@db/iqs' }, ROOT)).toMatchObject({
      supabasePort: 55000,
      databaseUrl: 'postgres://iqs@db/iqs',
    });
    expect(readSettings({ IQS_DATA_DIR: '/var/iqs' }, ROOT).supabaseDir).toBe('/var/iqs/supabase');
    expect(readSettings({ IQS_SUPABASE_DIR: '/tmp/sb' }, ROOT).supabaseDir).toBe('/tmp/sb');
    expect(() => readSettings({ SUPABASE_URL: 'https://abc.supabase.co' }, ROOT)).toThrow(/both SUPABASE_URL and SUPABASE_ANON_KEY/u);
    expect(() => readSettings({ DATABASE_URL: 'mysql://x' }, ROOT)).toThrow(/postgres:\/\//u);
    expect(
      readSettings({ SUPABASE_URL: 'https://abc.supabase.co', SUPABASE_ANON_KEY: 'a', SUPABASE_SERVICE_ROLE_KEY: 's' }, ROOT)
        .supabaseServiceRoleKey,
    ).toBe('s');
    expect(() => readSettings({ SUPABASE_SERVICE_ROLE_KEY: 's' }, ROOT)).toThrow(/without SUPABASE_URL/u);
  });

  it('says clearly what is wrong with a bad value', () => {
    expect(() => readSettings({ IQS_PORT: 'eighty' }, ROOT)).toThrow('IQS_PORT=eighty is not a port number');
    expect(() => readSettings({ PORT: '70000' }, ROOT)).toThrow('PORT=70000 is not a port number');
    expect(() => readSettings({ IQS_DICOMWEB_URL: 'orthanc:8042' }, ROOT)).toThrow(/IQS_DICOMWEB_URL/u);
    expect(() => readSettings({ IQS_DICOMWEB_URL: 'ftp://pacs/dicom-web' }, ROOT)).toThrow('must be an http(s) URL');
    expect(() => readSettings({ IQS_DICOM_DIR: '/images', IQS_DICOMWEB_URL: 'http://pacs' }, ROOT)).toThrow(/not both/u);
  });
});
