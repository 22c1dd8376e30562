import { COMMAND_NAMES, EXTENSION_ID, HOTKEYS, IQS_SERVICE_NAME, MODE_ID, PANEL_IDS } from '@iqs/extension-scoring';
import { type BasicModeInstance, buildModeInstance, isValidIqsStudy } from '../src/buildModeInstance';
import { BASIC_MODE, createModeFactory } from '../src/modeFactory';

/** The shape of OHIF 3.13's basic mode instance that the IQS mode builds on. */
function basicMode(): BasicModeInstance & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    id: '@ohif/mode-basic',
    routeName: 'basic',
    hide: true,
    extensions: { '@ohif/extension-default': '^3.0.0', '@ohif/extension-cornerstone': '^3.0.0' },
    routes: [
      {
        path: 'basic',
        // as basic mode's: a copy of the route's own layoutInstance
        layoutTemplate(this: unknown) {
          return structuredClone((this as { layoutInstance: unknown }).layoutInstance);
        },
        layoutInstance: {
          id: '@ohif/extension-default.layoutTemplateModule.viewerLayout',
          props: {
            leftPanels: ['@ohif/extension-default.panelModule.seriesList'],
            rightPanels: ['seg', 'measure'],
            rightPanelClosed: true,
          },
        },
      },
    ],
    onModeEnter(this: { marker?: string }) {
      calls.push(`enter:${this.marker ?? 'no this'}`);
    },
    onModeExit(this: { marker?: string }) {
      calls.push(`exit:${this.marker ?? 'no this'}`);
    },
  };
}

const EXTENSION_URL = 'http://127.0.0.1:3000/iqs-modules/extension.mjs';

