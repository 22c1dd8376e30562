import type { Criterion, ScoringForm, WorklistItem } from '@iqs/domain';

const criterion = (c: Partial<Criterion> & Pick<Criterion, 'id' | 'position' | 'code' | 'kind' | 'label_en' | 'label_nl'>): Criterion => ({
  form_id: 'f1',
  help_nl: null,
  help_en: null,
  required: true,
  options: null,
  ...c,
});

/** A form with one criterion of every kind, out of order as the data may come. */
export const form: ScoringForm = {
  id: 'f1',
  code: 'thorax',
  version: 1,
  title_nl: 'Thorax PA',
  title_en: 'Chest PA',
  source: 'test',
  criteria: [
    criterion({
      id: 'c-scale',
      position: 2,
      code: 'sharpness',
      kind: 'scale',
      label_nl: 'Scherpte',
      label_en: 'Sharpness',
      options: { min: 1, max: 5 },
    }),
    criterion({
      id: 'c-yes',
      position: 1,
      code: 'collimation',
      kind: 'yes_no_na',
      label_nl: 'Collimatie',
      label_en: 'Collimation',
      help_en: 'All four edges visible',
      help_nl: 'Alle vier randen zichtbaar',
    }),
    criterion({
      id: 'c-choice',
      position: 3,
      code: 'exposure',
      kind: 'choice',
      label_nl: 'Belichting',
      label_en: 'Exposure',
      options: [
        { value: 'under', label_nl: 'Onderbelicht', label_en: 'Under-exposed' },
        { value: 'right', label_nl: 'Goed', label_en: 'Right', met: true },
        { value: 'over', label_nl: 'Overbelicht', label_en: 'Over-exposed' },
      ],
    }),
    criterion({
      id: 'c-comment',
      position: 5,
      code: 'remark',
      kind: 'comment',
      label_nl: 'Opmerking',
      label_en: 'Comment',
      required: false,
    }),
    criterion({
      id: 'c-grade',
      position: 4,
      code: 'grade',
      kind: 'grade',
      label_nl: 'Eindoordeel',
      label_en: 'Overall grade',
      options: [
        { value: 'good', label_nl: 'Goed', label_en: 'Good' },
        { value: 'acceptable', label_nl: 'Acceptabel', label_en: 'Acceptable' },
        { value: 'reject', label_nl: 'Afwijzing', label_en: 'Reject' },
      ],
    }),
  ],
};

export function worklistItem(position: number, patch: Partial<WorklistItem> = {}): WorklistItem {
  return {
    item_id: `i${position}`,
    position,
    state: 'to_do',
    image_id: `im${position}`,
    form_id: 'f1',
    sop_instance_uid: `1.2.3.${position}`,
    series_instance_uid: '1.2.3',
    study_instance_uid: '1.2',
    study_date: '2026-03-14',
    modality: 'DX',
    view_position: 'PA',
    procedure_code: 'thorax',
    procedure_name_nl: 'Thorax',
    procedure_name_en: 'Chest',
    station_name: 'RAD-KAMER3',
    operator_names: ['Petra Jansen'],
    ...patch,
  };
}
