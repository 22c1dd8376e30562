/**
 * A small seeded pseudo-random generator, so that demo data is the same on every machine.
 * mulberry32: 32-bit state, good enough spread for synthetic data, not for cryptography.
 */
export interface Random {
  /** uniform in [0, 1) */
  next(): number;
  /** uniform in [min, max) */
  uniform(min: number, max: number): number;
  /** integer in [min, max] */
  int(min: number, max: number): number;
  /** normally distributed (Box–Muller) */
  normal(mean: number, sd: number): number;
  /** log-normal with the given median and geometric standard deviation */
  logNormal(median: number, gsd: number): number;
  /** one element, uniformly */
  pick<T>(items: readonly T[]): T;
  /** one element, by weight */
  weighted<T>(items: readonly (readonly [T, number])[]): T;
  /** true with probability p */
  chance(p: number): boolean;
  /** a new independent generator derived from this one's next value */
  fork(): Random;
}

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const random: Random = {
    next,
    uniform: (min, max) => min + (max - min) * next(),
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    normal: (mean, sd) => {
      const u = Math.max(next(), Number.MIN_VALUE);
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    logNormal: (median, gsd) => median * Math.exp(random.normal(0, Math.log(gsd))),
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (items) => {
      const total = items.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [item, w] of items) {
        r -= w;
        if (r < 0) return item;
      }
      const last = items[items.length - 1];
      if (!last) throw new Error('weighted pick from an empty list');
      return last[0];
    },
    chance: (p) => next() < p,
    fork: () => createRandom(Math.floor(next() * 4294967296)),
  };
  return random;
}
