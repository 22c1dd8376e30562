import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDicomwebProxy } from '../src/dicomwebProxy';
import { rawRequest } from './support/rawRequest';

/** A PACS that records every request it receives and sets a cookie, as some do. */
interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

let pacs: http.Server;
let pacsUrl: string;
const received: Received[] = [];
let proxyServer: http.Server;
let proxyUrl: string;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  pacs = http.createServer((req, res) => {
    received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    res.writeHead(200, {
      'Content-Type': 'application/dicom+json',
      'Set-Cookie': 'PACSSESSION=abc; Path=/',
      'WWW-Authenticate': 'Basic realm="pacs"',
    });
    res.end('[]');
  });
  pacsUrl = await listen(pacs);
  // the PACS URL carries credentials, as IQS_DICOMWEB_URL may
  const proxy = createDicomwebProxy(`${pacsUrl.replace('http://', 'http://iqs:pacs-s3cret@')}/dicom-web`, '/dicomweb');
  proxyServer = http.createServer((req, res) => {
    void proxy(req, res).then((handled) => (handled ? undefined : res.writeHead(404).end()));
  });
  proxyUrl = await listen(proxyServer);
});

afterAll(async () => {
  await new Promise<void>((resolve) => proxyServer.close(() => resolve()));
  await new Promise<void>((resolve) => pacs.close(() => resolve()));
});

beforeEach(() => {
  received.length = 0;
});

const basic = `Basic ${Buffer.from('iqs:pacs-s3cret').toString('base64')}`;

describe('the DICOMweb proxy', () => {
  it('forwards a GET to the PACS with the PACS credentials and the query', async () => {
    const answer = await rawRequest(proxyUrl, '/dicomweb/studies?PatientID=123&includefield=00100010');
    expect(answer.status).toBe(200);
    expect(received).toEqual([expect.objectContaining({ method: 'GET', url: '/dicom-web/studies?PatientID=123&includefield=00100010' })]);
    expect(received[0]?.headers.authorization).toBe(basic);
  });

  it('forwards HEAD', async () => {
    expect((await rawRequest(proxyUrl, '/dicomweb/studies', { method: 'HEAD' })).status).toBe(200);
    expect(received.map((r) => r.method)).toEqual(['HEAD']);
  });

  it.each(['DELETE', 'POST', 'PUT', 'PATCH', 'PROPFIND'])('refuses %s with 405 and sends nothing to the PACS', async (method) => {
    const answer = await rawRequest(proxyUrl, '/dicomweb/studies/1.2.3', { method, body: method === 'DELETE' ? undefined : '[]' });
    expect(answer.status).toBe(405);
    expect(answer.headers.allow).toBe('GET, HEAD, OPTIONS');
    expect(received).toEqual([]);
  });

  it('answers OPTIONS itself', async () => {
    expect((await rawRequest(proxyUrl, '/dicomweb/studies', { method: 'OPTIONS' })).status).toBe(204);
    expect(received).toEqual([]);
  });

  it('never passes the browser’s cookies, Authorization or other credentials on; only the PACS’s own', async () => {
    await rawRequest(proxyUrl, '/dicomweb/studies', {
      headers: {
        Cookie: 'sb-access-token=user-token; other=1',
        Authorization: 'Bearer the-users-iqs-token',
        'Proxy-Authorization': 'Basic eDp5',
        'X-Forwarded-For': '6.6.6.6',
        'X-Api-Key': 'k',
        Accept: 'application/dicom+json',
      },
    });
    const headers = received[0]?.headers ?? {};
    expect(headers.cookie).toBeUndefined();
    expect(headers.authorization).toBe(basic);
    expect(headers['proxy-authorization']).toBeUndefined();
    expect(headers['x-forwarded-for']).toBeUndefined();
    expect(headers['x-api-key']).toBeUndefined();
    expect(headers.accept).toBe('application/dicom+json');
    expect(JSON.stringify(headers)).not.toContain('the-users-iqs-token');
  });

  it('strips the PACS’s cookies and its login prompt from the answer', async () => {
    const answer = await rawRequest(proxyUrl, '/dicomweb/studies');
    expect(answer.headers['set-cookie']).toBeUndefined();
    expect(answer.headers['www-authenticate']).toBeUndefined();
  });

  it.each([
    '/dicomweb/..%2f..%2fadmin',
    '/dicomweb/studies/..%2F..%2F..%2Fetc%2Fpasswd',
    '/dicomweb/%2e%2e/%2e%2e/admin',
    '/dicomweb/studies/%2E%2E',
    '/dicomweb/studies/../../admin',
    '/dicomweb/studies/./1.2.3',
    '/dicomweb/studies/..%5c..%5cadmin',
    '/dicomweb/studies\\..\\admin',
    '/dicomweb/studies/1.2.3%00',
    '/dicomweb/studies/%',
    '/dicomweb/studies/a%2fb',
  ])('refuses the path %s with 400 and sends nothing to the PACS', async (path) => {
    const answer = await rawRequest(proxyUrl, path);
    expect({ path, status: answer.status }).toEqual({ path, status: 400 });
    expect(received).toEqual([]);
  });

  it('sends the PACS a normalised path: each segment decoded once and encoded again', async () => {
    await rawRequest(proxyUrl, '/dicomweb/studies/1.2.840%2E113/series//2.3/metadata');
    expect(received.map((r) => r.url)).toEqual(['/dicom-web/studies/1.2.840.113/series/2.3/metadata']);
  });

  it('says so when the PACS does not answer, without its credentials', async () => {
    const down = createDicomwebProxy('http://iqs:pacs-s3cret@127.0.0.1:9/dicom-web', '/dicomweb');
    const server = http.createServer((req, res) => void down(req, res));
    const url = await listen(server);
    try {
      const answer = await rawRequest(url, '/dicomweb/studies');
      expect(answer.status).toBe(502);
      expect(answer.body).toMatch(/did not answer/u);
      expect(answer.body).not.toMatch(/pacs-s3cret|iqs:/u);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
