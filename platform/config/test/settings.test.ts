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
      allowedHosts: [],
      requireLogin: false,
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

  it('requires a login in front of the images when IQS listens on a network, or when asked to', () => {
    expect(readSettings({}, ROOT).requireLogin).toBe(false);
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect({ host, login: readSettings({ IQS_HOST: host }, ROOT).requireLogin }).toEqual({ host, login: false });
    for (const host of ['0.0.0.0', '::', '10.1.2.3', 'iqs.hospital.example'])
      expect({ host, login: readSettings({ IQS_HOST: host }, ROOT).requireLogin }).toEqual({ host, login: true });
    expect(readSettings({ IQS_REQUIRE_LOGIN: '1' }, ROOT).requireLogin).toBe(true);
    expect(readSettings({ IQS_REQUIRE_LOGIN: '0' }, ROOT).requireLogin).toBe(false);
    expect(() => readSettings({ IQS_HOST: '0.0.0.0', IQS_REQUIRE_LOGIN: '0' }, ROOT)).toThrow(/IQS_REQUIRE_LOGIN=0.*network/u);
    expect(() => readSettings({ IQS_REQUIRE_LOGIN: 'yes please' }, ROOT)).toThrow(/IQS_REQUIRE_LOGIN/u);
  });

  it('reads the host names the viewer answers besides its own (IQS_ALLOWED_HOSTS)', () => {
    expect(readSettings({ IQS_ALLOWED_HOSTS: ' iqs.hospital.example, 10.1.2.3 ,IQS-Alias.Example:8443,' }, ROOT).allowedHosts).toEqual([
      'iqs.hospital.example',
      '10.1.2.3',
      'iqs-alias.example:8443',
    ]);
    expect(() => readSettings({ IQS_ALLOWED_HOSTS: 'http://iqs.example/' }, ROOT)).toThrow(/IQS_ALLOWED_HOSTS.*host name/u);
  });

  it('never repeats a password written into a URL in its errors', () => {
    for (const env of [
      { DATABASE_URL: 'mysql://iqs:hunter2@db/iqs' },
      { IQS_DICOMWEB_URL: 'ftp://user:hunter2@pacs/dicom-web' },
      { SUPABASE_URL: 'gopher://u:hunter2@x', SUPABASE_ANON_KEY: 'k' },
    ]) {
      let message = '';
      try {
        readSettings(env, ROOT);
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).not.toBe('');
      expect(message).not.toContain('hunter2');
    }
  });

  it('says clearly what is wrong with a bad value', () => {
    expect(() => readSettings({ IQS_PORT: 'eighty' }, ROOT)).toThrow('IQS_PORT=eighty is not a port number');
    expect(() => readSettings({ PORT: '70000' }, ROOT)).toThrow('PORT=70000 is not a port number');
    expect(() => readSettings({ IQS_DICOMWEB_URL: 'orthanc:8042' }, ROOT)).toThrow(/IQS_DICOMWEB_URL/u);
    expect(() => readSettings({ IQS_DICOMWEB_URL: 'ftp://pacs/dicom-web' }, ROOT)).toThrow('must be an http(s) URL');
    expect(() => readSettings({ IQS_DICOM_DIR: '/images', IQS_DICOMWEB_URL: 'http://pacs' }, ROOT)).toThrow(/not both/u);
  });
});
