import { act, fireEvent, render, screen } from '@testing-library/react';
import { createStore } from 'zustand/vanilla';
import { createTranslator } from '../../src/i18n/translator';
import { rejectOverlayText, createRejectOverlayItems } from '../../src/overlay/rejectOverlayItem';
import { RejectImageSection, RejectsToExplainPanel } from '../../src/panels/RejectPanel';
import type { ImageRejectStatus, RejectActions, RejectState } from '../../src/ports';
import { initialRejectState } from '../../src/rejects/rejectSession';
import { initialSyncState, type SyncState } from '../../src/sync';
import { reasons, status, toExplain } from '../rejects/rejectFixtures';

const en = createTranslator('en');
const nl = createTranslator('nl');

function actions(done: string[]): RejectActions {
  const record =
    (name: string) =>
    (...args: unknown[]): void =>
      void done.push([name, ...args].join(':'));
  return {
    recordReason: record('record'),
    markRejected: record('mark'),
    unmarkRejected: record('unmark'),
    openToExplain: record('open'),
    refreshToExplain: record('refresh'),
    retrySync: record('retry'),
  };
}

const ready = (value: ImageRejectStatus | null, change: Partial<RejectState> = {}): RejectState => ({
  ...initialRejectState,
  active: true,
  reasons,
  toExplain: [],
  image: { status: 'ready', sopInstanceUid: '1.2.3', value },
  ...change,
});

function section(state: RejectState, done: string[] = [], sync: SyncState = initialSyncState, translator = en) {
  return render(<RejectImageSection state={state} sync={sync} actions={actions(done)} translator={translator} />);
}

const mark = (): HTMLElement | null => document.querySelector('[data-iqs-reject-mark]');

