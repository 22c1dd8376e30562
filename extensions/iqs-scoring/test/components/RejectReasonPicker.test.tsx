import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { createTranslator } from '../../src/i18n/translator';
import { RejectReasonPicker, type RejectReasonPickerProps } from '../../src/panels/RejectReasonPicker';
import { reasons } from '../rejects/rejectFixtures';

const en = createTranslator('en');
const nl = createTranslator('nl');

function Harness(props: Partial<RejectReasonPickerProps> & { saved: Array<[string, string | null]> }) {
  const { saved, ...rest } = props;
  const [turn] = useState<number | null>(1);
  return (
    <RejectReasonPicker
      reasons={reasons}
      mode="record"
      imageKey="1.2.3"
      initialReasonId={null}
      suggestedByModality={false}
      initialComment={null}
      onSave={(reason, comment) => saved.push([reason, comment])}
      focusTurn={turn}
      translator={en}
      {...rest}
    />
  );
}

const press = (key: string, init: Partial<KeyboardEventInit> = {}): void => {
  fireEvent.keyDown(document.activeElement ?? document.body, { key, ...init });
};
const type = (text: string): void => [...text].forEach((key) => press(key));
const picker = (): HTMLElement => document.querySelector<HTMLElement>('[data-iqs-reject-picker]')!;
const chosen = (): string | null => picker().getAttribute('data-iqs-chosen') || null;
const shownCodes = (): string[] => [...document.querySelectorAll('[data-iqs-reason]')].map((e) => e.getAttribute('data-iqs-reason')!);

