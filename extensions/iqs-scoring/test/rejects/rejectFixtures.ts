/** Reasons, statuses and rejects to explain for the reject tests. */
import type { ImageRejectStatus, RejectReason, RejectToExplain } from '../../src/ports';

const r = (
  id: string,
  code: string,
  nl: string,
  en: string,
  category: string,
  sort: number,
  scheme = 'IQS',
  counts = true,
): RejectReason => ({
  id,
  coding_scheme: scheme,
  code,
  label_nl: nl,
  label_en: en,
  category,
  counts_as_reject: counts,
  sort_order: sort,
});

/** As in the seed, a selection: local categories first, then CID 7011 codes. */
export const reasons: RejectReason[] = [
  r('r-pos', 'positioning', 'Positionering', 'Positioning', 'positioning', 10),
  r('r-cut', 'cutoff_collimation', 'Anatomie afgesneden / collimatie', 'Anatomy cut off / collimation', 'positioning', 20),
  r('r-mot', 'motion', 'Beweging', 'Motion', 'motion', 30),
  r('r-under', 'under_exposure', 'Onderbelichting', 'Under-exposure', 'exposure', 40),
  r('r-over', 'over_exposure', 'Overbelichting', 'Over-exposure', 'exposure', 50),
  r('r-art', 'artefact_patient', 'Artefact (patiënt of extern)', 'Artefact (patient or external)', 'artefact', 60),
  r('r-marker', 'marker', 'Zijdemerker ontbreekt of is onjuist', 'Side marker missing or wrong', 'positioning', 100),
  r('r-other', 'other', 'Overig (toelichting)', 'Other (explain)', 'other', 120),
  r('r-test', 'test_qc', 'Test- of QC-opname', 'Test or QC image', 'other', 130, 'IQS', false),
  r('r-111209', '111209', 'Positionering', 'Positioning', 'positioning', 209, 'DCM'),
  r('r-111210', '111210', 'Bewegingsonscherpte', 'Motion blur', 'motion', 210, 'DCM'),
  r('r-111216', '111216', 'Mechanisch defect', 'Mechanical failure', 'equipment', 216, 'DCM'),
];

export function status(change: Partial<ImageRejectStatus> = {}): ImageRejectStatus {
  return {
    image_id: 'img-1',
    rejected: true,
    reject_source: 'iocm',
    iocm_title: '113001',
    noted_on: '2026-03-14',
    reason_id: null,
    reason_code: null,
    reason_nl: null,
    reason_en: null,
    reason_category: null,
    reason_source: null,
    comment: null,
    recorded_at: null,
    may_record: true,
    may_mark: false,
    may_unmark: false,
    ...change,
  };
}

export function toExplain(n: number, change: Partial<RejectToExplain> = {}): RejectToExplain {
  return {
    image_id: `img-${n}`,
    sop_instance_uid: `1.2.826.${n}`,
    study_instance_uid: `1.2.826.0.${Math.ceil(n / 2)}`,
    series_instance_uid: `1.2.826.1.${n}`,
    study_date: `2026-03-${String(n).padStart(2, '0')}`,
    modality: 'DX',
    procedure_code: 'knie',
    procedure_nl: 'Knie',
    procedure_en: 'Knee',
    view_position: 'AP',
    station_name: 'RAD-KAMER3',
    room_label: 'Kamer 3',
    reject_source: 'iocm',
    iocm_title: '113001',
    noted_on: `2026-03-${String(n).padStart(2, '0')}`,
    suggested_reason_id: null,
    suggested_reason_code: null,
    ...change,
  };
}
