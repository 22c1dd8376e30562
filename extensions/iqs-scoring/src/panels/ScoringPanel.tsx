/**
 * The right panel during an evaluation: the scoring form of the current image, keyboard first.
 *
 * Keys (shown on screen next to each answer):
 *   inside the panel, on a criterion   its answer keys (see domain/scoringForm.ts answerKeys), then the focus moves on
 *                                      to the next unanswered criterion (or to "Save and next" when none is left)
 *   ↑ / ↓, Home / End, Tab             move between criteria
 *   Enter                              save and next (refused, naming what is missing, while a required one is open)
 *   in a text box                      typing is text: only Esc (back to the criterion) and Ctrl+Enter (save and
 *                                      next) are taken
 * Keys pressed inside the panel stop here: OHIF 3.13 binds 1–4 (window presets), ↑ ↓ ← → (images, viewports),
 * Enter, Space, Esc and single letters (z r l h v c i a b e n) at document level through Mousetrap, which listens on
 * the document in the bubbling phase, so answering "1" on a criterion must not also change the window.
 *
 * From the rest of the viewer, IQS's hotkey ("s", bound by the IQS mode as an OHIF hotkey to the command
 * iqsFocusScoringForm) brings the focus back to the form, while the form is shown and editable: the panel offers to
 * take the focus through `focusOffer`. OHIF's hotkeys skip text fields, and a key pressed inside the panel never
 * reaches them (see above). Every other key on the viewport stays OHIF's (window presets, scrolling, tools).
 */
import { type KeyboardEvent as ReactKeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  type AnswerContent,
  type AnswersByCriterionId,
  answerForKey,
  answerKeys,
  type Criterion,
  criteriaInOrder,
  firstUnanswered,
  isAnswered,
  missingRequired,
  nextCriterion,
  previousCriterion,
  type ScoringForm,
  type WorklistItem,
} from '@iqs/domain';
import { HOTKEYS } from '../ids';
import { createTranslator, type Language, type Translator } from '../i18n/translator';
import type { FocusOffer } from '../ports';
import { formatDate, inLanguage, positionOf, translated, worklistUnits, type WorklistUnits } from '../ui/display';
import { ensureStyles } from '../ui/styles';
import { MetMark, MetRule, metAttribute } from '../forms/MetMarks';

/** The answers' sync state as the panel shows it (the answer outbox's state). */
export interface ScoringSyncState {
  readonly status: 'saved' | 'waiting' | 'failed';
  readonly pending: number;
  readonly lastError: string | null;
}

/** The key that brings the focus from the viewport back to the form, as the help text names it (IQS's hotkey). */
export const VIEWPORT_KEY = HOTKEYS.focusScoringForm.keys[0];

export interface ScoringPanelProps {
  /** the form of the current image; null while it loads or when the image has none */
  readonly form: ScoringForm | null;
  /** the current image's worklist item: the focus starts again at the top of the form when it changes */
  readonly item: WorklistItem | null;
  /** how many items the worklist holds, for "Image 7 of 20" */
  readonly total?: number;
  /** what the worklist's items are (display.ts worklistUnits): "Series 1 of 5"; absent: what this item is */
  readonly units?: WorklistUnits;
  /** the current answers of this image, by criterion id */
  readonly answers: AnswersByCriterionId;
  /** a value (null for a comment criterion) and comment (null when none) for a criterion of this image */
  readonly onAnswer: (criterion: Criterion, value: string | null, comment: string | null) => void;
  /** every required criterion is answered: mark the image scored and open the next */
  readonly onSaveAndNext: () => void;
  readonly onSkip: () => void;
  readonly onPrevious: () => void;
  /** no previous image (the first in the worklist): the button is disabled */
  readonly canGoPrevious?: boolean;
  /** a closed evaluation: answers are shown, not changed; "Save and next" becomes "Next" */
  readonly readOnly: boolean;
  readonly sync: ScoringSyncState;
  readonly onRetry: () => void;
  readonly language: Language;
  /** take the focus when mounted (e.g. when the evaluation opens); off by default so the viewer keeps its focus */
  readonly autoFocus?: boolean;
  /** where the panel offers to take the focus back from the viewer (IQS's hotkey); none: the key does nothing */
  readonly focusOffer?: FocusOffer;
}

