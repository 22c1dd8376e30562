/**
 * IQS's commands, as OHIF runs them (commandsManager.runCommand, hotkeys): the extension's commands module, and the
 * hotkey bindings the IQS mode adds to OHIF's 'ohif.hotkeyBindings' customization, so that the viewer's other modes
 * do not get them. Each command asks the IQS service; with no IQS work running it does nothing.
 */
import type { Translator } from '../i18n/translator';
import { COMMAND_NAMES, COMMANDS_CONTEXT, HOTKEYS } from '../ids';
import { getIqsService } from '../service/IqsService';
import type { CommandsModule, ExtensionParams, HotkeyBinding } from '../viewer/ohifTypes';

export function getCommandsModule({ servicesManager }: ExtensionParams): CommandsModule {
  return {
    definitions: {
      // OHIF's hotkeys leave text fields alone and prevent the key's default before running the command
      [COMMAND_NAMES.focusScoringForm]: { commandFn: () => getIqsService(servicesManager)?.focusScoringForm() ?? false },
    },
    defaultContext: COMMANDS_CONTEXT,
  };
}

/** The IQS mode's hotkeys, labelled for OHIF's hotkey preferences; users may rebind them there. */
export function iqsHotkeyBindings(translator: Translator): HotkeyBinding[] {
  return [
    {
      ...HOTKEYS.focusScoringForm,
      keys: [...HOTKEYS.focusScoringForm.keys],
      label: translator.t('hotkey.focusScoringForm'),
      isEditable: true,
    },
  ];
}
