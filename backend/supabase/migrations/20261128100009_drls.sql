-- Diagnostic Reference Levels (Dutch: DRN) and the lower target value (streefwaarde) a department compares its
-- doses with. Every value carries its source. The unit is fixed by the quantity, so a value in the wrong unit
-- cannot be entered (shared/reference/domain.md §4.4: units are where dose software goes wrong).

create type public.dose_quantity as enum ('dap', 'ctdivol', 'dlp', 'organ_dose');

create table public.drls (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  -- the IQS procedure it applies to; null for a catalogue entry not (yet) mapped to one
  procedure_id uuid,
  -- the examination as the source names it, e.g. "CT chest, lung cancer"
  label text not null check (length(btrim(label)) > 0),
  view_position text,
  quantity public.dose_quantity not null,
  unit text not null,
  drl_value double precision not null check (drl_value > 0),
  -- streefwaarde: the lower target (≈ achievable dose, the median of room medians)
  target_value double precision check (target_value > 0),
  -- patient age band in whole years, both ends included; null = any
  age_min smallint check (age_min between 0 and 130),
  age_max smallint check (age_max between 0 and 130),
  source text not null check (length(btrim(source)) > 0),
  source_url text,
  valid_from date not null,
  valid_to date,
  notes text,
  updated_by uuid,
  updated_at timestamptz not null default now(),
  check (unit = case quantity when 'dap' then 'Gy·cm²' when 'ctdivol' then 'mGy' when 'dlp' then 'mGy·cm' when 'organ_dose' then 'mGy' end),
  check (target_value is null or target_value < drl_value),
  check (age_min is null or age_max is null or age_min <= age_max),
  check (valid_to is null or valid_to > valid_from),
  foreign key (site_id, procedure_id) references public.procedures (site_id, id),
  foreign key (site_id, updated_by) references public.people (site_id, id)
);
create index drls_site_procedure_idx on public.drls (site_id, procedure_id, quantity);
comment on table public.drls is 'Reference levels (DRL/DRN) and target values (streefwaarde) in canonical units, with their source.';

create trigger drls_keep_site before update on public.drls
  for each row execute function private.keep_site();

revoke all on public.drls from anon, authenticated;
grant select, insert, update, delete on public.drls to authenticated;
alter table public.drls enable row level security;

-- everyone in the site reads them; the admin enters and changes the department's values
create policy drls_select on public.drls for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy drls_write on public.drls for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
