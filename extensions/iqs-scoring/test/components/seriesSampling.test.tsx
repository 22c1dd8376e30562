/**
 * A multi-slice series sampled and scored as one (migration 38), as the screens show it: the worklist item of a
 * CT series says "Series · 20 images" (Dutch "Serie · 20 beelden"), an image item says nothing of series; the start
 * form counts "5 series (5 studies) match" when the data layer tells series apart, and "N images match" as before
 * when it does not.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import type { WorklistItem } from '@iqs/domain';
import { EvaluationScoringPanel, EvaluationWorklistPanel } from '../../src/panels/EvaluationPanels';
import { WorklistPanel } from '../../src/panels/WorklistPanel';
import type { ReadyEvaluation } from '../../src/ports';
import { StartEvaluationSection } from '../../src/pages/StartEvaluationSection';
import { createTranslator, type Language } from '../../src/i18n/translator';
import type { CandidateCount, IqsPageData } from '../../src/ports';
import { form, worklistItem } from './evaluationFixtures';
import { fakePanelPort } from './panelPortFixture';

const ct = worklistItem(1, {
  modality: 'CT',
  unit: 'series',
  series_images: 20,
  procedure_name_en: 'CT chest',
  procedure_name_nl: 'CT Thorax',
});
const chest = worklistItem(2, { unit: 'image', series_images: 1 });

function renderWorklist(language: Language) {
  return render(
    <WorklistPanel
      evaluationName="CT"
      use="quality"
      items={[ct, chest]}
      currentItemId={null}
      onOpen={() => undefined}
      showOperators={false}
      onOpenSummary={() => undefined}
      onLeave={() => undefined}
      language={language}
    />,
  );
}

const row = (id: string): HTMLElement => document.querySelector(`[data-iqs-item="${id}"]`) as HTMLElement;

describe('a series in the worklist', () => {
  it('says series and how many images it holds, in English and Dutch; an image item does not', () => {
    const { unmount } = renderWorklist('en');
    expect(row(ct.item_id).dataset['iqsUnit']).toBe('series');
    expect(row(ct.item_id).textContent).toContain('Series · 20 images');
    expect(row(chest.item_id).dataset['iqsUnit']).toBe('image');
    expect(row(chest.item_id).textContent).not.toMatch(/series/i);
    unmount();
    renderWorklist('nl');
    expect(row(ct.item_id).textContent).toContain('Serie · 20 beelden');
  });
});

/** The evaluation open in the viewer's panels (bound to a fake port), at its first item. */
function renderPanels(items: readonly WorklistItem[], language: Language) {
  const { port } = fakePanelPort();
  const ready: ReadyEvaluation = {
    phase: 'ready',
    evaluation: { id: 'ev1', name: 'CT', use: 'quality', status: 'open', blind: false, evaluator_id: 'p1', subject_person_id: null },
    items: [...items],
    forms: { f1: form },
    currentItemId: items[0]?.item_id ?? null,
    answers: {},
    view: 'scoring',
    summary: null,
    notice: null,
  };
  port.stores.evaluation.setState(ready, true);
  render(
    <>
      <EvaluationScoringPanel iqs={port} language={language} />
      <EvaluationWorklistPanel iqs={port} language={language} />
    </>,
  );
  return {
    header: document.querySelector('[data-iqs-panel="scoring"] [data-iqs-position]')?.textContent ?? '',
    progress: document.querySelector('[data-iqs-panel="worklist"] [data-iqs-progress] .iqs-sr-only')?.textContent ?? '',
  };
}

const ctSeries = (position: number): WorklistItem =>
  worklistItem(position, {
    modality: 'CT',
    unit: 'series',
    series_images: 20,
    procedure_name_en: 'CT chest',
    procedure_name_nl: 'CT Thorax',
  });
const xray = (position: number): WorklistItem => worklistItem(position, { unit: 'image', series_images: 1 });