describe('the IQS evaluation mode', () => {
  it('is basic mode with our id, route, name, panel on the right and the Rejected mark and the dose in the overlay', () => {
    const mode = buildModeInstance(basicMode(), { extensionUrl: EXTENSION_URL, displayName: 'IQS evaluation' });
    expect(mode.id).toBe(MODE_ID);
    expect(mode.routeName).toBe('iqs-evaluation');
    expect(mode.displayName).toBe('IQS evaluation');
    expect(mode.hide).toBe(false);
    const [route] = mode.routes;
    expect(route?.path).toBe('iqs-evaluation');
    expect(route?.layoutInstance.props['leftPanels']).toEqual(['@ohif/extension-default.panelModule.seriesList']);
    expect(route?.layoutInstance.props['rightPanels']).toEqual([PANEL_IDS.imageFacts]);
    expect(route?.layoutInstance.props['rightPanelClosed']).toBe(false);
    expect(PANEL_IDS.imageFacts.startsWith(`${EXTENSION_ID}.panelModule.`)).toBe(true);
    // keeps basic mode's dependencies (its toolbar needs them) and adds ours by URL
    expect(mode.extensions).toEqual({
      '@ohif/extension-default': '^3.0.0',
      '@ohif/extension-cornerstone': '^3.0.0',
      [EXTENSION_URL]: '^0.1.0',
    });
    const overlay = mode.modeCustomizations['viewportOverlay.topRight'].$push;
    expect(overlay.map((item) => item.id)).toEqual(['iqs.overlay.reject', 'iqs.overlay.dose', 'iqs.overlay.deviationIndex']);
  });

  it('adds IQS’s hotkey (S: back to the scoring form) to OHIF’s hotkeys in this mode only', () => {
    const mode = buildModeInstance(basicMode(), { extensionUrl: EXTENSION_URL, displayName: 'x' });
    const bindings = mode.modeCustomizations['ohif.hotkeyBindings'].$push;
    expect(bindings).toEqual([
      { commandName: COMMAND_NAMES.focusScoringForm, keys: ['s'], label: expect.stringContaining('IQS'), isEditable: true },
    ]);
    expect(HOTKEYS.focusScoringForm.commandName).toBe('iqsFocusScoringForm');
  });

  it('lays out an evaluation (?iqsEvaluation=…) with its worklist on the left and the scoring form on the right', () => {
    const [route] = buildModeInstance(basicMode(), { extensionUrl: EXTENSION_URL, displayName: 'x' }).routes;
    const layoutFor = (search: string) =>
      (route?.layoutTemplate as (args: unknown) => { props: Record<string, unknown> }).call(route, { location: { search } });
    const evaluation = layoutFor('?StudyInstanceUIDs=1.2,1.3&iqsEvaluation=0b0b0b0b-0000-4000-8000-000000000001');
    expect(evaluation.props['leftPanels']).toEqual([PANEL_IDS.worklist, '@ohif/extension-default.panelModule.seriesList']);
    expect(evaluation.props['rightPanels']).toEqual([PANEL_IDS.scoring, PANEL_IDS.imageFacts]);
    expect(evaluation.props['leftPanelClosed']).toBe(false);
    const normal = layoutFor('?StudyInstanceUIDs=1.2');
    expect(normal.props['leftPanels']).toEqual(['@ohif/extension-default.panelModule.seriesList']);
    expect(normal.props['rightPanels']).toEqual([PANEL_IDS.imageFacts]);
    // a copy each time: OHIF may change what it gets
    expect(layoutFor('')).not.toBe(layoutFor(''));
    expect(layoutFor('').props).toEqual(route?.layoutInstance.props);
  });

  it('calls basic mode’s lifecycle hooks with itself as this, and starts and stops IQS’s work through the IQS service', () => {
    const basic = basicMode();
    const mode = Object.assign(buildModeInstance(basic, { extensionUrl: EXTENSION_URL, displayName: 'x' }), { marker: 'iqs' });
    const iqsService = {
      enterMode: jest.fn(() => basic.calls.push('iqs:enter')),
      leaveMode: jest.fn(() => basic.calls.push('iqs:leave')),
    };
    const servicesManager = { services: { [IQS_SERVICE_NAME]: iqsService } };
    const extensionManager = { marker: 'extensions' };
    mode.onModeEnter({ servicesManager, extensionManager });
    mode.onModeExit({ servicesManager });
    // IQS leaves before basic mode destroys the viewport services IQS follows
    expect(basic.calls).toEqual(['enter:iqs', 'iqs:enter', 'iqs:leave', 'exit:iqs']);
    expect(iqsService.enterMode).toHaveBeenCalledWith({ servicesManager, extensionManager });
  });

  it('does not offer OHIF’s tag browser (it shows OperatorsName) in an evaluation; the mode without one keeps it', () => {
    const enter = (search: string) => {
      const removed: string[] = [];
      const mode = buildModeInstance(basicMode(), { extensionUrl: EXTENSION_URL, displayName: 'x', currentSearch: () => search });
      const toolbarService = { removeButton: (id: string) => removed.push(id) };
      const iqsService = { enterMode: jest.fn(), leaveMode: jest.fn() };
      mode.onModeEnter({ servicesManager: { services: { toolbarService, [IQS_SERVICE_NAME]: iqsService } } });
      return removed;
    };
    expect(enter('?StudyInstanceUIDs=1.2&iqsEvaluation=0b0b0b0b-0000-4000-8000-000000000001')).toEqual(['TagBrowser']);
    expect(enter('?StudyInstanceUIDs=1.2')).toEqual([]);
  });

  it('says so, and still runs as basic mode, when the IQS service is not registered', () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const basic = basicMode();
    const mode = buildModeInstance(basic, { extensionUrl: EXTENSION_URL, displayName: 'x' });
    mode.onModeEnter({ servicesManager: { services: {} } });
    mode.onModeExit({ servicesManager: { services: {} } });
    expect(basic.calls).toEqual(['enter:no this', 'exit:no this']);
    expect(String(error.mock.calls[0]?.[0])).toContain('[IQS]');
    error.mockRestore();
  });

  it.each([
    ['DX', true],
    ['CR', true],
    ['MG', true],
    ['CT', true],
    ['DX\\KO', true],
    ['MR', false],
    ['SR\\KO', false],
    ['', false],
  ])('is offered for a study with modalities %p: %p', (modalities, valid) => {
    expect(isValidIqsStudy({ modalities }).valid).toBe(valid);
  });

  it('comes from a factory that loads basic mode by name', async () => {
    const requested: string[][] = [];
    const factory = createModeFactory(EXTENSION_URL);
    const mode = await factory({
      loadModules: async (names) => {
        requested.push(names);
        return [{ modeInstance: basicMode() }];
      },
    });
    expect(requested).toEqual([[BASIC_MODE]]);
    expect(mode?.id).toBe(MODE_ID);
  });

  it('leaves itself out, instead of stopping the viewer, when basic mode cannot be loaded', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const failing = createModeFactory(EXTENSION_URL);
    await expect(failing({ loadModules: async () => Promise.reject(new Error('network down')) })).resolves.toBeNull();
    await expect(failing({ loadModules: async () => [undefined] })).resolves.toBeNull();
    await expect(failing({ loadModules: async () => [{ modeInstance: { ...basicMode(), routes: [] } }] })).resolves.toBeNull();
    expect(error).toHaveBeenCalledTimes(3);
    expect(String(error.mock.calls[0]?.[0])).toContain('[IQS]');
    error.mockRestore();
  });
});
