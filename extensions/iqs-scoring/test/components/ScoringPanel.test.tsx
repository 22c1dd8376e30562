import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { AnswerContent } from '@iqs/domain';
import type { Criterion, WorklistItem } from '@iqs/domain';
import { getCommandsModule } from '../../src/commands/getCommandsModule';
import { COMMAND_NAMES, IQS_SERVICE_NAME } from '../../src/ids';
import { ScoringPanel, type ScoringPanelProps, type ScoringSyncState } from '../../src/panels/ScoringPanel';
import { IqsService } from '../../src/service/IqsService';
import type { ServicesManager } from '../../src/viewer/ohifTypes';
import { form, worklistItem } from './evaluationFixtures';

type Calls = { answers: Array<[string, string | null, string | null]>; saveNext: number; skip: number; previous: number; retry: number };

/**
 * The panel as the coordinator will use it: answers kept in state and given back as props; `lagging`: each one
 * only after the next key, as the session does when a fast typist is ahead of it.
 */
function Harness(
  props: Partial<ScoringPanelProps> & { calls: Calls; initial?: Record<string, AnswerContent>; item?: WorklistItem; lagging?: boolean },
) {
  const { calls, initial = {}, lagging = false, ...rest } = props;
  const [answers, setAnswers] = useState<Record<string, AnswerContent>>(initial);
  const [inFlight, setInFlight] = useState<Record<string, AnswerContent>>({});
  return (
    <ScoringPanel
      form={form}
      item={worklistItem(7)}
      total={20}
      answers={answers}
      onAnswer={(criterion: Criterion, value, comment) => {
        calls.answers.push([criterion.code, value, comment]);
        if (!lagging) {
          setAnswers((current) => ({ ...current, [criterion.id]: { value, comment } }));
          return;
        }
        // what was in flight arrives now; this one stays in flight
        setAnswers((current) => ({ ...current, ...inFlight }));
        setInFlight({ [criterion.id]: { value, comment } });
      }}
      onSaveAndNext={() => calls.saveNext++}
      onSkip={() => calls.skip++}
      onPrevious={() => calls.previous++}
      readOnly={false}
      sync={{ status: 'saved', pending: 0, lastError: null }}
      onRetry={() => calls.retry++}
      language="en"
      {...rest}
    />
  );
}

const newCalls = (): Calls => ({ answers: [], saveNext: 0, skip: 0, previous: 0, retry: 0 });
const criterionBox = (code: string): HTMLElement => document.querySelector<HTMLElement>(`[data-iqs-criterion="${code}"]`)!;
const focusedCode = (): string | null =>
  (document.activeElement?.closest('[data-iqs-criterion]') as HTMLElement | null)?.dataset['iqsCriterion'] ?? null;
const press = (key: string, init: Partial<KeyboardEventInit> = {}): void => {
  fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
};

const complete: Record<string, AnswerContent> = {
  'c-yes': { value: 'yes', comment: null },
  'c-scale': { value: '4', comment: null },
  'c-choice': { value: 'right', comment: null },
  'c-grade': { value: 'good', comment: null },
};