describe('RejectReasonPicker', () => {
  it('shows the reasons grouped by category, numbered 1–9, with the focus on the list', () => {
    render(<Harness saved={[]} />);
    expect([...document.querySelectorAll('[data-iqs-category]')].map((e) => e.getAttribute('data-iqs-category'))).toEqual([
      'positioning',
      'exposure',
      'motion',
      'artefact',
      'equipment',
      'other',
    ]);
    expect(shownCodes()).toEqual([
      'positioning',
      'cutoff_collimation',
      'marker',
      '111209',
      'under_exposure',
      'over_exposure',
      'motion',
      '111210',
      'artefact_patient',
      '111216',
      'other',
      'test_qc',
    ]);
    const keys = [...document.querySelectorAll('[data-iqs-reason] kbd')].map((k) => k.textContent);
    expect(keys).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '', '']);
    // a CID 7011 code is told from the local reason of the same name; a test image says it does not count
    expect(document.querySelector('[data-iqs-reason="111209"]')?.textContent).toContain('111209');
    expect(document.querySelector('[data-iqs-reason="test_qc"]')?.textContent).toContain('not counted');
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
    expect(screen.getByRole('button', { name: /Save reason/ }).hasAttribute('disabled')).toBe(true);
  });

  it('a digit chooses, Enter saves', () => {
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} />);
    press('7');
    expect(chosen()).toBe('motion');
    expect(document.querySelector('[aria-selected="true"]')?.getAttribute('data-iqs-reason')).toBe('motion');
    press('Enter');
    expect(saved).toEqual([['r-mot', null]]);
  });

  it('type-ahead narrows the list to the words typed and renumbers it', () => {
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} />);
    type('mot');
    expect(shownCodes()).toEqual(['motion', '111210']);
    expect(chosen()).toBe('motion');
    expect(picker().getAttribute('data-iqs-query')).toBe('mot');
    press('2');
    expect(chosen()).toBe('111210');
    press('Backspace');
    press('Backspace');
    press('Backspace');
    expect(shownCodes()).toHaveLength(12);
    type('cut');
    expect(shownCodes()).toEqual(['cutoff_collimation']);
    press('Escape');
    expect(shownCodes()).toHaveLength(12);
    // the label as the reader sees it: "over" in English finds no "Overig" (Dutch for other)
    type('over');
    expect(shownCodes()).toEqual(['over_exposure']);
    press('Escape');
    type('motion b');
    expect(shownCodes()).toEqual(['111210']);
    press('Escape');
    type('mot');
    press('2');
    press('Enter');
    expect(saved).toEqual([['r-111210', null]]);
  });

  it('saves nothing when what was typed matches nothing', () => {
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} initialReasonId="r-pos" />);
    type('zzz');
    expect(shownCodes()).toEqual([]);
    expect(picker().textContent).toContain('No reason matches “zzz”');
    press('Enter');
    expect(saved).toEqual([]);
  });

  it('moves the choice with the arrows, Home and End', () => {
    render(<Harness saved={[]} />);
    press('ArrowDown');
    expect(chosen()).toBe('positioning');
    press('ArrowDown');
    press('ArrowDown');
    expect(chosen()).toBe('marker');
    press('ArrowUp');
    expect(chosen()).toBe('cutoff_collimation');
    press('End');
    expect(chosen()).toBe('test_qc');
    press('Home');
    expect(chosen()).toBe('positioning');
  });

  it('takes an optional comment: Tab to it, Enter there saves, Esc goes back to the reasons', () => {
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} />);
    press('1');
    const comment = document.querySelector<HTMLInputElement>('[data-iqs-reject-comment]')!;
    act(() => comment.focus());
    fireEvent.change(comment, { target: { value: ' arm in the field ' } });
    // keys typed in the comment are text
    press('3');
    expect(chosen()).toBe('positioning');
    press('Escape');
    expect(document.activeElement?.getAttribute('role')).toBe('listbox');
    act(() => comment.focus());
    press('Enter');
    expect(saved).toEqual([['r-pos', 'arm in the field']]);
  });

  it('pre-chooses the modality’s reason, says so, and Enter confirms it', () => {
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} initialReasonId="r-111209" suggestedByModality />);
    expect(chosen()).toBe('111209');
    expect(document.querySelector('[data-iqs-reject-suggested]')?.textContent).toContain('Suggested by the modality');
    expect(document.querySelector('[data-iqs-reason="111209"]')?.textContent).toContain('from the modality');
    press('Enter');
    expect(saved).toEqual([['r-111209', null]]);
    // or changed
    press('1');
    expect(document.querySelector('[data-iqs-reject-suggested]')).toBeNull();
    press('Enter');
    expect(saved.at(-1)).toEqual(['r-pos', null]);
  });

  it('keeps keys pressed in the picker from OHIF, whose hotkeys listen on the document', () => {
    const seen: string[] = [];
    const listener = (event: KeyboardEvent): void => void seen.push(event.key);
    document.addEventListener('keydown', listener);
    try {
      render(<Harness saved={[]} />);
      for (const key of ['1', 'z', 'ArrowUp', 'Enter', 'Backspace', ' ']) press(key);
      expect(seen).toEqual([]);
      press('z', { ctrlKey: true });
      expect(seen).toEqual(['z']);
    } finally {
      document.removeEventListener('keydown', listener);
    }
  });

  it('marking: says what it does, offers to cancel with Esc', () => {
    let cancelled = 0;
    const saved: Array<[string, string | null]> = [];
    render(<Harness saved={saved} mode="mark" onCancel={() => cancelled++} />);
    expect(picker().getAttribute('data-iqs-reject-picker')).toBe('mark');
    expect(screen.getByRole('button', { name: /Mark as rejected/ })).toBeTruthy();
    press('4');
    press('Enter');
    expect(saved).toEqual([['r-111209', null]]);
    press('Escape');
    expect(cancelled).toBe(1);
  });

  it('speaks Dutch, and types ahead in Dutch', () => {
    render(<Harness saved={[]} translator={nl} />);
    type('bewe');
    expect(shownCodes()).toEqual(['motion', '111210']);
    press('Escape');
    expect(document.querySelector('[data-iqs-category="positioning"]')?.textContent).toContain('Positionering');
    expect(document.querySelector('[data-iqs-reason="cutoff_collimation"]')?.textContent).toContain('Anatomie afgesneden');
    expect(screen.getByRole('button', { name: /Reden opslaan/ })).toBeTruthy();
  });
});
