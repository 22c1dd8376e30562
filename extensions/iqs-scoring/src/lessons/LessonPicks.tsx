import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Translator } from '../i18n/translator';
import { translated } from '../ui/display';

/**
 * Images ticked in a list (a drill-down, an evaluation summary's faults) to add to a lesson as one case, in the
 * list's order. The ticks clear when the list changes (listKey).
 */
export function useLessonPicks(order: readonly string[], listKey: string) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setPicked(new Set()), [listKey]);
  const toggle = useCallback(
    (sopInstanceUid: string) =>
      setPicked((current) => {
        const next = new Set(current);
        if (next.has(sopInstanceUid)) next.delete(sopInstanceUid);
        else next.add(sopInstanceUid);
        return next;
      }),
    [],
  );
  const images = useMemo(() => order.filter((uid) => picked.has(uid)).map((sopInstanceUid) => ({ sopInstanceUid })), [order, picked]);
  return { picked, toggle, images, clear: () => setPicked(new Set()) };
}

/** The tick box of one image; `what` names the image for screen readers ("image 3", "14 Mar 2026 PA"). */
export function LessonPick({
  sopInstanceUid,
  what,
  checked,
  onToggle,
  translator,
}: {
  sopInstanceUid: string;
  what: string;
  checked: boolean;
  onToggle: (sopInstanceUid: string) => void;
  translator: Translator;
}) {
  return (
    <input
      type="checkbox"
      className="iqs-lesson-pick iqs-no-print"
      checked={checked}
      onChange={() => onToggle(sopInstanceUid)}
      aria-label={translated(translator, 'lesson.pickImage', { what })}
      title={translator.t('lesson.pick')}
      value={sopInstanceUid}
      data-iqs-lesson-pick={sopInstanceUid}
    />
  );
}