describe('the Rejected mark in the IQS panel', () => {
  it('a 113001 note: Rejected, the note’s title and date; the picker for the reason', () => {
    section(ready(status()));
    expect(mark()?.getAttribute('data-iqs-reject-mark')).toBe('rejected');
    expect(mark()?.getAttribute('data-iqs-reject-source')).toBe('iocm');
    expect(mark()?.textContent).toContain('Rejected');
    expect(mark()?.textContent).toContain('IOCM note 113001: Rejected for quality reasons');
    expect(mark()?.textContent).toContain('note of 14 Mar 2026');
    expect(document.querySelector('[data-iqs-reject-picker="record"]')).not.toBeNull();
    // the browser tests' handles
    for (const handle of ['reject-panel', 'reject-mark', 'reject-picker', 'reject-reasons', 'reject-comment', 'reject-save'])
      expect(document.querySelector(`[data-cy="${handle}"]`)).not.toBeNull();
    expect(document.querySelectorAll('[data-cy="reject-reason"]')).toHaveLength(reasons.length);
  });

  it('marked in IQS: says so with its date, and offers the undo to whoever may', () => {
    const done: string[] = [];
    section(
      ready(
        status({
          reject_source: 'iqs',
          iocm_title: null,
          noted_on: '2026-12-04',
          reason_id: 'r-pos',
          reason_en: 'Positioning',
          reason_source: 'person',
          recorded_at: '2026-12-04T08:00:00Z',
          may_unmark: true,
        }),
      ),
      done,
    );
    expect(mark()?.getAttribute('data-iqs-reject-source')).toBe('iqs');
    expect(mark()?.textContent).toContain('Marked rejected in IQS on 4 Dec 2026');
    expect(document.querySelector('[data-iqs-reason-source="person"]')?.textContent).toContain('Positioning');
    fireEvent.click(screen.getByRole('button', { name: 'Undo the rejection (IQS)' }));
    expect(done).toEqual(['unmark']);
  });

  it.each(['113037', '113038', '113039'] as const)(
    'an image named only by a %s note: shown as that note, never as a quality reject',
    (title) => {
      section(ready(status({ rejected: false, reject_source: null, iocm_title: title, may_record: false, may_mark: true })));
      expect(mark()?.getAttribute('data-iqs-reject-mark')).toBe('note');
      expect(mark()?.getAttribute('data-iqs-iocm-title')).toBe(title);
      expect(mark()?.textContent).toContain(`IOCM note ${title}`);
      expect(mark()?.textContent).toContain('Not a quality reject');
      expect(mark()?.textContent).not.toContain('Rejected for quality');
      expect(document.querySelector('[data-iqs-reject-mark="rejected"]')).toBeNull();
    },
  );

  it('the modality’s reason: shown as such, pre-chosen in the picker to confirm or change', () => {
    const done: string[] = [];
    section(ready(status({ reason_id: 'r-111209', reason_code: '111209', reason_en: 'Positioning', reason_source: 'modality' })), done);
    // said once, in the picker: the reason is pre-chosen and marked as the modality's
    expect(document.querySelector('[data-iqs-reason="111209"]')?.textContent).toContain('from the modality');
    expect(document.querySelector('[data-iqs-reject-picker]')?.getAttribute('data-iqs-chosen')).toBe('111209');
    expect(document.querySelector('[data-iqs-reject-suggested]')).not.toBeNull();
    fireEvent.keyDown(document.querySelector('[data-iqs-reject-reasons]')!, { key: 'Enter' });
    expect(done).toEqual(['record:r-111209:']);
  });

  it('offers to take the focus back from the viewer with IQS’s hotkey, as the scoring form does', () => {
    const offers: Array<() => boolean> = [];
    render(
      <RejectImageSection
        state={ready(status())}
        sync={initialSyncState}
        actions={actions([])}
        translator={en}
        focusOffer={(handler) => {
          offers.push(handler);
          return () => offers.splice(offers.indexOf(handler), 1);
        }}
      />,
    );
    expect(offers).toHaveLength(1);
    expect(document.activeElement).toBe(document.body);
    act(() => void offers[0]?.());
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
    expect(document.querySelector('[data-iqs-reject-picker]')?.textContent).toContain('On the image, press S to come back here.');
  });

  it('a reason given by a person: shown, and changed on request (Esc puts the picker away)', () => {
    const done: string[] = [];
    section(
      ready(
        status({
          reason_id: 'r-mot',
          reason_code: 'motion',
          reason_en: 'Motion',
          reason_source: 'person',
          recorded_at: '2026-03-15T10:00:00Z',
        }),
      ),
      done,
    );
    expect(document.querySelector('[data-iqs-reason-source="person"]')?.textContent).toContain('Motion · given 15 Mar 2026');
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
    fireEvent.click(document.querySelector('[data-iqs-action="reject-change"]')!);
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
    expect(document.querySelector('[data-iqs-reject-picker]')?.getAttribute('data-iqs-chosen')).toBe('motion');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
    fireEvent.click(document.querySelector('[data-iqs-action="reject-change"]')!);
    fireEvent.keyDown(document.activeElement!, { key: '1' });
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(done).toEqual(['record:r-pos:']);
  });

  it('a colleague’s image: the reason can be read, not given', () => {
    section(ready(status({ reason_id: 'r-mot', reason_en: 'Motion', reason_source: 'person', may_record: false })));
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
    expect(document.querySelector('[data-iqs-reason-source="person"]')?.textContent).toContain('Motion');
    expect(screen.getByText(/Only the image's radiographers/)).toBeTruthy();
  });

  it('an accepted image: Mark as rejected opens the picker, Enter marks it with the reason; Esc cancels', () => {
    const done: string[] = [];
    section(
      ready(status({ rejected: false, reject_source: null, iocm_title: null, noted_on: null, may_record: false, may_mark: true })),
      done,
    );
    expect(mark()).toBeNull();
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
    fireEvent.click(document.querySelector('[data-iqs-action="reject-open-mark"]')!);
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
    fireEvent.keyDown(document.activeElement!, { key: 'Escape' });
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
    fireEvent.click(document.querySelector('[data-iqs-action="reject-open-mark"]')!);
    fireEvent.keyDown(document.activeElement!, { key: '5' });
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(done).toEqual(['mark:r-under:']);
    expect(document.querySelector('[data-iqs-reject-picker]')).toBeNull();
  });

  it('an image outside the index, and one still loading, say so', () => {
    const { rerender } = section(ready(null));
    expect(document.querySelector('.iqs-reject-not-indexed')).not.toBeNull();
    rerender(
      <RejectImageSection
        state={{ ...ready(null), image: { status: 'loading', sopInstanceUid: '1.2.3' } }}
        sync={initialSyncState}
        actions={actions([])}
        translator={en}
      />,
    );
    expect(screen.getByText('Reading the reject status…')).toBeTruthy();
  });

  it('shows whether the reasons given here reached the server, like the scoring form', () => {
    const done: string[] = [];
    const state = ready(status(), { savedHere: ['1.2.3'] });
    const { rerender } = section(state, done, { status: 'waiting', pending: 2, lastError: null, lastSavedAt: null });
    expect(document.querySelector('[data-iqs-reject-sync]')?.getAttribute('data-iqs-reject-sync')).toBe('waiting');
    expect(document.querySelector('[data-iqs-reject-sync]')?.textContent).toContain('Waiting to save (2)');
    rerender(<RejectImageSection state={state} sync={{ ...initialSyncState, lastSavedAt: 1 }} actions={actions(done)} translator={en} />);
    expect(document.querySelector('[data-iqs-reject-sync]')?.textContent).toContain('All reasons saved');
    rerender(
      <RejectImageSection
        state={state}
        sync={{ status: 'failed', pending: 1, lastError: 'refused', lastSavedAt: null }}
        actions={actions(done)}
        translator={en}
      />,
    );
    fireEvent.click(document.querySelector('[data-iqs-action="reject-retry"]')!);
    expect(done).toEqual(['retry']);
  });

  it('speaks Dutch', () => {
    section(ready(status()), [], initialSyncState, nl);
    expect(mark()?.textContent).toContain('Afgekeurd');
    expect(mark()?.textContent).toContain('IOCM-notitie 113001: Afgekeurd om kwaliteitsredenen');
  });
});

describe('My rejects to explain in the IQS panel', () => {
  it('the count and the list, oldest first; a click opens the image', () => {
    const done: string[] = [];
    const items = [
      toExplain(1),
      toExplain(2, { suggested_reason_id: 'r-111209', suggested_reason_code: '111209' }),
      toExplain(3, { reject_source: 'iqs' }),
    ];
    render(<RejectsToExplainPanel state={ready(status(), { toExplain: items })} actions={actions(done)} translator={en} />);
    const panel = document.querySelector('[data-iqs-panel="rejects-to-explain"]')!;
    expect(panel.getAttribute('data-iqs-count')).toBe('3');
    expect(panel.querySelector('[data-iqs-to-explain-count]')?.textContent).toBe('3 to explain');
    const rows = [...panel.querySelectorAll('[data-iqs-reject-item]')];
    expect(rows.map((r) => r.getAttribute('data-iqs-reject-item'))).toEqual(['1.2.826.1', '1.2.826.2', '1.2.826.3']);
    expect(rows[0]?.textContent).toContain('Knee · AP');
    expect(rows[0]?.textContent).toContain('1 Mar 2026 · Kamer 3 · DX');
    expect(rows[1]?.textContent).toContain('modality: Positioning');
    expect(rows[2]?.textContent).toContain('marked in IQS');
    fireEvent.click(rows[1]!);
    expect(done).toEqual(['open:1.2.826.2']);
    // the browser tests' handles
    expect(panel.getAttribute('data-cy')).toBe('rejects-to-explain');
    expect(panel.querySelectorAll('[data-cy="reject-to-explain"]')).toHaveLength(3);
    expect(panel.querySelector('[data-cy="rejects-to-explain-count"]')?.textContent).toBe('3 to explain');
  });

  it('marks the image open in the viewer; says when all are explained', () => {
    const state = ready(status(), { toExplain: [toExplain(1), toExplain(2)], image: { status: 'loading', sopInstanceUid: '1.2.826.2' } });
    const { rerender } = render(<RejectsToExplainPanel state={state} actions={actions([])} translator={en} />);
    expect(document.querySelector('[aria-current="true"]')?.getAttribute('data-iqs-reject-item')).toBe('1.2.826.2');
    rerender(<RejectsToExplainPanel state={{ ...state, toExplain: [], savedHere: ['1.2.826.1'] }} actions={actions([])} translator={en} />);
    expect(document.querySelector('[data-iqs-to-explain-done]')?.textContent).toBe('All your rejects are explained.');
  });
});

describe('the Rejected mark in the viewport overlay', () => {
  it('reads: REJECTED and the date, then the note’s title; IQS marks and other titles as such', () => {
    expect(rejectOverlayText(status(), en)).toEqual({
      headline: 'REJECTED · 14 Mar 2026',
      detail: '113001 Rejected for quality reasons',
      rejected: true,
    });
    expect(rejectOverlayText(status({ reject_source: 'iqs', iocm_title: null, noted_on: '2026-12-04' }), en)).toMatchObject({
      headline: 'REJECTED · 4 Dec 2026',
      detail: 'Marked rejected in IQS',
    });
    expect(rejectOverlayText(status({ rejected: false, reject_source: null, iocm_title: '113037' }), en)).toEqual({
      headline: 'IOCM note 113037 · 14 Mar 2026',
      detail: 'Rejected for patient safety reasons (not a quality reject)',
      rejected: false,
    });
    expect(rejectOverlayText(status({ rejected: false, reject_source: null, iocm_title: null }), en)).toBeNull();
    expect(rejectOverlayText(null, en)).toBeNull();
  });

  it('follows the reject store: the mark appears when the status arrives, after OHIF drew the overlay', () => {
    const rejects = createStore<RejectState>(() => initialRejectState);
    let known: ImageRejectStatus | null = null;
    const [item] = createRejectOverlayItems(() => ({ stores: { rejects }, rejectStatusOf: () => known }));
    const element = item!.contentF({ instance: { SOPInstanceUID: '1.2.3' } });
    const { container } = render(<div>{element}</div>);
    const overlay = container.querySelector<HTMLElement>('[data-iqs-overlay="reject"]')!;
    expect(overlay.style.display).toBe('none');
    known = status();
    act(() => rejects.setState({ active: true }));
    expect(overlay.style.display).toBe('');
    expect(overlay.dataset['iqsRejectMark']).toBe('rejected');
    expect(overlay.textContent).toBe('REJECTED · 14 Mar 2026113001 Rejected for quality reasons');
    // without the IQS service (another mode): nothing
    const [other] = createRejectOverlayItems(() => null);
    expect(other!.contentF({ instance: { SOPInstanceUID: '1.2.3' } })).toBeNull();
  });
});
