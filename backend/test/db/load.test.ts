/**
 * Issue 12, item 7: a bounded load test. 20 clients, each signed in as a demo login, run 20 operations each of the
 * mix the viewer makes (score upserts on client-made ids, reads, evaluation worklists, score statistics;
 * test/support/loadMix.ts) against the stand-in on loopback, concurrently. No operation may fail and every answer a
 * client saw acknowledged must be in the database afterwards with the value acknowledged. Speed is not asserted here:
 * `npm run bench:load` measures it.
 */
import { DEMO_PEOPLE } from '@iqs/demo-department';
import { ENGINES } from '../../../test/support/engines';
import { missingAcknowledged, prepareLoadWorld, runLoadMix } from '../../../test/support/loadMix';
import { startEvaluationWorld, type EvaluationWorld, type ImageSpec } from './evaluationFixtures';

const CLIENTS = 20;
const OPS = 20;

jest.setTimeout(180_000);

describe.each(ENGINES)('20 concurrent clients on %s', (engine) => {
  let world: EvaluationWorld;

  beforeAll(async () => {
    world = await startEvaluationWorld(engine);
    const images: ImageSpec[] = Array.from({ length: 40 }, (_, i) => ({
      operators: [i % 2 ? DEMO_PEOPLE.daan.personId : DEMO_PEOPLE.petra.personId],
      date: `2026-0${1 + (i % 9)}-1${i % 10}`,
      procedure: null,
    }));
    await world.addImages(images);
  });

  afterAll(async () => {
    await world?.env.close();
  });

  it('answers every operation of the mix without an error, and keeps every acknowledged answer', async () => {
    const load = await prepareLoadWorld(world.env, 10, world.as);
    const started = Date.now();
    const result = await runLoadMix(load, { clients: CLIENTS, opsPerClient: OPS });
    expect(result.latencies).toHaveLength(CLIENTS * OPS);
    expect(result.errors).toEqual([]);
    // 4 in 10 operations are upserts: every client acknowledged some
    expect(result.acknowledged.size).toBeGreaterThanOrEqual(CLIENTS * 2);
    expect(await missingAcknowledged(load.service, result.acknowledged)).toEqual([]);
    // bounded: the whole run stays well inside the test's time (a hang fails here rather than at the timeout)
    expect(Date.now() - started).toBeLessThan(150_000);
  });
});
