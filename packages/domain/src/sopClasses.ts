/** SOP classes IQS treats specially; every other SOP class is read as an image. */
export const SOP_CLASS = {
  /** X-Ray Radiation Dose SR (projection and CT dose reports) */
  xRayRadiationDoseSr: '1.2.840.10008.5.1.4.1.1.88.67',
  /** Enhanced X-Ray Radiation Dose SR: the same templates in a newer IOD */
  enhancedXRayRadiationDoseSr: '1.2.840.10008.5.1.4.1.1.88.76',
  /** Key Object Selection Document: the carrier of IHE IOCM rejection notes */
  keyObjectSelection: '1.2.840.10008.5.1.4.1.1.88.59',
} as const;

export function isDoseReportSopClass(sopClassUid: string | null): boolean {
  return sopClassUid === SOP_CLASS.xRayRadiationDoseSr || sopClassUid === SOP_CLASS.enhancedXRayRadiationDoseSr;
}
