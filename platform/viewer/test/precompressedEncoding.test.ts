import type { PrecompressedEncoding } from '../src/precompress';
import { chooseRepresentation } from '../src/precompressedEncoding';

const both = new Set<PrecompressedEncoding>(['br', 'gzip']);
const gzipOnly = new Set<PrecompressedEncoding>(['gzip']);
const none = new Set<PrecompressedEncoding>();

describe('choosing what to send from Accept-Encoding', () => {
  it.each([
    // what browsers send: equal weights go to the smallest copy
    ['gzip, deflate, br, zstd', both, 'br'],
    ['gzip, deflate', both, 'gzip'],
    ['gzip, deflate, br', gzipOnly, 'gzip'],
    ['gzip, deflate, br', none, 'identity'],
    // no header: the client said nothing about decoding
    [undefined, both, 'identity'],
    // an empty header: only identity is acceptable
    ['', both, 'identity'],
    ['identity', both, 'identity'],
    // q-values decide
    ['br;q=0.5, gzip;q=0.9', both, 'gzip'],
    ['br;q=1.0, gzip;q=0.999', both, 'br'],
    ['br;q=0, gzip', both, 'gzip'],
    ['br;q=0, gzip;q=0', both, 'identity'],
    ['gzip;q=0.5, identity;q=0.8', both, 'identity'],
    ['gzip;q=0.5', both, 'gzip'],
    // * stands for every coding not named
    ['*', both, 'br'],
    ['*;q=0.5, br;q=0.4', both, 'gzip'],
    ['deflate, *;q=0, identity', both, 'identity'],
    // names are case-insensitive; x-gzip is gzip; spaces around ; and =
    ['GZIP', both, 'gzip'],
    ['x-gzip', both, 'gzip'],
    ['br ; q = 0.8 , gzip ; q=0.7', both, 'br'],
    // a malformed q-value voids its entry, not the header
    ['br;q=2, gzip', both, 'gzip'],
    ['br;q=.5, gzip;q=0.1', both, 'gzip'],
  ] as const)('%s with copies %p gives %s', (header, available, expected) => {
    expect(chooseRepresentation(header, available)).toBe(expected);
  });

  it('answers null (406) when identity is excluded and no acceptable copy exists', () => {
    expect(chooseRepresentation('identity;q=0', none)).toBeNull();
    expect(chooseRepresentation('br, identity;q=0', gzipOnly)).toBeNull();
    expect(chooseRepresentation('*;q=0', none)).toBeNull();
    expect(chooseRepresentation('deflate, *;q=0', both)).toBeNull();
    expect(chooseRepresentation('*;q=0, gzip', gzipOnly)).toBe('gzip');
    // identity named with a weight overrides *;q=0
    expect(chooseRepresentation('*;q=0, identity;q=0.1', none)).toBe('identity');
  });
});
