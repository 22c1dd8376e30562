import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { WorklistPanel, type WorklistPanelProps } from '../../src/panels/WorklistPanel';
import { worklistItem } from './evaluationFixtures';

const items = [
  worklistItem(3, { state: 'to_do', procedure_name_en: 'Knee', procedure_name_nl: 'Knie', station_name: 'RAD-KAMER1' }),
  worklistItem(1, { state: 'scored' }),
  worklistItem(2, {
    state: 'skipped',
    study_date: null,
    station_name: null,
    procedure_name_en: null,
    procedure_name_nl: null,
    procedure_code: null,
  }),
  worklistItem(4, { state: 'scored', operator_names: ['Daan Smit', 'Petra Jansen'] }),
];

function renderList(props: Partial<WorklistPanelProps> = {}) {
  const calls = { open: [] as string[], summary: 0, leave: 0, close: 0 };
  const utils = render(
    <WorklistPanel
      evaluationName="Zelfevaluatie maart"
      use="self"
      items={items}
      currentItemId="i3"
      onOpen={(item) => calls.open.push(item.item_id)}
      showOperators={false}
      onOpenSummary={() => calls.summary++}
      onLeave={() => calls.leave++}
      onClose={() => calls.close++}
      language="en"
      {...props}
    />,
  );
  return { ...utils, calls };
}

const rows = (): HTMLElement[] => screen.getAllByRole('button').filter((b) => b.hasAttribute('data-iqs-item'));

describe('WorklistPanel', () => {
  it('lists the images in worklist order, each with procedure, date, room and state as a word', () => {
    renderList();
    expect(rows().map((row) => row.dataset['iqsItem'])).toEqual(['i1', 'i2', 'i3', 'i4']);
    const [first, second, third] = rows();
    expect(first!.textContent).toContain('Chest');
    expect(first!.textContent).toContain('14 Mar 2026');
    expect(first!.textContent).toContain('RAD-KAMER3');
    expect(first!.textContent).toContain('Scored');
    expect(second!.textContent).toContain('Skipped');
    expect(second!.textContent).toContain('Procedure unknown');
    expect(second!.textContent).toContain('date unknown');
    expect(second!.textContent).toContain('room unknown');
    expect(third!.textContent).toContain('Knee');
    expect(third!.textContent).toContain('To do');
  });

  it('marks each state with its own sign, not by colour alone', () => {
    renderList();
    const marks = rows().map((row) => row.querySelector('.iqs-state-mark')?.textContent);
    expect(marks).toEqual(['✓', '⤼', '○', '✓']);
    expect(new Set(rows().map((row) => row.dataset['iqsState']))).toEqual(new Set(['scored', 'skipped', 'to_do']));
  });

  it('shows the progress (scored and skipped count as done) and the session name and use', () => {
    const { container } = renderList();
    expect(container.querySelector('[data-iqs-progress]')?.getAttribute('data-iqs-progress')).toBe('3/4');
    expect(container.textContent).toContain('3/4');
    expect(container.textContent).toContain('3 of 4 images done');
    expect(container.textContent).toContain('2 scored · 1 skipped');
    expect(container.textContent).toContain('Zelfevaluatie maart');
    expect(container.textContent).toContain('Self-evaluation');
  });

  it('highlights the current image and opens an image when chosen, by click or keyboard', () => {
    const { calls } = renderList();
    const current = rows().find((row) => row.getAttribute('aria-current') === 'true');
    expect(current?.dataset['iqsItem']).toBe('i3');
    expect(rows().filter((row) => row.hasAttribute('aria-current'))).toHaveLength(1);
    fireEvent.click(rows()[3]!);
    expect(calls.open).toEqual(['i4']);
    // a list of real buttons: reachable with Tab, pressed with Enter or Space
    expect(rows().every((row) => row.tagName === 'BUTTON' && row.getAttribute('type') === 'button')).toBe(true);
  });

  it('moves between images with the arrow keys, keeping them from OHIF', () => {
    const seen: string[] = [];
    const listener = (event: KeyboardEvent): void => void seen.push(event.key);
    document.addEventListener('keydown', listener);
    try {
      const { calls } = renderList();
      act(() => rows()[0]!.focus());
      fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      fireEvent.keyDown(document.activeElement!, { key: 'ArrowDown' });
      expect((document.activeElement as HTMLElement).dataset['iqsItem']).toBe('i3');
      fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
      expect((document.activeElement as HTMLElement).dataset['iqsItem']).toBe('i2');
      fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
      fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
      expect((document.activeElement as HTMLElement).dataset['iqsItem']).toBe('i1');
      expect(seen).toEqual([]);
      // moving is not opening
      expect(calls.open).toEqual([]);
    } finally {
      document.removeEventListener('keydown', listener);
    }
  });

  it('shows no operators for self-evaluation; for peer review the names, or "hidden until closed" while blind', () => {
    const { container, rerender } = renderList();
    expect(container.querySelector('[data-iqs-operators]')).toBeNull();
    rerender(
      <WorklistPanel
        evaluationName="Toetsing"
        use="peer"
        items={[worklistItem(1, { operator_names: ['Daan Smit', 'Petra Jansen'] }), worklistItem(2, { operator_names: [] })]}
        currentItemId={null}
        onOpen={() => undefined}
        showOperators
        onOpenSummary={() => undefined}
        onLeave={() => undefined}
        language="en"
      />,
    );
    const shown = [...container.querySelectorAll('[data-iqs-operators]')].map((e) => e.textContent);
    expect(shown).toEqual(['Radiographer: Daan Smit, Petra Jansen', 'Radiographer: not recorded']);
    rerender(
      <WorklistPanel
        evaluationName="Toetsing"
        use="peer"
        items={[worklistItem(1, { operator_names: null })]}
        currentItemId={null}
        onOpen={() => undefined}
        showOperators
        onOpenSummary={() => undefined}
        onLeave={() => undefined}
        language="nl"
      />,
    );
    expect(container.querySelector('[data-iqs-operators]')?.textContent).toBe("MBB'er: verborgen tot afsluiten");
  });

  it('opens the summary, leaves, and closes the evaluation only after confirming', () => {
    const { calls } = renderList();
    fireEvent.click(screen.getByRole('button', { name: 'Summary' }));
    fireEvent.click(screen.getByRole('button', { name: 'Leave evaluation' }));
    expect(calls).toMatchObject({ summary: 1, leave: 1, close: 0 });
    fireEvent.click(screen.getByRole('button', { name: 'Close evaluation' }));
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.textContent).toContain('can no longer be changed');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(calls.close).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Close evaluation' }));
    fireEvent.click(screen.getByRole('button', { name: 'Close it' }));
    expect(calls.close).toBe(1);
  });

  it('offers no close for a closed evaluation, and says it is closed; speaks Dutch', () => {
    const { container } = renderList({ closed: true, language: 'nl' });
    expect(screen.queryByRole('button', { name: 'Beoordeling afsluiten' })).toBeNull();
    expect(container.textContent).toContain('Afgesloten');
    expect(container.textContent).toContain('Zelfevaluatie');
    expect(rows()[0]!.textContent).toContain('Beoordeeld');
    expect(rows()[0]!.textContent).toContain('Thorax');
    expect(rows()[0]!.textContent).toContain('14 mrt 2026');
    expect(screen.getByRole('button', { name: 'Samenvatting' })).toBeTruthy();
  });

  it('says so when the worklist is empty', () => {
    renderList({ items: [] });
    expect(screen.getByText('This evaluation has no images.')).toBeTruthy();
  });
});
