/**
 * The demo department shows what its manifest's intent says: every figure recomputed here from the manifest alone
 * (radiography images, rejected ÷ all, per room, procedure and radiographer, an image of two radiographers counted
 * for both), as the reject analysis defines them.
 */
import { CID_7011_OF, DEMO_INTENT, type DemoManifest, manifestOf, planDemoDepartment, STATIONS } from '../src';

const manifest: DemoManifest = manifestOf(planDemoDepartment());
const { intent } = manifest;

type Counted = {
  readonly study: DemoManifest['studies'][number];
  readonly image: DemoManifest['studies'][number]['images'][number];
};
const all: Counted[] = manifest.studies.flatMap((study) => study.images.map((image) => ({ study, image })));
const radiography = all.filter(({ image }) => intent.modalities.includes(image.facts.modality ?? ''));
const rejected = radiography.filter(({ image }) => image.rejected);

interface Rate {
  readonly rejected: number;
  readonly total: number;
  readonly rate: number;
}
const rateOf = (images: readonly Counted[]): Rate => {
  const n = images.filter(({ image }) => image.rejected).length;
  return { rejected: n, total: images.length, rate: images.length ? n / images.length : Number.NaN };
};
function ratesBy(keys: (c: Counted) => readonly string[]): Map<string, Rate> {
  const groups = new Map<string, Counted[]>();
  for (const counted of radiography) for (const key of new Set(keys(counted))) groups.set(key, [...(groups.get(key) ?? []), counted]);
  return new Map([...groups].map(([key, images]) => [key, rateOf(images)]));
}
const rooms = ratesBy(({ image }) => [image.facts.station_name ?? '']);
const procedures = ratesBy(({ study }) => [study.procedure]);
const radiographers = ratesBy(({ image }) => image.facts.operator_names ?? []);
const mine = (operatorName: string): Counted[] => rejected.filter(({ image }) => (image.facts.operator_names ?? []).includes(operatorName));
const rate = (rates: Map<string, Rate>, key: string): number => rates.get(key)?.rate ?? Number.NaN;

