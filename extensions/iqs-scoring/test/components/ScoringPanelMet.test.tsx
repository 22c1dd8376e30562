/**
 * The scoring panel says what each scale value means and which answers meet (issue 14, item 2): a labelled scale
 * lists its values with their meanings, every answer carries its mark (✓ meets, ✗ does not, – not counted) and each
 * scale, choice and grade states its rule, in Dutch and English, from the form's own options.
 */
import { render } from '@testing-library/react';
import type { Criterion, ScoringForm } from '@iqs/domain';
import { ScoringPanel } from '../../src/panels/ScoringPanel';
import { worklistItem } from './evaluationFixtures';

const crit = (position: number, code: string, kind: Criterion['kind'], options: Criterion['options'] = null): Criterion => ({
  id: `id-${code}`,
  form_id: 'f-mammo',
  position,
  code,
  kind,
  label_nl: `NL ${code}`,
  label_en: `EN ${code}`,
  help_nl: null,
  help_en: null,
  required: kind !== 'comment',
  options,
});

const FORM: ScoringForm = {
  id: 'f-mammo',
  code: 'mammo-mlo',
  version: 2,
  title_nl: 'Mammografie MLO',
  title_en: 'Mammography MLO',
  source: 'test',
  criteria: [
    crit(1, 'nipple_profile', 'yes_no_na'),
    crit(2, 'noise', 'scale', {
      min: 1,
      max: 3,
      met_from: 2,
      labels: [
        { value: '1', label_nl: 'Te veel ruis', label_en: 'Too noisy' },
        { value: '2', label_nl: 'Aanvaardbaar', label_en: 'Acceptable' },
        { value: '3', label_nl: 'Optimaal', label_en: 'Optimal' },
      ],
    }),
    crit(3, 'pgmi', 'grade', [
      { value: 'I', label_nl: 'Inadequaat', label_en: 'Inadequate' },
      { value: 'M', label_nl: 'Matig', label_en: 'Moderate' },
      { value: 'G', label_nl: 'Goed', label_en: 'Good', met: true },
      { value: 'P', label_nl: 'Perfect', label_en: 'Perfect', met: true },
    ]),
    crit(4, 'overall', 'grade', [
      { value: '1', label_nl: 'Herhalen', label_en: 'Repeat' },
      { value: '2', label_nl: 'Optimaal', label_en: 'Optimal' },
    ]),
    crit(5, 'comment', 'comment'),
  ],
};

function renderPanel(language: 'nl' | 'en') {
  return render(
    <ScoringPanel
      form={FORM}
      item={worklistItem(1)}
      total={3}
      answers={{}}
      onAnswer={() => undefined}
      onSaveAndNext={() => undefined}
      onSkip={() => undefined}
      onPrevious={() => undefined}
      readOnly={false}
      sync={{ status: 'saved', pending: 0, lastError: null }}
      onRetry={() => undefined}
      language={language}
    />,
  );
}

const options = (root: HTMLElement, code: string) =>
  [...root.querySelectorAll<HTMLElement>(`[data-iqs-criterion="${code}"] [data-iqs-value]`)].map((o) => [
    o.dataset['iqsValue'],
    o.dataset['iqsMet'],
    o.querySelector('.iqs-f-meaning')?.textContent ?? null,
  ]);
const rule = (root: HTMLElement, code: string) => root.querySelector(`[data-iqs-met-rule="${code}"]`)?.textContent ?? null;

describe('which answers meet, on the scoring panel', () => {
  it('marks every answer and states each rule (English)', () => {
    const { container } = renderPanel('en');
    expect(options(container, 'nipple_profile')).toEqual([
      ['yes', 'true', null],
      ['no', 'false', null],
      ['na', 'uncounted', null],
    ]);
    expect(options(container, 'noise')).toEqual([
      ['1', 'false', 'Too noisy'],
      ['2', 'true', 'Acceptable'],
      ['3', 'true', 'Optimal'],
    ]);
    expect(options(container, 'pgmi').map(([value, met]) => [value, met])).toEqual([
      ['I', 'false'],
      ['M', 'false'],
      ['G', 'true'],
      ['P', 'true'],
    ]);
    // yes / no / n/a: the marks say it, no line under it
    expect(rule(container, 'nipple_profile')).toBeNull();
    expect(rule(container, 'noise')).toBe('Meets from 2 (of 1–3)');
    expect(rule(container, 'pgmi')).toBe('Meets: Good / Perfect');
    expect(rule(container, 'overall')).toBe('Not counted as met or not');
    expect(rule(container, 'comment')).toBeNull();
    // the scale with meanings is listed as a column, each value with its text
    expect(container.querySelector('[data-iqs-criterion="noise"] .iqs-options')?.classList.contains('iqs-f-labelled')).toBe(true);
    expect(container.querySelector('[data-iqs-criterion="noise"] [data-iqs-value="1"] .iqs-f-met')?.getAttribute('title')).toBe(
      'does not meet',
    );
  });

  it('in Dutch', () => {
    const { container } = renderPanel('nl');
    expect(options(container, 'noise').map((o) => o[2])).toEqual(['Te veel ruis', 'Aanvaardbaar', 'Optimaal']);
    expect(rule(container, 'noise')).toBe('Voldoet vanaf 2 (van 1–3)');
    expect(rule(container, 'pgmi')).toBe('Voldoet: Goed / Perfect');
    expect(rule(container, 'overall')).toBe('Telt niet mee als voldaan of niet');
    expect(container.querySelector('[data-iqs-criterion="pgmi"] [data-iqs-value="G"] .iqs-f-met')?.getAttribute('title')).toBe('voldoet');
  });
});