describe('the scoring panel counts what the worklist holds', () => {
  afterEach(cleanup);

  it('a worklist of CT series: "Series 1 of 5" and "0 of 5 series done", in English and Dutch', () => {
    const series = [1, 2, 3, 4, 5].map(ctSeries);
    expect(renderPanels(series, 'en')).toEqual({ header: 'Series 1 of 5', progress: '0 of 5 series done' });
    cleanup();
    expect(renderPanels(series, 'nl')).toEqual({ header: 'Serie 1 van 5', progress: '0 van 5 series klaar' });
  });

  it('images and series together: "Item 1 of 3", the progress naming both', () => {
    const mixed = [ctSeries(1), xray(2), xray(3)];
    expect(renderPanels(mixed, 'en')).toEqual({ header: 'Item 1 of 3', progress: '0 of 2 images and 1 series done' });
    cleanup();
    expect(renderPanels(mixed, 'nl')).toEqual({ header: 'Item 1 van 3', progress: '0 van 2 beelden en 1 serie klaar' });
  });

  it('images only, and items from before migration 38 (no unit): "Image 1 of 2" as before', () => {
    expect(renderPanels([xray(1), xray(2)], 'en')).toEqual({ header: 'Image 1 of 2', progress: '0 of 2 images done' });
    cleanup();
    expect(renderPanels([worklistItem(1), worklistItem(2)], 'nl')).toEqual({ header: 'Beeld 1 van 2', progress: '0 van 2 beelden klaar' });
  });
});

function renderStart(count: CandidateCount | null, language: Language = 'en') {
  const data = {
    listPeople: async () => [{ id: 'p-fatima', display_name: 'Fatima Mulder', role: 'quality_officer' }],
    listProcedures: async () => [{ id: 'pr-ct', code: 'ct-thorax', name_nl: 'CT Thorax', name_en: 'CT chest', modality: 'CT' }],
    listStations: async () => [],
    listGroups: async () => [],
    countCandidates: async () => count?.units ?? 100,
    ...(count ? { countCandidateUnits: async () => count } : {}),
  } as unknown as IqsPageData;
  return render(
    <StartEvaluationSection
      data={data}
      role="quality_officer"
      personId="p-fatima"
      translator={createTranslator(language)}
      today="2026-11-27"
      countDelayMs={0}
      onStarted={() => undefined}
    />,
  );
}

const countLine = async (): Promise<string> => {
  await waitFor(() => expect(document.querySelector('[data-iqs-count]')?.getAttribute('data-iqs-count')).not.toBe(''));
  return (document.querySelector('[data-iqs-count]') as HTMLElement).textContent ?? '';
};

describe('the start form counts series', () => {
  it('says "5 series (5 studies) match" and that the sample of 20 holds 5', async () => {
    renderStart({ units: 5, images: 0, series: 5, studies: 5 });
    const text = await countLine();
    expect(text).toContain('5 series (5 studies) match');
    expect(text).toContain('Only 5 series (5 studies) match: the sample will hold 5 instead of 20.');
    expect(text).not.toMatch(/\bimages\b/);
  });

  it('says images and series together, one study in the singular', async () => {
    renderStart({ units: 2, images: 1, series: 1, studies: 1 });
    expect(await countLine()).toContain('1 image and 1 series (1 study) match');
  });

  it('in Dutch', async () => {
    renderStart({ units: 5, images: 0, series: 5, studies: 4 }, 'nl');
    expect(await countLine()).toContain('5 series (4 onderzoeken) voldoen');
  });

  it('without series, or without the detail, as before: "N images match"', async () => {
    renderStart({ units: 42, images: 42, series: 0, studies: 30 });
    expect(await countLine()).toContain('42 images match');
    screen.getByText('42 images match');
  });

  it('when the data layer only counts', async () => {
    renderStart(null);
    expect(await countLine()).toContain('100 images match');
  });
});