describe('the demo department’s rejects', () => {
  it('is the intent the generator declares, written into the manifest', () => {
    expect(intent).toEqual(DEMO_INTENT);
    // the figures, for whoever reads the test output
    const table = (rates: Map<string, Rate>) =>
      Object.fromEntries([...rates].map(([k, r]) => [k, `${r.rejected}/${r.total} = ${(100 * r.rate).toFixed(1)} %`]));
    console.info(
      JSON.stringify(
        {
          all: table(new Map([['all', rateOf(radiography)]])),
          rooms: table(rooms),
          procedures: table(procedures),
          radiographers: table(radiographers),
        },
        null,
        1,
      ),
    );
  });

  it('has a radiography reject rate in the intended range, and rejects only in radiography', () => {
    const overall = rateOf(radiography).rate;
    expect(overall).toBeGreaterThanOrEqual(intent.rejectRate.min);
    expect(overall).toBeLessThanOrEqual(intent.rejectRate.max);
    expect(all.filter(({ image }) => image.rejected && !intent.modalities.includes(image.facts.modality ?? ''))).toEqual([]);
  });

  it('has one room clearly worse than every other', () => {
    const worst = intent.worstRoom.stationName;
    const radiographyRooms = STATIONS.filter((s) => intent.modalities.includes(s.modality)).map((s) => s.stationName);
    expect([...rooms.keys()].sort()).toEqual([...radiographyRooms].sort());
    for (const room of radiographyRooms.filter((r) => r !== worst))
      expect({ room, worseThanIt: rate(rooms, worst) >= intent.worstRoom.timesEveryOther * rate(rooms, room) }).toEqual({
        room,
        worseThanIt: true,
      });
  });

  it('has knee and hand (limb) procedures clearly worse than chest', () => {
    const { procedures: worse, than, times } = intent.worseProcedures;
    expect(worse).toEqual(expect.arrayContaining(['knie']));
    for (const procedure of worse) expect(rate(procedures, procedure)).toBeGreaterThanOrEqual(times * rate(procedures, than));
  });

  it('has one radiographer with the highest rate and many positioning rejects', () => {
    const { operatorName, reason, minCount, minShare } = intent.manyPositioning;
    for (const [other, r] of radiographers) if (other !== operatorName) expect(rate(radiographers, operatorName)).toBeGreaterThan(r.rate);
    const his = mine(operatorName);
    const positioning = his.filter(({ image }) => image.rejectReason === reason).length;
    expect(positioning).toBeGreaterThanOrEqual(minCount);
    expect(positioning / his.length).toBeGreaterThanOrEqual(minShare);
    // and that share stands out: the department's other rejects have it far less often
    const others = rejected.filter((c) => !his.includes(c));
    expect(others.filter(({ image }) => image.rejectReason === reason).length / others.length).toBeLessThan(positioning / his.length);
    // his reasons are known (given by him or by the modality), so the analysis by reason can show them
    expect(his.filter(({ image }) => image.recordedReason !== null).length).toBeGreaterThanOrEqual(minCount);
  });

  it('has one radiographer with suspiciously few rejects: the lowest rate, below the threshold', () => {
    const { operatorName, maxRate } = intent.fewRejects;
    expect(rate(radiographers, operatorName)).toBeLessThan(maxRate);
    for (const [other, r] of radiographers) if (other !== operatorName) expect(r.rate).toBeGreaterThan(rate(radiographers, operatorName));
  });

  it('leaves Petra rejects of her own without any reason, spread over the year, for her to explain', () => {
    const { operatorName, min } = intent.withoutReason;
    const unexplained = mine(operatorName).filter(({ image }) => image.reasonSource === null);
    expect(unexplained.length).toBeGreaterThanOrEqual(min);
    for (const { image } of unexplained) expect(image.recordedReason).toBeNull();
    expect(new Set(unexplained.map(({ study }) => study.studyDate.slice(0, 7))).size).toBeGreaterThanOrEqual(3);
  });

  it('has reasons from the modality, from radiographers and none yet, each consistent with the notes', () => {
    for (const source of ['modality', 'radiographer', null] as const)
      expect(rejected.filter(({ image }) => image.reasonSource === source).length).toBeGreaterThanOrEqual(intent.minPerReasonSource);
    expect(intent.modalityCodes).toEqual(Object.fromEntries(Object.entries(CID_7011_OF).map(([reason, code]) => [reason, code.code])));
    for (const { study, image } of rejected) {
      expect(image.rejectReason).not.toBeNull();
      const note = study.rejectionNote;
      expect(note?.rejects).toContain(image.facts.sop_instance_uid);
      if (image.reasonSource === 'modality') {
        // the modality can only send a reason that has a CID 7011 code, one per note
        expect(note?.reasonCode).toBe(intent.modalityCodes[image.rejectReason ?? 'positioning']);
        expect(image.recordedReason).toBe(note?.reasonCode);
      } else {
        expect(note?.reasonCode).toBeNull();
        expect(image.recordedReason).toBe(image.reasonSource === 'radiographer' ? image.rejectReason : null);
      }
    }
    for (const { image } of all.filter(({ image }) => !image.rejected)) {
      expect(image.rejectReason).toBeNull();
      expect(image.reasonSource).toBeNull();
    }
  });

  it('spreads the rejects over the demo year', () => {
    expect(new Set(rejected.map(({ study }) => study.studyDate.slice(0, 7))).size).toBeGreaterThanOrEqual(intent.minMonthsWithRejects);
  });

  it('keeps the big CT and mammography studies few, so that the first start stays quick', () => {
    const count = (procedure: string) => manifest.studies.filter((s) => s.procedure === procedure).length;
    expect(count('ct-thorax')).toBeGreaterThanOrEqual(3);
    expect(count('ct-thorax')).toBeLessThanOrEqual(6);
    expect(count('mammo')).toBeGreaterThanOrEqual(8);
    expect(count('mammo')).toBeLessThanOrEqual(12);
  });

  it('lists per study what the figures need: room, procedure, operators, date; per image age, DAP and DI', () => {
    for (const { study, image } of radiography) {
      expect(image.facts.station_name).toBe(study.stationName);
      expect(image.facts.operator_names).toEqual(study.operators);
      expect(image.facts.study_date).toBe(study.studyDate);
      expect(image.facts.patient_age_years).toEqual(expect.any(Number));
      expect(image.facts.dap_gy_cm2).toBeGreaterThan(0);
    }
    expect(radiography.some(({ image }) => image.rejected && image.facts.deviation_index !== null)).toBe(true);
  });
});