function answerTo(answers: AnswersByCriterionId, criterionId: string): AnswerContent | undefined {
  if (answers instanceof Map) return answers.get(criterionId);
  return (answers as Readonly<Record<string, AnswerContent | undefined>>)[criterionId];
}

function isTextEntry(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (element as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return (element as HTMLElement).isContentEditable === true;
}

function SyncBadge({ sync, onRetry, translator }: { sync: ScoringSyncState; onRetry: () => void; translator: Translator }) {
  const { t } = translator;
  if (sync.status === 'failed') {
    return (
      <div className="iqs-sync iqs-sync-failed" data-iqs-sync="failed" data-iqs-pending={sync.pending} role="alert">
        <span aria-hidden="true" className="iqs-sync-mark">
          ⚠
        </span>
        <span className="iqs-sync-text">
          <strong>{t('sync.failed')}</strong>
          {sync.pending > 0 ? ` (${sync.pending})` : ''}
          {sync.lastError ? <span className="iqs-sync-error">{sync.lastError}</span> : null}
        </span>
        <button type="button" onClick={onRetry} data-iqs-action="retry">
          {t('sync.retry')}
        </button>
      </div>
    );
  }
  const waiting = sync.status === 'waiting';
  return (
    <div
      className={`iqs-sync ${waiting ? 'iqs-sync-waiting' : 'iqs-sync-saved'}`}
      data-iqs-sync={sync.status}
      data-iqs-pending={sync.pending}
      role="status"
      title={waiting ? t('sync.waitingHelp') : undefined}
    >
      <span aria-hidden="true" className="iqs-sync-mark">
        {waiting ? '⟳' : '✓'}
      </span>
      <span className="iqs-sync-text">{waiting ? translated(translator, 'sync.waiting', { n: sync.pending }) : t('sync.saved')}</span>
    </div>
  );
}

interface CriterionRowProps {
  readonly criterion: Criterion;
  readonly index: number;
  readonly itemId: string;
  readonly answer: AnswerContent | undefined;
  readonly missing: boolean;
  readonly focused: boolean;
  readonly readOnly: boolean;
  readonly translator: Translator;
  readonly register: (criterionId: string, element: HTMLElement | null) => void;
  readonly onAnswer: (criterion: Criterion, value: string | null, comment: string | null, advance: boolean) => void;
  readonly onFocusCriterion: (criterionId: string) => void;
}

function CriterionRow(props: CriterionRowProps) {
  const { criterion, index, itemId, answer, missing, focused, readOnly, translator, register, onAnswer, onFocusCriterion } = props;
  const { t, language } = translator;
  const label = inLanguage(language, criterion.label_nl, criterion.label_en) ?? criterion.code;
  const help = inLanguage(language, criterion.help_nl, criterion.help_en);
  const keys = answerKeys(criterion);
  const isComment = criterion.kind === 'comment';
  const savedComment = answer?.comment ?? '';
  // the text being typed is kept here and given to onAnswer when the box is left, not on every key stroke
  const [draft, setDraft] = useState(savedComment);
  const [remarkOpen, setRemarkOpen] = useState(savedComment !== '' && !isComment);
  const labelId = `iqs-criterion-${criterion.id}-label`;
  const remarkRef = useRef<HTMLInputElement>(null);
  // the remark box opened by its button takes the focus once it is there
  const focusRemark = useRef(false);
  useEffect(() => {
    if (remarkOpen && focusRemark.current) remarkRef.current?.focus();
    focusRemark.current = false;
  }, [remarkOpen]);

  // another image, or the saved text changed elsewhere: show what is saved
  useEffect(() => {
    setDraft(savedComment);
    setRemarkOpen(savedComment !== '' && !isComment);
  }, [itemId, savedComment, isComment]);

  const commitText = (): void => {
    const text = draft.trim() === '' ? null : draft;
    if (text === (answer?.comment ?? null)) return;
    onAnswer(criterion, isComment ? null : (answer?.value ?? null), text, false);
  };

  const answered = isAnswered(criterion, answer);
  return (
    <div
      className={`iqs-criterion${focused ? ' iqs-focused' : ''}${missing ? ' iqs-missing' : ''}${answered ? ' iqs-answered' : ''}`}
      data-iqs-criterion={criterion.code}
      data-iqs-criterion-id={criterion.id}
      data-iqs-kind={criterion.kind}
      data-iqs-answer={answer?.value ?? ''}
      role={isComment ? 'group' : 'radiogroup'}
      aria-labelledby={labelId}
      aria-required={criterion.required || undefined}
      aria-invalid={missing || undefined}
      aria-readonly={readOnly || undefined}
      // a comment criterion is reached in its text box; its box itself only takes the focus back from Esc
      tabIndex={isComment ? -1 : 0}
      ref={isComment ? undefined : (element) => register(criterion.id, element)}
      onFocus={() => onFocusCriterion(criterion.id)}
    >
      <div className="iqs-criterion-head">
        <span className="iqs-criterion-number" aria-hidden="true">
          {index + 1}
        </span>
        <span id={labelId} className="iqs-criterion-label">
          {label}
          {criterion.required && (
            <span className="iqs-required" title={t('scoring.required')}>
              <span aria-hidden="true"> *</span>
              <span className="iqs-sr-only"> ({t('scoring.required')})</span>
            </span>
          )}
        </span>
      </div>
      {help && <p className="iqs-criterion-help">{help}</p>}
      {isComment ? (
        <textarea
          className="iqs-comment"
          aria-labelledby={labelId}
          ref={(element) => register(criterion.id, element)}
          value={draft}
          placeholder={readOnly ? undefined : t('scoring.commentPlaceholder')}
          readOnly={readOnly}
          rows={3}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={commitText}
        />
      ) : (
        <>
          <div
            className={`iqs-options iqs-options-${criterion.kind}${keys.some((key) => key.meaning_en !== null) ? ' iqs-f-labelled' : ''}`}
          >
            {keys.map((key) => {
              const checked = answer?.value === key.value;
              const meaning = inLanguage(language, key.meaning_nl, key.meaning_en);
              return (
                <button
                  key={key.value}
                  type="button"
                  role="radio"
                  aria-checked={checked}
                  tabIndex={-1}
                  disabled={readOnly && !checked}
                  className={`iqs-option${checked ? ' iqs-checked' : ''}`}
                  data-iqs-value={key.value}
                  data-iqs-met={metAttribute(key.met)}
                  aria-keyshortcuts={key.keys.map((k) => k.toUpperCase()).join(' ')}
                  onClick={() => {
                    if (!readOnly) onAnswer(criterion, key.value, answer?.comment ?? null, true);
                  }}
                >
                  <kbd aria-hidden="true">{key.display}</kbd>
                  <span className="iqs-option-label">{inLanguage(language, key.label_nl, key.label_en)}</span>
                  {meaning && <span className="iqs-f-meaning">{meaning}</span>}
                  <MetMark met={key.met} translator={translator} />
                  {checked && (
                    <span className="iqs-option-check" aria-hidden="true">
                      ✓
                    </span>
                  )}
                </button>
              );
            })}
          </div>
          <MetRule criterion={criterion} keys={keys} translator={translator} />
          {remarkOpen ? (
            <input
              type="text"
              className="iqs-remark"
              ref={remarkRef}
              aria-label={translated(translator, 'scoring.remark', { criterion: label })}
              value={draft}
              readOnly={readOnly}
              onChange={(event) => setDraft(event.target.value)}
              onBlur={commitText}
            />
          ) : (
            !readOnly && (
              <button
                type="button"
                className="iqs-link-button"
                onClick={() => {
                  focusRemark.current = true;
                  setRemarkOpen(true);
                }}
              >
                + {t('scoring.addRemark')}
              </button>
            )
          )}
          {!answered && !readOnly && <span className="iqs-sr-only">{t('scoring.unanswered')}</span>}
        </>
      )}
    </div>
  );
}

export function ScoringPanel(props: ScoringPanelProps) {
  const {
    form,
    item,
    total,
    units,
    answers,
    onAnswer,
    onSaveAndNext,
    onSkip,
    onPrevious,
    canGoPrevious = true,
    readOnly,
    sync,
    onRetry,
    language,
    autoFocus = false,
    focusOffer,
  } = props;
  const translator = useMemo(() => createTranslator(language), [language]);
  const { t, locale } = translator;
  const rootRef = useRef<HTMLElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const targets = useRef(new Map<string, HTMLElement>());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const [flagMissing, setFlagMissing] = useState(false);
  // answers given that the props do not show yet: the parent's update may not have come back when the next key follows
  const given = useRef(new Map<string, AnswerContent>());
  // an action in the panel moved to another image: the focus follows to the new form
  const refocus = useRef(autoFocus);
  const itemId = item?.item_id ?? '';

  useEffect(() => ensureStyles(), []);
  useEffect(() => {
    given.current.clear();
  }, [itemId]);
  // an answer leaves `given` only once the props carry it: a fast typist is often a key or two ahead of them
  useEffect(() => {
    for (const [id, answer] of given.current) {
      const back = answerTo(answers, id);
      if (back && back.value === answer.value && back.comment === answer.comment) given.current.delete(id);
    }
  }, [answers]);

  const criteria = useMemo(() => (form ? criteriaInOrder(form) : []), [form]);
  const merged = useCallback((): Map<string, AnswerContent> => {
    const all = new Map<string, AnswerContent>();
    for (const criterion of criteria) {
      const answer = answerTo(answers, criterion.id);
      if (answer) all.set(criterion.id, answer);
    }
    for (const [id, answer] of given.current) all.set(id, answer);
    return all;
  }, [answers, criteria]);

  const register = useCallback((criterionId: string, element: HTMLElement | null) => {
    if (element) targets.current.set(criterionId, element);
    else targets.current.delete(criterionId);
  }, []);

  const focusCriterion = useCallback((criterion: Criterion | null) => {
    if (!criterion) return;
    setFocusedId(criterion.id);
    targets.current.get(criterion.id)?.focus();
  }, []);

  // a new image: start at its first open criterion, if the focus was ours (or the form opens with it: autoFocus)
  useEffect(() => {
    setFlagMissing(false);
    // no form yet (it is still loading): the focus waits for it, so keys work from the first image on
    if (!form) return;
    const root = rootRef.current;
    const active = root?.ownerDocument.activeElement ?? null;
    const ours = refocus.current || (root !== null && active !== null && root.contains(active) && active !== root);
    refocus.current = false;
    const start = firstUnanswered(form, answers) ?? criteria[0] ?? null;
    if (ours) focusCriterion(start);
    else setFocusedId(start?.id ?? null);
    // only when the image (or its form) changes, not on every answer
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the form and answers of that moment are the ones meant
  }, [itemId, form?.id]);

  const missing = useMemo(
    () => (form && flagMissing && !readOnly ? missingRequired(form, merged()) : []),
    [form, flagMissing, readOnly, merged],
  );

  const saveAndNext = useCallback((): void => {
    if (!form) return;
    if (!readOnly) {
      const open = missingRequired(form, merged());
      if (open.length > 0) {
        setFlagMissing(true);
        focusCriterion(open[0] ?? null);
        return;
      }
    }
    setFlagMissing(false);
    refocus.current = true;
    onSaveAndNext();
  }, [form, readOnly, merged, focusCriterion, onSaveAndNext]);

  const answer = useCallback(
    (criterion: Criterion, value: string | null, comment: string | null, advance: boolean): void => {
      if (readOnly || !form) return;
      given.current.set(criterion.id, { value, comment });
      onAnswer(criterion, value, comment);
      if (!advance) return;
      const next = firstUnanswered(form, merged(), criterion.id);
      if (next) focusCriterion(next);
      else {
        setFocusedId(null);
        saveRef.current?.focus();
      }
    },
    [readOnly, form, onAnswer, merged, focusCriterion],
  );

  const move = (from: string | null, step: 1 | -1): void => {
    if (!form) return;
    const target = step === 1 ? nextCriterion(form, from) : previousCriterion(form, from);
    if (target) focusCriterion(target);
    else if (step === 1 && from !== null) saveRef.current?.focus();
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>): void => {
    if (event.altKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    const criterionElement = target.closest<HTMLElement>('[data-iqs-criterion-id]');
    const criterion = criterionElement ? (criteria.find((c) => c.id === criterionElement.dataset['iqsCriterionId']) ?? null) : null;

    if (isTextEntry(target)) {
      // typing is text; OHIF ignores text fields too, but nothing typed here should reach it
      event.stopPropagation();
      if (event.key === 'Escape' && criterionElement) {
        event.preventDefault();
        target.blur();
        criterionElement.focus();
      } else if (event.key === 'Enter' && event.ctrlKey) {
        event.preventDefault();
        target.blur();
        saveAndNext();
      }
      return;
    }
    if (event.ctrlKey && event.key !== 'Enter') return;

    const inCriterion = criterionElement !== null;
    switch (event.key) {
      case 'ArrowDown':
        move(criterion?.id ?? (inCriterion ? null : focusedId), 1);
        break;
      case 'ArrowUp':
        move(criterion?.id ?? (inCriterion || target === saveRef.current ? null : focusedId), -1);
        break;
      case 'Home':
        focusCriterion(criteria[0] ?? null);
        break;
      case 'End':
        focusCriterion(criteria[criteria.length - 1] ?? null);
        break;
      case 'Enter':
        // on the panel's other buttons (skip, previous, retry, remark) Enter presses that button; on an answer it saves
        if (target.tagName === 'BUTTON' && target.getAttribute('role') !== 'radio' && target !== saveRef.current) {
          event.stopPropagation();
          return;
        }
        saveAndNext();
        break;
      default: {
        const value = criterion && event.key.length === 1 ? answerForKey(criterion, event.key) : null;
        if (value !== null && criterion) {
          if (!readOnly) answer(criterion, value, answerTo(merged(), criterion.id)?.comment ?? null, true);
        } else {
          // not ours: keep it from OHIF while the focus is in the panel, but let the browser have it (Tab, Space)
          if (
            event.key.length === 1 ||
            event.key === 'Escape' ||
            event.key.startsWith('Arrow') ||
            event.key.startsWith('Page') ||
            event.key === 'Backspace'
          ) {
            event.stopPropagation();
            // Space presses a focused button (native); any other character does nothing here
            if (!(event.key === ' ' && target.tagName === 'BUTTON')) event.preventDefault();
          }
          return;
        }
      }
    }
    event.preventDefault();
    event.stopPropagation();
  };

  // IQS's hotkey (VIEWPORT_KEY, from the viewer) brings the focus back to the form, at its first open criterion
  useEffect(() => {
    if (readOnly || !form || !focusOffer) return undefined;
    return focusOffer(() => {
      const start = firstUnanswered(form, merged()) ?? criteria[0] ?? null;
      if (!start) return false;
      focusCriterion(start);
      return true;
    });
  }, [readOnly, form, merged, criteria, focusCriterion, focusOffer]);

  const current = merged();
  const allAnswered = form !== null && !readOnly && firstUnanswered(form, current) === null && missingRequired(form, current).length === 0;
  const procedure = item ? (inLanguage(language, item.procedure_name_nl, item.procedure_name_en) ?? item.procedure_code) : null;
  const missingLabels = missing.map((criterion) => inLanguage(language, criterion.label_nl, criterion.label_en) ?? criterion.code);

  return (
    <section
      ref={rootRef}
      className="iqs-panel iqs-scoring"
      data-iqs-panel="scoring"
      data-iqs-item={itemId}
      data-iqs-readonly={readOnly ? 'true' : 'false'}
      lang={language}
      aria-label={t('scoring.title')}
      onKeyDown={onKeyDown}
    >
      <SyncBadge sync={sync} onRetry={onRetry} translator={translator} />
      <header className="iqs-scoring-header">
        {item && (
          <p className="iqs-eyebrow" data-iqs-position={item.position}>
            {total
              ? positionOf(translator, units ?? worklistUnits([item]), item.position, total)
              : translated(translator, item.unit === 'series' ? 'series.position' : 'common.image', { n: item.position })}
          </p>
        )}
        <h2>{procedure ?? (form ? inLanguage(language, form.title_nl, form.title_en) : t('scoring.title'))}</h2>
        {item && (
          <p className="iqs-muted">
            {formatDate(item.study_date, locale) ?? t('common.unknownDate')} · {item.station_name ?? t('common.unknownRoom')}
            {item.view_position ? ` · ${item.view_position}` : ''}
          </p>
        )}
        {form && procedure && <p className="iqs-form-title">{inLanguage(language, form.title_nl, form.title_en)}</p>}
      </header>
      {readOnly && <p className="iqs-notice">{t('scoring.readOnly')}</p>}
      {!form ? (
        <p className="iqs-message">{t('scoring.noForm')}</p>
      ) : (
        <>
          {missing.length > 0 && (
            <div className="iqs-missing-alert" role="alert" data-iqs-missing={missing.map((c) => c.code).join(' ')}>
              <strong>{t('scoring.missing')}</strong> {missingLabels.join(', ')}
            </div>
          )}
          <div className="iqs-criteria">
            {criteria.map((criterion, index) => (
              <CriterionRow
                key={criterion.id}
                criterion={criterion}
                index={index}
                itemId={itemId}
                answer={current.get(criterion.id)}
                missing={missing.some((m) => m.id === criterion.id)}
                focused={focusedId === criterion.id}
                readOnly={readOnly}
                translator={translator}
                register={register}
                onAnswer={answer}
                onFocusCriterion={setFocusedId}
              />
            ))}
          </div>
          {allAnswered && <p className="iqs-hint iqs-all-answered">{t('scoring.allAnswered')}</p>}
        </>
      )}
      <footer className="iqs-scoring-actions">
        <button
          type="button"
          className="iqs-secondary"
          onClick={() => {
            refocus.current = true;
            onPrevious();
          }}
          disabled={!canGoPrevious}
          data-iqs-action="previous"
        >
          ← {t('scoring.previous')}
        </button>
        {!readOnly && (
          <button
            type="button"
            className="iqs-secondary"
            onClick={() => {
              refocus.current = true;
              onSkip();
            }}
            data-iqs-action="skip"
          >
            {t('scoring.skip')}
          </button>
        )}
        <button type="button" className="iqs-primary" ref={saveRef} onClick={saveAndNext} disabled={!form} data-iqs-action="save-next">
          {readOnly ? t('scoring.next') : t('scoring.saveNext')} <kbd aria-hidden="true">Enter</kbd>
        </button>
      </footer>
      {!readOnly && form && (
        <p className="iqs-keys-help">
          {t('scoring.keysHelp')}
          <br />
          {translated(translator, 'scoring.viewportKeyHelp', { key: VIEWPORT_KEY.toUpperCase() })}
        </p>
      )}
    </section>
  );
}