describe('ScoringPanel', () => {
  it('shows the criteria in form order, each answer with its key on screen', () => {
    const { container } = render(<Harness calls={newCalls()} />);
    expect([...container.querySelectorAll('[data-iqs-criterion]')].map((e) => e.getAttribute('data-iqs-criterion'))).toEqual([
      'collimation',
      'sharpness',
      'exposure',
      'grade',
      'remark',
    ]);
    const keysOf = (code: string) => [...criterionBox(code).querySelectorAll('kbd')].map((k) => k.textContent);
    expect(keysOf('collimation')).toEqual(['1', '2', '3']);
    expect(criterionBox('collimation').textContent).toContain('Yes');
    expect(criterionBox('collimation').textContent).toContain('n/a');
    expect(criterionBox('collimation').textContent).toContain('All four edges visible');
    expect(keysOf('sharpness')).toEqual(['1', '2', '3', '4', '5']);
    expect(keysOf('exposure')).toEqual(['1', '2', '3']);
    expect(criterionBox('exposure').textContent).toContain('Under-exposed');
    expect(container.textContent).toContain('Image 7 of 20');
    expect(container.textContent).toContain('Chest');
    expect(screen.getByRole('button', { name: /Save and next/ }).textContent).toContain('Enter');
  });

  it('answers each kind from the keyboard and moves on to the next open criterion', () => {
    const calls = newCalls();
    render(<Harness calls={calls} />);
    act(() => criterionBox('collimation').focus());
    press('j'); // Dutch "ja"
    expect(focusedCode()).toBe('sharpness');
    press('4');
    expect(focusedCode()).toBe('exposure');
    press('2');
    expect(focusedCode()).toBe('grade');
    press('3');
    expect(calls.answers).toEqual([
      ['collimation', 'yes', null],
      ['sharpness', '4', null],
      ['exposure', 'right', null],
      ['grade', 'reject', null],
    ]);
    expect(criterionBox('grade').dataset['iqsAnswer']).toBe('reject');
    expect(criterionBox('exposure').querySelector('[aria-checked="true"]')?.textContent).toContain('Right');
    // the optional comment is not waited for: the focus goes to "Save and next"
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Save and next/ }));
    expect(screen.getByText(/All criteria answered/)).toBeTruthy();
  });

  it('keeps up with a fast typist: answers not yet given back still count, so the focus never jumps back', () => {
    const calls = newCalls();
    render(<Harness calls={calls} lagging />);
    act(() => criterionBox('collimation').focus());
    for (const key of ['1', '4', '2', '3']) press(key);
    expect(calls.answers.map(([code]) => code)).toEqual(['collimation', 'sharpness', 'exposure', 'grade']);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: /Save and next/ }));
    press('Enter');
    expect(calls.saveNext).toBe(1);
  });

  it('changes an answer with another key, and ignores keys that answer nothing', () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={{ 'c-yes': { value: 'yes', comment: null } }} />);
    act(() => criterionBox('collimation').focus());
    press('7');
    press('q');
    expect(calls.answers).toEqual([]);
    expect(focusedCode()).toBe('collimation');
    press('x');
    expect(calls.answers).toEqual([['collimation', 'na', null]]);
  });

  it('keeps keys pressed in the panel from OHIF, whose hotkeys listen on the document', () => {
    const seen: string[] = [];
    const listener = (event: KeyboardEvent): void => {
      seen.push(event.key);
    };
    document.addEventListener('keydown', listener);
    try {
      render(<Harness calls={newCalls()} />);
      act(() => criterionBox('collimation').focus());
      press('1'); // OHIF: window preset 1
      press('ArrowUp'); // OHIF: previous image
      press('z'); // OHIF: zoom
      press('Enter'); // OHIF: accept preview
      expect(seen).toEqual([]);
      // modified keys are not ours
      press('z', { ctrlKey: true });
      expect(seen).toEqual(['z']);
    } finally {
      document.removeEventListener('keydown', listener);
    }
  });

  it('moves between criteria with the arrows, Home and End, into and out of the comment box', () => {
    render(<Harness calls={newCalls()} />);
    act(() => criterionBox('collimation').focus());
    press('ArrowDown');
    expect(focusedCode()).toBe('sharpness');
    press('ArrowDown');
    press('ArrowDown');
    expect(focusedCode()).toBe('grade');
    press('ArrowDown');
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
    expect(focusedCode()).toBe('remark');
    // in the text box the arrows belong to the text
    press('ArrowUp');
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
    press('Escape');
    expect(document.activeElement).toBe(criterionBox('remark'));
    press('ArrowUp');
    expect(focusedCode()).toBe('grade');
    press('Home');
    expect(focusedCode()).toBe('collimation');
    press('ArrowUp');
    expect(focusedCode()).toBe('collimation');
    press('End');
    expect(document.activeElement?.tagName).toBe('TEXTAREA');
  });

  it('saves and goes to the next image on Enter when every required criterion is answered', () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={complete} />);
    act(() => criterionBox('grade').focus());
    press('Enter');
    expect(calls.saveNext).toBe(1);
    fireEvent.click(screen.getByRole('button', { name: /Save and next/ }));
    expect(calls.saveNext).toBe(2);
  });

  it('refuses to save while a required criterion is open: says which, and focuses the first', () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={{ 'c-yes': { value: 'no', comment: null }, 'c-choice': { value: 'over', comment: null } }} />);
    act(() => criterionBox('collimation').focus());
    press('Enter');
    expect(calls.saveNext).toBe(0);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Answer the required criteria first: Sharpness, Overall grade');
    expect(focusedCode()).toBe('sharpness');
    expect(criterionBox('sharpness').getAttribute('aria-invalid')).toBe('true');
    expect(criterionBox('grade').getAttribute('aria-invalid')).toBe('true');
    expect(criterionBox('collimation').getAttribute('aria-invalid')).toBeNull();
    // the optional comment is never required
    expect(criterionBox('remark').getAttribute('aria-invalid')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: /Save and next/ }));
    expect(calls.saveNext).toBe(0);
    // answering what was missing clears the message, and then Enter saves
    press('5');
    expect(screen.getByRole('alert').textContent).toBe('Answer the required criteria first: Overall grade');
    expect(focusedCode()).toBe('grade');
    press('1');
    expect(screen.queryByRole('alert')).toBeNull();
    press('Enter');
    expect(calls.saveNext).toBe(1);
  });

  it('lets the comment box take every key as text; the comment is given when the box is left', () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={complete} />);
    const box = criterionBox('remark').querySelector('textarea')!;
    act(() => box.focus());
    for (const key of ['1', 'j', 'n', 'ArrowDown', 'Enter']) press(key);
    fireEvent.change(box, { target: { value: 'Scapulae in beeld\n2e regel' } });
    expect(calls.answers).toEqual([]);
    expect(calls.saveNext).toBe(0);
    expect(document.activeElement).toBe(box);
    press('Escape');
    expect(calls.answers).toEqual([['remark', null, 'Scapulae in beeld\n2e regel']]);
    // Ctrl+Enter in the box saves and goes on
    act(() => box.focus());
    fireEvent.change(box, { target: { value: 'Scapulae vrij' } });
    press('Enter', { ctrlKey: true });
    expect(calls.answers.at(-1)).toEqual(['remark', null, 'Scapulae vrij']);
    expect(calls.saveNext).toBe(1);
  });

  it('keeps a remark on a criterion with its answer', async () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={{ 'c-yes': { value: 'no', comment: null } }} />);
    await act(async () => {
      fireEvent.click(criterionBox('collimation').querySelector('.iqs-link-button')!);
    });
    const input = screen.getByRole('textbox', { name: 'Remark on Collimation' });
    expect(document.activeElement).toBe(input);
    fireEvent.change(input, { target: { value: 'Te ruim' } });
    fireEvent.blur(input);
    expect(calls.answers).toEqual([['collimation', 'no', 'Te ruim']]);
  });

  it('opens the remark box from the keyboard too: its button is a Tab stop that Enter presses, not save', () => {
    const calls = newCalls();
    render(<Harness calls={calls} initial={complete} />);
    const remark = criterionBox('collimation').querySelector<HTMLButtonElement>('.iqs-link-button')!;
    expect(remark.tabIndex).toBe(0);
    act(() => remark.focus());
    press('Enter');
    expect(calls.saveNext).toBe(0);
  });

  it('answers by mouse too', () => {
    const calls = newCalls();
    render(<Harness calls={calls} />);
    fireEvent.click(criterionBox('sharpness').querySelector('[data-iqs-value="2"]')!);
    fireEvent.click(criterionBox('grade').querySelector('[data-iqs-value="acceptable"]')!);
    expect(calls.answers).toEqual([
      ['sharpness', '2', null],
      ['grade', 'acceptable', null],
    ]);
  });

  it('skips and goes back', () => {
    const calls = newCalls();
    const { rerender } = render(<Harness calls={calls} />);
    fireEvent.click(screen.getByRole('button', { name: 'Skip image' }));
    fireEvent.click(screen.getByRole('button', { name: /Previous/ }));
    expect(calls).toMatchObject({ skip: 1, previous: 1, saveNext: 0 });
    rerender(<Harness calls={calls} canGoPrevious={false} />);
    expect((screen.getByRole('button', { name: /Previous/ }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the sync state at all times, with a retry when saving failed', () => {
    const calls = newCalls();
    const sync = (s: ScoringSyncState) => <Harness calls={calls} sync={s} />;
    const { container, rerender } = render(sync({ status: 'saved', pending: 0, lastError: null }));
    const badge = () => container.querySelector<HTMLElement>('[data-iqs-sync]')!;
    expect(badge().dataset['iqsSync']).toBe('saved');
    expect(badge().textContent).toContain('All answers saved');
    rerender(sync({ status: 'waiting', pending: 3, lastError: null }));
    expect(badge().textContent).toContain('Waiting to save (3)');
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
    rerender(sync({ status: 'failed', pending: 2, lastError: 'value 7 does not fit criterion sharpness' }));
    expect(badge().getAttribute('role')).toBe('alert');
    expect(badge().textContent).toContain('Not saved (2)');
    expect(badge().textContent).toContain('value 7 does not fit criterion sharpness');
    fireEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(calls.retry).toBe(1);
  });

  it('shows a closed evaluation read-only: keys and clicks change nothing, Next moves on without checks', () => {
    const calls = newCalls();
    render(<Harness calls={calls} readOnly initial={{ 'c-yes': { value: 'yes', comment: 'ok' } }} />);
    expect(screen.getByText(/This evaluation is closed/)).toBeTruthy();
    act(() => criterionBox('sharpness').focus());
    press('3');
    fireEvent.click(criterionBox('sharpness').querySelector('[data-iqs-value="2"]')!);
    expect(calls.answers).toEqual([]);
    expect(screen.queryByRole('button', { name: 'Skip image' })).toBeNull();
    press('Enter');
    expect(calls.saveNext).toBe(1);
    expect(screen.getByRole('button', { name: /^Next/ })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Remark/ })).toBeNull();
    expect((screen.getByRole('textbox', { name: 'Remark on Collimation' }) as HTMLInputElement).readOnly).toBe(true);
  });

  it('comes back to the form through IQS’s command (the S hotkey OHIF binds in the IQS mode), and takes no key from the viewport itself', () => {
    // the command as OHIF's hotkey runs it: the extension's commands module, the IQS service it finds in OHIF's services
    const iqs = new IqsService({ backend: null });
    const servicesManager = { services: { [IQS_SERVICE_NAME]: iqs } } as unknown as ServicesManager;
    const command = getCommandsModule({ servicesManager }).definitions[COMMAND_NAMES.focusScoringForm];
    const pressS = (): unknown => {
      let taken: unknown;
      act(() => {
        taken = command?.commandFn({ evt: new KeyboardEvent('keypress', { key: 's' }) });
      });
      return taken;
    };
    const calls = newCalls();
    const { container, rerender, unmount } = render(
      <div>
        <div tabIndex={-1} data-testid="viewport" />
        <Harness calls={calls} initial={{ 'c-yes': { value: 'yes', comment: null } }} focusOffer={iqs.offerScoringFocus} />
      </div>,
    );
    const viewport = screen.getByTestId('viewport');
    act(() => viewport.focus());
    // keys on the viewport are OHIF's: the panel listens to none of them
    fireEvent.keyDown(viewport, { key: '1' });
    fireEvent.keyDown(viewport, { key: 's' });
    expect(document.activeElement).toBe(viewport);
    expect(calls.answers).toEqual([]);
    expect(pressS()).toBe(true);
    // at the first open criterion
    expect(focusedCode()).toBe('sharpness');
    expect(container.textContent).toContain('press S to come back here');
    // a closed evaluation's form does not take it
    act(() => viewport.focus());
    rerender(
      <div>
        <div tabIndex={-1} data-testid="viewport" />
        <Harness calls={calls} readOnly focusOffer={iqs.offerScoringFocus} />
      </div>,
    );
    expect(pressS()).toBe(false);
    expect(document.activeElement).toBe(viewport);
    // nor a form no longer shown
    unmount();
    expect(iqs.focusScoringForm()).toBe(false);
  });

  it('starts again at the first open criterion of the next image when the focus was in the panel', () => {
    const calls = newCalls();
    function Switcher() {
      const [item, setItem] = useState(worklistItem(1));
      const [answers, setAnswers] = useState<Record<string, AnswerContent>>(complete);
      return (
        <ScoringPanel
          form={form}
          item={item}
          answers={answers}
          onAnswer={() => undefined}
          onSaveAndNext={() => {
            calls.saveNext++;
            setItem(worklistItem(2));
            setAnswers({ 'c-yes': { value: 'yes', comment: null } });
          }}
          onSkip={() => undefined}
          onPrevious={() => undefined}
          readOnly={false}
          sync={{ status: 'waiting', pending: 1, lastError: null }}
          onRetry={() => undefined}
          language="nl"
        />
      );
    }
    const { container } = render(<Switcher />);
    act(() => criterionBox('grade').focus());
    press('Enter');
    expect(calls.saveNext).toBe(1);
    expect(container.querySelector('[data-iqs-panel="scoring"]')?.getAttribute('data-iqs-item')).toBe('i2');
    expect(focusedCode()).toBe('sharpness');
    expect(criterionBox('sharpness').dataset['iqsAnswer']).toBe('');
    expect(container.textContent).toContain('Wacht op opslaan (1)');
    expect(container.textContent).toContain('Opslaan en volgende');
  });

  it('does not take the focus from the viewer when it opens, unless asked', () => {
    const { unmount } = render(<Harness calls={newCalls()} />);
    expect(document.activeElement).toBe(document.body);
    unmount();
    render(<Harness calls={newCalls()} autoFocus />);
    expect(focusedCode()).toBe('collimation');
  });

  it('says so when the image has no form', () => {
    render(<Harness calls={newCalls()} form={null} />);
    expect(screen.getByText('There is no scoring form for this image.')).toBeTruthy();
    expect((screen.getByRole('button', { name: /Save and next/ }) as HTMLButtonElement).disabled).toBe(true);
  });
});
