import { IQS_SERVICE_NAME, LESSON_MODE_ROUTE } from '@iqs/extension-scoring';
import type { BasicModeInstance } from '../src/buildModeInstance';
import { buildLessonModeInstance, LESSON_MODE_ID } from '../src/lessonMode';
import lessonModeEntry from '../src/lessonModeEntry';

/** The shape of OHIF 3.13's basic mode instance that the lesson mode builds on (as in mode.test.ts). */
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
    onModeEnter() {
      calls.push('basic:enter');
    },
    onModeExit() {
      calls.push('basic:exit');
    },
  };
}

const EXTENSION_URL = 'http://127.0.0.1:3000/iqs-modules/extension.mjs';
type Corner = { $set: Array<{ id: string; contentF?: (props: unknown) => unknown; condition?: (props: unknown) => unknown }> };

describe('the lesson mode', () => {
  const build = (basic = basicMode()) => buildLessonModeInstance(basic, { extensionUrl: EXTENSION_URL, displayName: 'IQS lesson' });

  it('is basic mode at /iqs-lesson with no side panels (no study browser, no IQS facts panel) and no study-list button', () => {
    const mode = build();
    expect(mode.id).toBe(LESSON_MODE_ID);
    expect(mode.routeName).toBe(LESSON_MODE_ROUTE);
    expect(mode.hide).toBe(true);
    expect(mode.extensions).toEqual({
      '@ohif/extension-default': '^3.0.0',
      '@ohif/extension-cornerstone': '^3.0.0',
      [EXTENSION_URL]: '^0.1.0',
    });
    const [route] = mode.routes;
    expect(route?.path).toBe(LESSON_MODE_ROUTE);
    const layout = (route?.layoutTemplate as (args: unknown) => { props: Record<string, unknown> }).call(route, {
      location: { search: '?iqsLesson=x' },
    });
    expect(layout.props).toMatchObject({ leftPanels: [], rightPanels: [], leftPanelClosed: true, rightPanelClosed: true });
  });

  it('hides the header patient info from its layout template, before OHIF renders the layout', () => {
    const [route] = build().routes;
    const iqsService = { hideHeaderPatientInfo: jest.fn() };
    (route?.layoutTemplate as (args: unknown) => unknown).call(route, {
      servicesManager: { services: { [IQS_SERVICE_NAME]: iqsService } },
    });
    expect(iqsService.hideHeaderPatientInfo).toHaveBeenCalledTimes(1);
  });

  it('sets all four overlay corners: age and sex top left, window/level and zoom bottom left, nothing else', () => {
    const customizations = build().modeCustomizations as unknown as Record<string, Corner>;
    const ids = (corner: string) => customizations[`viewportOverlay.${corner}`]?.$set.map((item) => item.id);
    expect(ids('topLeft')).toEqual(['IqsLessonSexAge']);
    expect(ids('topRight')).toEqual([]);
    expect(ids('bottomLeft')).toEqual(['WindowLevel', 'ZoomLevel']);
    expect(ids('bottomRight')).toEqual([]);
    const sexAge = customizations['viewportOverlay.topLeft']?.$set[0];
    const instance = {
      PatientName: 'Vos^Fenna',
      PatientID: 'DEMOV0026',
      PatientBirthDate: '19490819',
      PatientSex: 'F',
      PatientAge: '076Y',
    };
    expect(sexAge?.contentF?.({ instance })).toBe('F · 76 y');
    expect(sexAge?.condition?.({ instance: { PatientName: 'Vos^Fenna' } })).toBe(false);
  });

  it('takes the tag browser out and presents the lesson through the IQS service; leaving stops it before basic mode', () => {
    const basic = basicMode();
    const mode = build(basic);
    const removed: string[] = [];
    const iqsService = {
      enterLessonMode: jest.fn(() => basic.calls.push('iqs:enter')),
      leaveMode: jest.fn(() => basic.calls.push('iqs:leave')),
    };
    const servicesManager = {
      services: { toolbarService: { removeButton: (id: string) => removed.push(id) }, [IQS_SERVICE_NAME]: iqsService },
    };
    mode.onModeEnter({ servicesManager, extensionManager: null });
    mode.onModeExit({ servicesManager });
    expect(removed).toEqual(['TagBrowser']);
    expect(basic.calls).toEqual(['basic:enter', 'iqs:enter', 'iqs:leave', 'basic:exit']);
    expect(iqsService.enterLessonMode).toHaveBeenCalledWith({ servicesManager, extensionManager: null });
  });

  it('is left out (null, logged) when basic mode does not load, so the viewer still starts', async () => {
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    await expect(lessonModeEntry.modeFactory({ loadModules: async () => [undefined] })).resolves.toBeNull();
    expect(String(error.mock.calls[0]?.[0])).toContain('[IQS]');
    error.mockRestore();
    expect(lessonModeEntry.id).toBe(LESSON_MODE_ID);
  });
});
