import { createRandom } from '../src/random';

describe('createRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('spreads uniformly over [0,1) and gives normals with the asked mean and sd', () => {
    const r = createRandom(7);
    const n = 20000;
    const buckets = new Array(10).fill(0);
    let sum = 0;
    let sumSq = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      buckets[Math.floor(x * 10)]++;
      const g = r.normal(5, 2);
      sum += g;
      sumSq += g * g;
    }
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan((n / 10) * 0.1);
    const mean = sum / n;
    expect(mean).toBeCloseTo(5, 1);
    expect(Math.sqrt(sumSq / n - mean * mean)).toBeCloseTo(2, 1);
  });

  it('picks by weight', () => {
    const r = createRandom(1);
    let heavy = 0;
    for (let i = 0; i < 10000; i++)
      if (
        r.weighted([
          ['a', 9],
          ['b', 1],
        ] as const) === 'a'
      )
        heavy++;
    expect(heavy / 10000).toBeGreaterThan(0.87);
    expect(heavy / 10000).toBeLessThan(0.93);
  });
});
