/**
 * Which answers of a criterion meet it, as the scoring panel shows it: a mark on each answer (✓ meets, ✗ does not,
 * – not counted) and one line stating the rule ("Meets from 4 (of 1–5)", "Meets: Good / Perfect"). The rule itself is
 * the database's (private.answer_met); answerKeys carries it from the form's options (domain answerMeets).
 */
import { type AnswerKey, type Criterion, scaleOf } from '@iqs/domain';
import type { Translator } from '../i18n/translator';
import { inLanguage, translated } from '../ui/display';

/** The answer's met state as a data attribute (tests and styles read it). */
export function metAttribute(met: boolean | null): 'true' | 'false' | 'uncounted' {
  return met === null ? 'uncounted' : met ? 'true' : 'false';
}

export function MetMark({ met, translator }: { met: boolean | null; translator: Translator }) {
  const text = translator.t(met === null ? 'forms.met.uncounted' : met ? 'forms.met.yes' : 'forms.met.no');
  return (
    <span className={`iqs-f-met iqs-f-met-${metAttribute(met)}`} title={text}>
      <span aria-hidden="true">{met === null ? '–' : met ? '✓' : '✗'}</span>
      <span className="iqs-sr-only"> ({text})</span>
    </span>
  );
}

/** The rule in words, under the answers. */
export function metRuleText(criterion: Criterion, keys: readonly AnswerKey[], translator: Translator): string | null {
  switch (criterion.kind) {
    // yes / no / n/a: the marks say it (yes meets, no does not, n/a not counted); a line under each would only repeat it
    case 'comment':
    case 'yes_no_na':
      return null;
    case 'scale': {
      const scale = scaleOf(criterion);
      if (!scale) return null;
      return translated(translator, 'forms.rule.scale', { n: scale.met_from ?? scale.max - 1, min: scale.min, max: scale.max });
    }
    case 'choice':
    case 'grade': {
      const meeting = keys.filter((key) => key.met === true);
      if (meeting.length === 0) return translator.t('forms.rule.uncounted');
      // a slash between answers: their labels may hold commas ("Minor, not disturbing")
      const answers = meeting.map((key) => inLanguage(translator.language, key.label_nl, key.label_en) ?? key.value).join(' / ');
      return translated(translator, 'forms.rule.options', { answers });
    }
  }
}

export function MetRule({ criterion, keys, translator }: { criterion: Criterion; keys: readonly AnswerKey[]; translator: Translator }) {
  const text = metRuleText(criterion, keys, translator);
  return text ? (
    <p className="iqs-f-met-rule" data-iqs-met-rule={criterion.code}>
      {text}
    </p>
  ) : null;
}
