/**
 * The reason picker of a rejected image, keyboard first like the scoring form:
 *
 *   1–9                 choose the reason with that number (the first nine shown; typing narrows what is shown)
 *   letters, Space      type-ahead: the reasons whose label (Dutch or English) has a word starting with what was
 *                       typed, or whose code starts with it; the first of them is chosen
 *   Backspace / Esc     correct / clear what was typed (Esc with nothing typed: cancel, where that is offered)
 *   ↑ ↓, Home / End     move the choice
 *   Enter               save the chosen reason (with the comment)
 *   Tab                 to the comment; there Enter saves too and Esc goes back to the reasons
 *
 * Keys pressed inside the picker stop here: OHIF binds digits, letters, arrows and Enter at document level.
 */
import { type KeyboardEvent as ReactKeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { HOTKEYS } from '../ids';
import type { FocusOffer, RejectReason } from '../ports';
import { translated } from '../ui/display';
import { categoryLabel, groupReasons, reasonLabel, reasonMatches } from '../ui/rejectDisplay';

export interface RejectReasonPickerProps {
  readonly reasons: readonly RejectReason[];
  /** 'record': the reason of a rejected image; 'mark': an accepted image is marked rejected with this reason */
  readonly mode: 'record' | 'mark';
  /** the image: the picker starts afresh when it changes */
  readonly imageKey: string;
  /** chosen when the picker opens: the reason given before, else the modality's */
  readonly initialReasonId: string | null;
  /** the reason chosen at first is the modality's, to confirm or change */
  readonly suggestedByModality: boolean;
  readonly initialComment: string | null;
  readonly onSave: (reasonId: string, comment: string | null) => void;
  /** offered with Esc and a button (marking); none: no cancel */
  readonly onCancel?: () => void;
  /** "Save and next" (the reject worklist) instead of "Save reason" */
  readonly next?: boolean;
  /** take the focus when this changes (not null), and when mounted with it */
  readonly focusTurn?: number | null;
  /** where the picker offers to take the focus back from the viewer (IQS's hotkey, S); none: the key does nothing */
  readonly focusOffer?: FocusOffer;
  readonly translator: Translator;
}

const DIGITS = '123456789';

export function RejectReasonPicker(props: RejectReasonPickerProps) {
  const {
    reasons,
    mode,
    imageKey,
    initialReasonId,
    suggestedByModality,
    initialComment,
    onSave,
    onCancel,
    next = false,
    focusTurn = null,
    focusOffer,
  } = props;
  const { translator } = props;
  const { t, language } = translator;
  const [chosen, setChosen] = useState<string | null>(initialReasonId);
  const [query, setQuery] = useState('');
  const [comment, setComment] = useState(initialComment ?? '');
  const listRef = useRef<HTMLDivElement>(null);
  const commentRef = useRef<HTMLInputElement>(null);
  const idBase = `iqs-reject-${mode}`;

  // another image (or its saved reason changed elsewhere): start from what it holds
  useEffect(() => {
    setChosen(initialReasonId);
    setQuery('');
    setComment(initialComment ?? '');
  }, [imageKey, initialReasonId, initialComment]);

  // asked to take the focus (opened from the reject worklist): the picker's top comes into view, with the mark above it
  const rootRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (focusTurn === null) return;
    listRef.current?.focus({ preventScroll: true });
    const section = rootRef.current?.closest<HTMLElement>('[data-iqs-panel="reject"]') ?? rootRef.current;
    section?.scrollIntoView?.({ block: 'start' });
  }, [focusTurn, imageKey]);

  // IQS's hotkey (S, from the viewer) brings the focus back here, as it does to the scoring form
  useEffect(() => {
    if (!focusOffer) return undefined;
    return focusOffer(() => {
      if (!listRef.current) return false;
      listRef.current.focus({ preventScroll: true });
      rootRef.current?.scrollIntoView?.({ block: 'nearest' });
      return true;
    });
  }, [focusOffer]);

  const groups = useMemo(() => groupReasons(reasons), [reasons]);
  const shown = useMemo(
    () => groups.flatMap((group) => group.reasons).filter((reason) => reasonMatches(reason, query, language)),
    [groups, query, language],
  );
  const numberOf = (reason: RejectReason): number | null => {
    const at = shown.indexOf(reason);
    return at >= 0 && at < DIGITS.length ? at + 1 : null;
  };

  // keep the chosen reason in view in a long list
  useEffect(() => {
    if (!chosen) return;
    const list = listRef.current;
    const option = list?.querySelector<HTMLElement>(`[data-iqs-reason-id="${chosen}"]`);
    if (!list || !option) return;
    // only the list scrolls, not the panel around it
    const top = option.offsetTop;
    if (top < list.scrollTop) list.scrollTop = top;
    else if (top + option.offsetHeight > list.scrollTop + list.clientHeight) list.scrollTop = top + option.offsetHeight - list.clientHeight;
  }, [chosen]);

  const chosenReason = reasons.find((r) => r.id === chosen) ?? null;
  const confirming = suggestedByModality && chosen !== null && chosen === initialReasonId;

  const save = (): void => {
    // what was typed matches nothing: Enter saves nothing rather than a reason no longer shown
    if (!chosen || (query !== '' && !shown.some((reason) => reason.id === chosen))) return;
    const text = comment.trim() === '' ? null : comment.trim();
    onSave(chosen, text);
  };

  const typeAhead = (text: string): void => {
    setQuery(text);
    const first = groups.flatMap((group) => group.reasons).find((reason) => reasonMatches(reason, text, language));
    if (first) setChosen(first.id);
  };

  const move = (step: number): void => {
    if (shown.length === 0) return;
    const at = shown.findIndex((reason) => reason.id === chosen);
    const target = at < 0 ? (step > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, at + step));
    setChosen(shown[target]?.id ?? null);
  };

  const onKeyDown = (event: ReactKeyboardEvent<HTMLElement>): void => {
    if (event.altKey || event.metaKey) return;
    const target = event.target as HTMLElement;
    if (target === commentRef.current) {
      // typing is text; nothing typed here reaches OHIF
      event.stopPropagation();
      if (event.key === 'Enter') {
        event.preventDefault();
        save();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        listRef.current?.focus();
      }
      return;
    }
    if (event.ctrlKey) return;
    if (target.tagName === 'BUTTON' && (event.key === 'Enter' || event.key === ' ')) {
      // the picker's buttons: pressed as buttons
      event.stopPropagation();
      return;
    }
    const key = event.key;
    if (DIGITS.includes(key) && key.length === 1) {
      const reason = shown[Number(key) - 1];
      if (reason) setChosen(reason.id);
    } else if (key === 'Enter') {
      save();
    } else if (key === 'ArrowDown') move(1);
    else if (key === 'ArrowUp') move(-1);
    else if (key === 'Home') setChosen(shown[0]?.id ?? chosen);
    else if (key === 'End') setChosen(shown[shown.length - 1]?.id ?? chosen);
    else if (key === 'Backspace') {
      if (query !== '') typeAhead(query.slice(0, -1));
    } else if (key === 'Escape') {
      if (query !== '') setQuery('');
      else if (onCancel) onCancel();
      else {
        event.stopPropagation();
        return;
      }
    } else if (key.length === 1 && (key !== ' ' || query !== '') && /[\p{L}\p{N} ()/-]/u.test(key)) {
      typeAhead(query + key);
    } else {
      // not ours: kept from OHIF while the focus is here, but the browser keeps Tab
      if (key.length === 1 || key.startsWith('Arrow') || key.startsWith('Page')) {
        event.stopPropagation();
        if (key !== ' ') event.preventDefault();
      }
      return;
    }
    event.preventDefault();
    event.stopPropagation();
  };

  const title =
    mode === 'mark'
      ? t('reject.pickerMarkTitle')
      : initialReasonId && !suggestedByModality
        ? t('reject.pickerChange')
        : t('reject.pickerTitle');
  const saveLabel = mode === 'mark' ? t('reject.markSave') : next ? t('reject.saveNext') : t('reject.save');

  return (
    <section
      ref={rootRef}
      className="iqs-reject-picker"
      data-cy="reject-picker"
      data-iqs-reject-picker={mode}
      data-iqs-image={imageKey}
      data-iqs-chosen={chosenReason?.code ?? ''}
      data-iqs-query={query}
      aria-label={title}
      onKeyDown={onKeyDown}
    >
      <h3 className="iqs-reject-picker-title">{title}</h3>
      {confirming && chosenReason && (
        <p className="iqs-reject-suggested" data-iqs-reject-suggested={chosenReason.code} data-cy="reject-suggested">
          {t('reject.confirmModality')}
        </p>
      )}
      <p className={`iqs-reject-search${query ? ' iqs-reject-searching' : ''}`} aria-live="polite" data-iqs-reject-search>
        {query ? translated(translator, 'reject.searching', { query }) : t('reject.typeToSearch')}
      </p>
      <div
        ref={listRef}
        className="iqs-reject-reasons"
        role="listbox"
        tabIndex={0}
        aria-label={title}
        aria-activedescendant={chosen && shown.some((r) => r.id === chosen) ? `${idBase}-${chosen}` : undefined}
        data-iqs-reject-reasons
        data-cy="reject-reasons"
      >
        {shown.length === 0 && <p className="iqs-message">{translated(translator, 'reject.noMatch', { query })}</p>}
        {groups.map((group) => {
          const visible = group.reasons.filter((reason) => shown.includes(reason));
          if (visible.length === 0) return null;
          const labelId = `${idBase}-category-${group.category}`;
          return (
            <div
              key={group.category}
              role="group"
              aria-labelledby={labelId}
              className="iqs-reject-group"
              data-iqs-category={group.category}
            >
              <div id={labelId} className="iqs-reject-category">
                {categoryLabel(group.category, translator)}
              </div>
              {visible.map((reason) => {
                const number = numberOf(reason);
                const selected = reason.id === chosen;
                const isSuggestion = suggestedByModality && reason.id === initialReasonId;
                return (
                  <div
                    key={reason.id}
                    id={`${idBase}-${reason.id}`}
                    role="option"
                    aria-selected={selected}
                    className={`iqs-reject-reason${selected ? ' iqs-checked' : ''}`}
                    data-cy="reject-reason"
                    data-iqs-reason={reason.code}
                    data-iqs-reason-id={reason.id}
                    onClick={() => {
                      setChosen(reason.id);
                      listRef.current?.focus();
                    }}
                  >
                    <kbd aria-hidden="true" className={number === null ? 'iqs-kbd-empty' : undefined}>
                      {number ?? ''}
                    </kbd>
                    <span className="iqs-reject-reason-label">
                      {reasonLabel(reason, language)}
                      {reason.coding_scheme === 'DCM' && <span className="iqs-reject-code"> {reason.code}</span>}
                      {!reason.counts_as_reject && <span className="iqs-reject-code"> ({t('reject.testImage')})</span>}
                    </span>
                    {isSuggestion && <span className="iqs-reject-from-modality">{t('reject.fromModality')}</span>}
                    {selected && (
                      <span className="iqs-option-check" aria-hidden="true">
                        ✓
                      </span>
                    )}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
      <label className="iqs-reject-comment">
        {t('reject.comment')}
        <input
          ref={commentRef}
          type="text"
          maxLength={2000}
          value={comment}
          placeholder={t('reject.commentPlaceholder')}
          onChange={(event) => setComment(event.target.value)}
          data-iqs-reject-comment
          data-cy="reject-comment"
        />
      </label>
      <footer className="iqs-reject-actions">
        {onCancel && (
          <button type="button" className="iqs-secondary" onClick={onCancel} data-iqs-action="reject-cancel" data-cy="reject-cancel">
            {t('common.cancel')}
          </button>
        )}
        <button
          type="button"
          className="iqs-primary"
          onClick={save}
          disabled={!chosen}
          data-iqs-action={mode === 'mark' ? 'reject-mark' : 'reject-save'}
          data-cy={mode === 'mark' ? 'reject-mark-save' : 'reject-save'}
        >
          {saveLabel} <kbd aria-hidden="true">Enter</kbd>
        </button>
      </footer>
      <p className="iqs-keys-help">
        {t('reject.keysHelp')}
        {focusOffer && (
          <>
            <br />
            {translated(translator, 'scoring.viewportKeyHelp', { key: HOTKEYS.focusScoringForm.keys[0].toUpperCase() })}
          </>
        )}
      </p>
    </section>
  );
}
