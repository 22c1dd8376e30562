/**
 * The dictionary entries the image facts depend on (PS3.6): an implicit VR file carries no VR, so the reader takes
 * it from here, and a wrong VR (IS for DS, or FD read as text) would lose the value.
 */
import { lookupKeyword, lookupTag, parseTagOrKeyword } from '../src/dictionary';

describe('dictionary: the acquisition and patient attributes of the image facts', () => {
  it.each([
    ['PatientWeight', '00101030', 'DS'],
    ['PatientSize', '00101020', 'DS'],
    ['KVP', '00180060', 'DS'],
    ['Exposure', '00181152', 'IS'],
    ['ExposureInuAs', '00181153', 'IS'],
    ['ExposureInmAs', '00189332', 'FD'],
    ['ExposureTime', '00181150', 'IS'],
    ['ExposureTimeInuS', '00188150', 'DS'],
    ['ExposureTimeInms', '00189328', 'FD'],
    ['DistanceSourceToDetector', '00181110', 'DS'],
    ['Grid', '00181166', 'CS'],
    ['FilterMaterial', '00187050', 'CS'],
    ['ExposureControlMode', '00187060', 'CS'],
    ['ExposureModulationType', '00189323', 'CS'],
    ['BodyPartThickness', '001811A0', 'DS'],
    ['OrganDose', '00400316', 'DS'],
    ['CTXRayDetailsSequence', '00189325', 'SQ'],
    ['CTExposureSequence', '00189321', 'SQ'],
  ])('%s is (%s) %s', (keyword, tag, vr) => {
    expect(lookupKeyword(keyword)).toEqual({ tag, vr });
    expect(lookupTag(parseInt(tag, 16))).toEqual({ keyword, vr });
    expect(parseTagOrKeyword(keyword)).toBe(parseInt(tag, 16));
  });
});
