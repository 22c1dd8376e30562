/**
 * `iqs drl list` and `iqs drl set`: the department's reference levels (DRN) and target values (streefwaarde).
 * A new value closes the one it replaces (valid_to = the new valid_from), so the history of levels stays; one that
 * would start on the same day or later gives way (removed). Every change is audited by the database (drls_audit).
 * A value is recorded as published (value, streefwaarde and their unit, --unit; the canonical unit when none is
 * given); the database stores the canonical value computed from it. The list says which catalogue set a value was
 * taken from (or that it is the department's own) and the value as published.
 */
import type { IqsSettings } from '@iqs/config';
import { publishedToCanonical } from '@iqs/domain';
import { connectAsService } from './connect';
import type { Output } from './commands';
import { resolveSite } from './site';

export class DrlInputError extends Error {}

const UNITS = { dap: 'Gy·cm²', ctdivol: 'mGy', dlp: 'mGy·cm', organ_dose: 'mGy' } as const;
export type DoseQuantity = keyof typeof UNITS;

export interface DrlSet {
  readonly procedure: string;
  readonly quantity: string;
  readonly value: number;
  readonly target: number | null;
  readonly view: string | null;
  readonly ageMin: number | null;
  readonly ageMax: number | null;
  readonly source: string;
  readonly validFrom: string;
  readonly label: string | null;
  /** the unit the value and target are given in, as published (e.g. µGy·m²); null = the canonical unit */
  readonly unit?: string | null;
}

export async function drlListCommand(settings: IqsSettings, siteCode: string | null, output: Output): Promise<void> {
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    const { data, error } = await connection.client
      .from('drls')
      .select(
        'label, view_position, quantity, unit, drl_value, target_value, age_min, age_max, valid_from, valid_to, source, procedure_id, reference_set, published_value, published_target, published_unit',
      )
      .eq('site_id', site.id)
      .order('label')
      .order('quantity')
      .order('valid_from');
    if (error) throw new Error(`could not read the reference levels: ${error.message}`);
    for (const d of (data ?? []) as Array<Record<string, unknown>>) {
      const age = d['age_min'] !== null || d['age_max'] !== null ? ` age ${d['age_min'] ?? 0}–${d['age_max'] ?? '…'}` : '';
      const target = d['target_value'] !== null ? `, streefwaarde ${d['target_value']}` : '';
      const until = d['valid_to'] ? ` until ${d['valid_to']}` : '';
      const published =
        d['published_value'] !== null && d['published_unit'] !== null && d['published_unit'] !== d['unit']
          ? `; as published ${d['published_value']}${d['published_target'] !== null ? `/${d['published_target']}` : ''} ${d['published_unit']}`
          : '';
      const set = d['reference_set'] !== null ? `set ${d['reference_set']}` : 'department’s own';
      output.out(
        `${d['label']}${d['view_position'] ? ` ${d['view_position']}` : ''}${age}: ${d['quantity']} DRL ${d['drl_value']}${target} ${d['unit']} (from ${d['valid_from']}${until}; ${d['source']}${published}) [${set}]`,
      );
    }
  } finally {
    await connection.close();
  }
}

export async function drlSetCommand(settings: IqsSettings, siteCode: string | null, input: DrlSet, output: Output): Promise<void> {
  if (!(input.quantity in UNITS)) throw new DrlInputError(`--quantity must be one of ${Object.keys(UNITS).join(', ')}`);
  const quantity = input.quantity as DoseQuantity;
  if (!(input.value > 0)) throw new DrlInputError('--value must be a positive number');
  if (input.target !== null && !(input.target > 0 && input.target < input.value))
    throw new DrlInputError('--target must be positive and below --value');
  const publishedUnit = input.unit ?? UNITS[quantity];
  const drlValue = publishedToCanonical(input.value, publishedUnit, quantity);
  if (drlValue === null) throw new DrlInputError(`--unit ${publishedUnit} is not a unit of ${quantity} (canonical: ${UNITS[quantity]})`);
  const targetValue = input.target === null ? null : publishedToCanonical(input.target, publishedUnit, quantity);
  const connection = await connectAsService(settings);
  try {
    const site = await resolveSite(connection.client, siteCode);
    const procedure = await connection.client
      .from('procedures')
      .select('id, name_en')
      .eq('site_id', site.id)
      .eq('code', input.procedure)
      .maybeSingle();
    if (procedure.error) throw new Error(procedure.error.message);
    if (!procedure.data) throw new DrlInputError(`site ${site.code} has no procedure "${input.procedure}"`);
    // the value it replaces: same procedure, quantity, view and age band, still open
    let open = connection.client
      .from('drls')
      .select('id, valid_from')
      .eq('site_id', site.id)
      .eq('procedure_id', procedure.data.id)
      .eq('quantity', quantity)
      .is('valid_to', null);
    open = input.view === null ? open.is('view_position', null) : open.eq('view_position', input.view);
    open = input.ageMin === null ? open.is('age_min', null) : open.eq('age_min', input.ageMin);
    open = input.ageMax === null ? open.is('age_max', null) : open.eq('age_max', input.ageMax);
    const previous = await open.is('thickness_mm', null);
    if (previous.error) throw new Error(previous.error.message);
    for (const row of (previous.data ?? []) as Array<{ id: string; valid_from: string }>) {
      // an earlier value ends where this one starts; one that would start the same day or later gives way
      const replaced =
        row.valid_from < input.validFrom
          ? await connection.client.from('drls').update({ valid_to: input.validFrom }).eq('id', row.id)
          : await connection.client.from('drls').delete().eq('id', row.id);
      if (replaced.error) throw new Error(`could not close the previous level: ${replaced.error.message}`);
    }
    const inserted = await connection.client.from('drls').insert({
      site_id: site.id,
      procedure_id: procedure.data.id,
      label: input.label ?? procedure.data.name_en,
      view_position: input.view,
      quantity,
      unit: UNITS[quantity],
      drl_value: drlValue,
      target_value: targetValue,
      published_value: input.value,
      published_target: input.target,
      published_unit: publishedUnit,
      age_min: input.ageMin,
      age_max: input.ageMax,
      source: input.source,
      valid_from: input.validFrom,
    });
    if (inserted.error) throw new Error(`the reference level was not stored: ${inserted.error.message}`);
    const asPublished =
      publishedUnit !== UNITS[quantity]
        ? ` (as published: ${input.value}${input.target !== null ? `/${input.target}` : ''} ${publishedUnit})`
        : '';
    output.out(
      `stored: ${input.procedure} ${quantity} DRL ${drlValue}${targetValue !== null ? `, streefwaarde ${targetValue}` : ''} ${UNITS[quantity]}${asPublished} from ${input.validFrom}${(previous.data ?? []).length > 0 ? ' (the previous value now ends there)' : ''}`,
    );
  } finally {
    await connection.close();
  }
}
