/**
 * What the reject browser tests do in the viewer: read the reject picker, wait until it is ready on an image, and
 * give reasons with the keyboard only, as a radiographer going through her rejects to explain does.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { viewportSop } from './evaluationFlow';
import { until } from './until';

/** The reject picker as it stands: the image it is for and the reason chosen (reject_reasons.code). */
export async function readPicker(page: Page): Promise<{ sop: string; chosen: string } | null> {
  return page.evaluate(() => {
    const picker = document.querySelector<HTMLElement>('[data-iqs-reject-picker]');
    return picker ? { sop: picker.dataset['iqsImage'] ?? '', chosen: picker.dataset['iqsChosen'] ?? '' } : null;
  });
}

/** Waits until the picker is for this image and has the keyboard focus, and the viewport shows the same image. */
export async function waitForPickerOn(page: Page, sop: string, timeoutMs = 60_000): Promise<void> {
  await page
    .waitForFunction(
      (wanted) => {
        const picker = document.querySelector<HTMLElement>('[data-iqs-reject-picker]');
        return picker?.dataset['iqsImage'] === wanted && picker.contains(document.activeElement);
      },
      sop,
      { timeout: timeoutMs },
    )
    .catch(async (error: unknown) => {
      const seen = await page.evaluate(() => ({
        picker: document.querySelector<HTMLElement>('[data-iqs-reject-picker]')?.dataset['iqsImage'] ?? null,
        focus: `${document.activeElement?.tagName ?? ''} ${document.activeElement?.className ?? ''}`,
        url: location.href.slice(0, 300),
      }));
      // (relative to the working directory: this file also runs under tsx in bench/, where repository.ts cannot load)
      const shot = path.resolve('test-results', 'screenshots', `reject-picker-not-ready-${sop.slice(-8)}.png`);
      await page.screenshot({ path: shot }).catch(() => undefined);
      throw new Error(`The reject picker was not ready on ${sop}: ${JSON.stringify(seen)}, see ${shot} (${String(error)})`);
    });
  await until(
    () => viewportSop(page),
    (shown) => shown === sop,
    { timeoutMs, what: `the viewport showing ${sop}` },
  );
}

/**
 * Gives a reason to each image in turn, keyboard only (a digit on every other image, type-ahead in the page's language, English here, on the others),
 * each saved with Enter, and waits for the next image of the list to be ready. Returns SOP Instance UID → reason code.
 */
export async function giveReasonsWithKeyboard(page: Page, images: readonly string[], next: string | null): Promise<Map<string, string>> {
  const given = new Map<string, string>();
  for (const [n, sop] of images.entries()) {
    await waitForPickerOn(page, sop);
    if (n % 2 === 0) await page.keyboard.press(String((n % 3) + 1));
    else await page.keyboard.type(n % 4 === 1 ? 'moti' : 'under');
    const chosen = (await readPicker(page))?.chosen ?? '';
    if (chosen === '') throw new Error(`no reason chosen on ${sop}`);
    given.set(sop, chosen);
    await page.keyboard.press('Enter');
  }
  if (next !== null) await waitForPickerOn(page, next);
  return given;
}
