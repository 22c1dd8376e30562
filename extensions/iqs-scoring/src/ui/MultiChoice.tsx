/**
 * A filter of several values, shared by the analyses on the IQS page (rejects, dose): a disclosure with checkboxes,
 * its summary saying how many are chosen. Its look is in pages/rejectAnalysisStyles.ts (.iqs-multi).
 */
import type { Translator } from '../i18n/translator';
import { translated } from './display';

const toggle = <T,>(list: readonly T[], value: T, on: boolean): T[] => (on ? [...list, value] : list.filter((v) => v !== value));

export interface Option {
  readonly value: string;
  readonly label: string;
  /** a heading before this option (reasons by category) */
  readonly heading?: string;
}

export function MultiChoice<T extends string>({
  name,
  label,
  options,
  chosen,
  onChange,
  translator,
  cyPrefix = 'reject-filter',
}: {
  name: string;
  label: string;
  options: readonly Option[];
  chosen: readonly T[];
  onChange: (next: T[]) => void;
  translator: Translator;
  /** the data-cy handle is `<cyPrefix>-<name>` */
  cyPrefix?: string;
}) {
  return (
    <details className="iqs-multi" data-cy={`${cyPrefix}-${name}`}>
      <summary>
        {label}:{' '}
        <span className="iqs-multi-count">
          {chosen.length ? translated(translator, 'ra.filtersChosen', { n: chosen.length }) : translator.t('ra.filterAll')}
        </span>
      </summary>
      <div className="iqs-multi-options" role="group" aria-label={label}>
        {options.map((option) => (
          <div key={option.value}>
            {option.heading && <p className="iqs-subheading">{option.heading}</p>}
            <label className="iqs-check">
              <input
                type="checkbox"
                value={option.value}
                checked={chosen.includes(option.value as T)}
                onChange={(event) => onChange(toggle(chosen, option.value as T, event.target.checked))}
              />
              {option.label}
            </label>
          </div>
        ))}
      </div>
    </details>
  );
}
