-- Dose analysis (issue 11, pillar 3): each room's typical dose per procedure and view, against the applicable DRN and
-- streefwaarde (private.applicable_reference, migration 22), for accepted, rejected or all images.
--
--   dose_analysis(quantity, dimension, period, filter)                  the signed-in person's rows (scope below)
--   dose_analysis_for_site(site, quantity, dimension, period, filter)   the department's, named (service role: iqs analyze)
--   dose_exposures_above_drl(quantity, filter, max_rows)                single exposures above their DRN (for the viewer)
--   dose_acquisition(filter)                                            kVp, mAs, distance and DI bands per room × procedure
--
-- What is counted (a *dose*): for DAP and organ dose (AGD) every image, an exposure; for CTDIvol every CT series (its
-- highest CTDIvol: the slices of one acquisition carry the same value) and for DLP every CT study (its highest DLP: the
-- study's total from the dose report reaches its images, migration 24). A series or study counts as rejected when all
-- its images with the value are; it takes its facts (room, procedure, age, weight, operators) from its images, which
-- agree in practice (when they do not, each combination counts once). Images rejected with a reason that does not count
-- as a reject (test/QC: a phantom, no patient dose) are left out.
--
-- A row: n, the median (ICRP 135's typical value: the median, not the mean), P25 and P75 with percentile_cont's
-- definition, the applicable DRN (drl) and streefwaarde (target) and the status: no_reference (no value applies; the
-- reason is private.applicable_reference's), too_few (a value applies but n is under sites.dose_min_images, default 20
-- [U]; the median is still given), else as private.dose_status: above_drl (median > DRN), above_target (median >
-- streefwaarde, not above the DRN), at_or_below_target.
-- Where the reference names a reference weight (the Dutch chest PA: 77 kg) and doses have patient weights, also the
-- Dutch way: ln(dose) fitted on weight by least squares over the doses with a weight, the fit read at that weight
-- (at_reference_weight), with fit_n and r². The reference is looked up for the youngest patient a row may hold: 18 with
-- adults_only (the default: patients of 18 and older, or of unknown age), otherwise 16 when the age bands leave out
-- children, otherwise 0 (an adult value does not apply to a mix with children), on the last day of the row's period (the
-- filter's `to` or today for the whole period).
--
-- Who sees what (as the reject analysis, migration 21): quality officers and admins get the department's rows, named
-- (reading by radiographer, or filtering on a colleague, is written to the audit log as dose.read_named); everyone else
-- gets their own rows (scope 'own': the doses they made) next to the department's (scope 'department'), and by
-- radiographer the department is one row with key null: no colleague by name, through any argument.
--
-- On a large index (bench:dose, 3 million images) the figures come from a rollup kept current by triggers: per month,
-- quarter and year and for the whole period, per cell (quantity, modality, procedure, view, room, rejected, adult), a
-- frequency table of the exact values (value, how many) with the sums the weight fit needs, and per cell its n, P25,
-- median and P75 worked out. A row made of one cell (chest PA in one room per month, accepted adults: the default)
-- reads that cell's figures; a row of several cells (all images, all ages, by procedure or modality over rooms) merges
-- their frequency tables (exact: percentiles of a multiset; as fast as the values repeat); questions the rollup does not
-- hold (by radiographer, a radiographer's own rows, weeks, dates inside a month, age bands, weight or thickness ranges)
-- are computed the same way over the doses themselves. As with the rejects, the triggers only note which (site, month)
-- changed; the analysis functions bring those months up to date first, writing only the (cell, value) rows that changed.
--
-- The filter (a JSON object; unknown fields, wrong types and unknown codes are refused with 22023 naming the field):
-- procedures (codes), views, modalities, rooms (StationName as in DICOM), radiographers (person ids or
-- raw:<OperatorsName>), age_bands (child < 16, adult, unknown: as the reject analysis), from, to (YYYY-MM-DD, the study
-- date), images ('accepted' by default, 'rejected', 'all'), adults_only (true by default: 18 and older, or age unknown),
-- weight_min/weight_max (kg) and thickness_min/thickness_max (mm): a bound keeps only doses whose value is known and
-- within it (the page offers sites.dose_weight_min/max, default 50–90 kg).

------------------------------------------------------------------------------------------------------------------
-- the site's settings
------------------------------------------------------------------------------------------------------------------
alter table public.sites
  add column dose_min_images integer not null default 20 check (dose_min_images >= 1),
  add column dose_di_fine numeric not null default 1 check (dose_di_fine > 0),
  add column dose_di_attention numeric not null default 3 check (dose_di_attention > 0),
  add column dose_weight_min numeric not null default 50 check (dose_weight_min > 0),
  add column dose_weight_max numeric not null default 90 check (dose_weight_max > 0),
  add constraint sites_dose_di_bands_order check (dose_di_fine <= dose_di_attention),
  add constraint sites_dose_weight_order check (dose_weight_min < dose_weight_max);

comment on column public.sites.dose_min_images is
  'Rows of the dose analysis with fewer doses than this are too_few (the median is still shown). Default 20: unconfirmed guidance (20–30 are often quoted for radiography and CT, 50 for mammography; ICRP 135), set by the site.';
comment on column public.sites.dose_di_fine is
  'Deviation index band: |DI| up to this is fine. Default 1: unconfirmed guidance, set by the site.';
comment on column public.sites.dose_di_attention is
  'Deviation index band: |DI| above dose_di_fine up to this asks attention, beyond it action. Default 3: unconfirmed guidance, set by the site.';
comment on column public.sites.dose_weight_min is
  'The standard patient''s weight range the analysis page offers (kg), lower end. Default 50 (ICRP 135: about 70 ± 10 kg, e.g. 50–90 kg).';
comment on column public.sites.dose_weight_max is
  'The standard patient''s weight range the analysis page offers (kg), upper end. Default 90 (ICRP 135).';

------------------------------------------------------------------------------------------------------------------
-- the doses: one row per counted dose
------------------------------------------------------------------------------------------------------------------
-- (an inlinable expression, as private.age_band: called once per dose)
create function private.dose_adult(patient_age_years smallint) returns boolean
language sql immutable
as $$
  select $1 is null or $1 >= 18
$$;

-- the images whose doses count: all but test/QC exposures (a plain view, so that a condition on the doses, such as a
-- month's study dates, reaches the index on the images)
create view private.dose_images as
  select i.*
  from public.images i
  -- a reason only counts on a rejected image; test/QC exposures are no patient dose
  left join public.rejects r on r.image_id = i.id and i.rejected
  left join public.reject_reasons rr on rr.id = r.reason_id
  where coalesce(rr.counts_as_reject, true);

create view private.dose_units as
  select i.site_id, 'dap'::public.dose_quantity as quantity, i.id as image_id, i.sop_instance_uid,
         i.series_instance_uid, i.study_instance_uid, i.study_date, i.procedure_id, i.view_position, i.station_name,
         i.modality, i.rejected, i.patient_age_years, i.patient_weight_kg, i.body_part_thickness_mm, i.dap_gy_cm2 as value
  from private.dose_images i where i.dap_gy_cm2 is not null
  union all
  select i.site_id, 'organ_dose'::public.dose_quantity, i.id, i.sop_instance_uid, i.series_instance_uid,
         i.study_instance_uid, i.study_date, i.procedure_id, i.view_position, i.station_name, i.modality, i.rejected,
         i.patient_age_years, i.patient_weight_kg, i.body_part_thickness_mm, i.organ_dose_mgy
  from private.dose_images i where i.organ_dose_mgy is not null
  union all
  -- a CT series: its first image (by SOP Instance UID) stands for it in the viewer and for its operators
  select i.site_id, 'ctdivol'::public.dose_quantity,
         (array_agg(i.id order by i.sop_instance_uid collate "C"))[1], min(i.sop_instance_uid collate "C"),
         i.series_instance_uid, i.study_instance_uid, i.study_date, i.procedure_id, i.view_position, i.station_name,
         i.modality, bool_and(i.rejected), i.patient_age_years, i.patient_weight_kg, null::double precision, max(i.ctdivol_mgy)
  from private.dose_images i where i.ctdivol_mgy is not null
  group by i.site_id, i.series_instance_uid, i.study_instance_uid, i.study_date, i.procedure_id, i.view_position,
           i.station_name, i.modality, i.patient_age_years, i.patient_weight_kg
  union all
  -- a CT study: its DLP (the total of its dose report); no view
  select i.site_id, 'dlp'::public.dose_quantity,
         (array_agg(i.id order by i.sop_instance_uid collate "C"))[1], min(i.sop_instance_uid collate "C"),
         min(i.series_instance_uid collate "C"), i.study_instance_uid, i.study_date, i.procedure_id, null::text,
         i.station_name, i.modality, bool_and(i.rejected), i.patient_age_years, i.patient_weight_kg, null::double precision,
         max(i.dlp_mgy_cm)
  from private.dose_images i where i.dlp_mgy_cm is not null
  group by i.site_id, i.study_instance_uid, i.study_date, i.procedure_id, i.station_name, i.modality,
           i.patient_age_years, i.patient_weight_kg;

------------------------------------------------------------------------------------------------------------------
-- the rollup (private: no grant to the API's roles; only the analysis functions read it)
------------------------------------------------------------------------------------------------------------------
-- A cell's identity as one text (the columns below in order, nulls included): the key of the frequency rows and the
-- cells, so that merging months and finding a cell's rows never compares nullable columns.
create function private.dose_cell(modality text, procedure_id uuid, view_position text, station_name text,
                                  rejected boolean, adult boolean) returns text
language sql immutable
as $$
  select jsonb_build_array($1, $2, $3, $4, $5, $6)::text
$$;

-- Frequency rows: grain 0 per month (month 'infinity': no study date), grain 1 the whole period (month '-infinity'),
-- grain 2 per year and grain 3 per quarter (month: its first day).
-- n doses of exactly this value; nw of them with a patient weight, whose weights sum to sw (squares: sww).
create table private.dose_rollup_values (
  site_id uuid not null,
  quantity public.dose_quantity not null,
  grain smallint not null,
  month date not null,
  cell text not null,
  modality text,
  procedure_id uuid,
  view_position text,
  station_name text,
  rejected boolean not null,
  adult boolean not null,
  value double precision not null,
  n integer not null,
  nw integer not null,
  sw double precision not null,
  sww double precision not null
);
create unique index dose_rollup_values_key on private.dose_rollup_values (site_id, quantity, grain, month, cell, value);

-- Per cell of either grain: n, the percentiles, and the sums of the weight fit (y = ln value, over the doses with a
-- weight: nw, Σw, Σw², Σy, Σwy, Σy²).
create table private.dose_rollup_cells (
  site_id uuid not null,
  quantity public.dose_quantity not null,
  grain smallint not null,
  month date not null,
  cell text not null,
  modality text,
  procedure_id uuid,
  view_position text,
  station_name text,
  rejected boolean not null,
  adult boolean not null,
  n integer not null,
  p25 double precision not null,
  median double precision not null,
  p75 double precision not null,
  nw integer not null,
  sw double precision not null,
  sww double precision not null,
  sy double precision not null,
  swy double precision not null,
  syy double precision not null,
  primary key (site_id, quantity, grain, month, cell)
);

-- the months to bring up to date
create table private.dose_rollup_dirty (
  site_id uuid not null,
  month date not null,
  primary key (site_id, month)
);

revoke all on private.dose_rollup_values, private.dose_rollup_cells, private.dose_rollup_dirty, private.dose_units,
  private.dose_images from public, anon, authenticated;

-- The statistics of frequency rows, as SQL around `freq_sql`: a relation with the group columns `group_cols` (a
-- comma-separated list of plain column names) and value, n, nw, sw, sww. Gives the group columns and n, p25, median,
-- p75 (percentile_cont: the value at position q·(n−1) of the sorted doses, interpolated linearly between its
-- neighbours), nw, sw, sww, sy, swy, syy. Fixed text only.
create function private.dose_stats_sql(freq_sql text, group_cols text) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  at text := 'min(w.value) filter (where w.cum > %s(%s::float8 * (w.total - 1)))';
  pct text := '(%1$s + (%2$s::float8 * (max(w.total) - 1) - floor(%2$s::float8 * (max(w.total) - 1))) * (%3$s - %1$s))';
begin
  return 'select ' || group_cols || ', max(w.total)::integer as n, '
    || format(pct, format(at, 'floor', '0.25'), '0.25', format(at, 'ceil', '0.25')) || ' as p25, '
    || format(pct, format(at, 'floor', '0.5'), '0.5', format(at, 'ceil', '0.5')) || ' as median, '
    || format(pct, format(at, 'floor', '0.75'), '0.75', format(at, 'ceil', '0.75')) || ' as p75, '
    || 'sum(w.nw)::integer as nw, sum(w.sw) as sw, sum(w.sww) as sww, sum(w.nw * ln(w.value)) as sy, '
    || 'sum(w.sw * ln(w.value)) as swy, sum(w.nw * ln(w.value) * ln(w.value)) as syy '
    || 'from (select m.*, sum(m.n) over (partition by ' || group_cols || ' order by m.value) as cum, '
    || '        sum(m.n) over (partition by ' || group_cols || ') as total '
    || '      from (select ' || group_cols || ', f.value, sum(f.n) as n, sum(f.nw) as nw, sum(f.sw) as sw, sum(f.sww) as sww '
    || '            from (' || freq_sql || ') f group by ' || group_cols || ', f.value) m '
    || '      where m.n > 0) w '
    || 'group by ' || group_cols;
end
$$;

-- The rows a month's doses also count in: grain 1 the whole period (month '-infinity'), grain 2 its year, grain 3 its
-- quarter (by their first day; doses without a date stay under 'infinity' there too).
create function private.dose_grains(month date) returns table (grain smallint, month date)
language sql immutable
as $$
  select 1::smallint, '-infinity'::date
  union all
  select 2::smallint, case when $1 = 'infinity' then $1 else date_trunc('year', $1::timestamp)::date end
  union all
  select 3::smallint, case when $1 = 'infinity' then $1 else date_trunc('quarter', $1::timestamp)::date end
$$;

-- Brings one month's frequency rows of a site (grain 0) up to date and adds the difference to the whole period's, its
-- year's and its quarter's (private.dose_grains): only the (cell, value) rows that changed are written, so that a
-- batch of new images changes a few cells, not the month. Returns the cells whose rows changed ('quantity|cell').
create function private.rebuild_dose_month(site uuid, month date) returns text[]
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_column
declare
  first_day date := case when month = 'infinity' then null else month end;
  next_day date := case when month = 'infinity' then null else (month + interval '1 month')::date end;
  touched text[];
begin
  -- the month as it is now (read by the study-date range, which the index on (site_id, study_date) finds), against
  -- the month's rows as they are
  with f as (
    select u.quantity, u.modality, u.procedure_id, u.view_position, u.station_name, u.rejected,
           private.dose_adult(u.patient_age_years) as adult, u.value, u.patient_weight_kg as w
    from private.dose_units u
    where u.site_id = site
      and case when first_day is null then u.study_date is null
               else u.study_date >= first_day and u.study_date < next_day end
  ),
  fresh as (
    select f.quantity, private.dose_cell(f.modality, f.procedure_id, f.view_position, f.station_name, f.rejected, f.adult) as cell,
           f.modality, f.procedure_id, f.view_position, f.station_name, f.rejected, f.adult, f.value,
           count(*)::integer as n, count(f.w)::integer as nw, coalesce(sum(f.w), 0) as sw, coalesce(sum(f.w * f.w), 0) as sww
    from f
    group by f.quantity, f.modality, f.procedure_id, f.view_position, f.station_name, f.rejected, f.adult, f.value
  ),
  old as (
    select v.* from private.dose_rollup_values v
    where v.site_id = site and v.grain = 0 and v.month = rebuild_dose_month.month
  ),
  -- what changed: the new row (null: none any more) and the difference
  delta as (
    select coalesce(x.quantity, o.quantity) as quantity, coalesce(x.cell, o.cell) as cell,
           coalesce(x.modality, o.modality) as modality, coalesce(x.procedure_id, o.procedure_id) as procedure_id,
           coalesce(x.view_position, o.view_position) as view_position, coalesce(x.station_name, o.station_name) as station_name,
           coalesce(x.rejected, o.rejected) as rejected, coalesce(x.adult, o.adult) as adult,
           coalesce(x.value, o.value) as value,
           x.n as new_n, x.nw as new_nw, x.sw as new_sw, x.sww as new_sww,
           coalesce(x.n, 0) - coalesce(o.n, 0) as n, coalesce(x.nw, 0) - coalesce(o.nw, 0) as nw,
           coalesce(x.sw, 0) - coalesce(o.sw, 0) as sw, coalesce(x.sww, 0) - coalesce(o.sww, 0) as sww
    from fresh x
    full join old o on o.quantity = x.quantity and o.cell = x.cell and o.value = x.value
    where (x.n, x.nw, x.sw, x.sww) is distinct from (o.n, o.nw, o.sw, o.sww)
  ),
  month_written as (
    insert into private.dose_rollup_values as t (site_id, quantity, grain, month, cell, modality, procedure_id,
                                                 view_position, station_name, rejected, adult, value, n, nw, sw, sww)
    select site, d.quantity, 0, rebuild_dose_month.month, d.cell, d.modality, d.procedure_id, d.view_position,
           d.station_name, d.rejected, d.adult, d.value, d.new_n, d.new_nw, d.new_sw, d.new_sww
    from delta d where d.new_n is not null
    on conflict (site_id, quantity, grain, month, cell, value) do update
      set n = excluded.n, nw = excluded.nw, sw = excluded.sw, sww = excluded.sww
  ),
  month_removed as (
    delete from private.dose_rollup_values v
    using delta d
    where d.new_n is null and v.site_id = site and v.grain = 0 and v.month = rebuild_dose_month.month
      and v.quantity = d.quantity and v.cell = d.cell and v.value = d.value
  ),
  whole_written as (
    insert into private.dose_rollup_values as t (site_id, quantity, grain, month, cell, modality, procedure_id,
                                                 view_position, station_name, rejected, adult, value, n, nw, sw, sww)
    select site, d.quantity, g.grain, g.month, d.cell, d.modality, d.procedure_id, d.view_position, d.station_name,
           d.rejected, d.adult, d.value, d.n, d.nw, d.sw, d.sww
    from delta d
    cross join private.dose_grains(rebuild_dose_month.month) g
    on conflict (site_id, quantity, grain, month, cell, value) do update
      set n = t.n + excluded.n, nw = t.nw + excluded.nw, sw = t.sw + excluded.sw, sww = t.sww + excluded.sww
  )
  select array_agg(distinct d.quantity::text || '|' || d.cell) into touched from delta d;
  return coalesce(touched, '{}');
end
$$;

-- The figures of the given cells ('quantity|cell') of one grain and month (grain 1: month '-infinity') from their
-- frequency rows; the frequency rows left without doses go.
create function private.rebuild_dose_cells(site uuid, grain smallint, month date, cells text[]) returns void
language plpgsql volatile security definer set search_path = ''
as $$
#variable_conflict use_column
begin
  delete from private.dose_rollup_cells c
  using unnest(cells) as k (qc)
  where c.site_id = site and c.grain = rebuild_dose_cells.grain and c.month = rebuild_dose_cells.month
    and c.quantity = split_part(k.qc, '|', 1)::public.dose_quantity and c.cell = substr(k.qc, strpos(k.qc, '|') + 1);
  delete from private.dose_rollup_values v
  using unnest(cells) as k (qc)
  where v.site_id = site and v.grain = rebuild_dose_cells.grain and v.month = rebuild_dose_cells.month and v.n = 0
    and v.quantity = split_part(k.qc, '|', 1)::public.dose_quantity and v.cell = substr(k.qc, strpos(k.qc, '|') + 1);
  execute 'insert into private.dose_rollup_cells (site_id, quantity, grain, month, cell, modality, procedure_id, '
    || '  view_position, station_name, rejected, adult, n, p25, median, p75, nw, sw, sww, sy, swy, syy) '
    || 'select $1, s.quantity, $2, $3, s.cell, (s.cell::jsonb ->> 0), (s.cell::jsonb ->> 1)::uuid, '
    || '  (s.cell::jsonb ->> 2), (s.cell::jsonb ->> 3), (s.cell::jsonb ->> 4)::boolean, (s.cell::jsonb ->> 5)::boolean, '
    || '  s.n, s.p25, s.median, s.p75, s.nw, s.sw, s.sww, s.sy, s.swy, s.syy '
    || 'from (' || private.dose_stats_sql(
         'select v.quantity, v.cell, v.value, v.n, v.nw, v.sw, v.sww from private.dose_rollup_values v '
         || 'join unnest($4) as k (qc) on v.quantity = split_part(k.qc, ''|'', 1)::public.dose_quantity '
         || '  and v.cell = substr(k.qc, strpos(k.qc, ''|'') + 1) '
         || 'where v.site_id = $1 and v.grain = $2 and v.month = $3', 'quantity, cell') || ') s'
    using site, grain, month, cells;
end
$$;

-- Brings the site's dirty months up to date (taking them off the list): their frequency rows, the figures of the
-- cells that changed in each month and over the whole period. Returns how many months. Called by every analysis
-- function.
create function private.refresh_dose_rollup(site uuid) returns integer
language plpgsql volatile security definer set search_path = ''
as $$
declare
  months date[];
  m date;
  changed text[];
  -- 'month#quantity|cell' of every cell that changed
  touched text[] := '{}';
  g record;
begin
  with taken as (delete from private.dose_rollup_dirty d where d.site_id = site returning d.month)
  select array_agg(t.month order by t.month) into months from taken t;
  if months is null then
    return 0;
  end if;
  foreach m in array months loop
    changed := private.rebuild_dose_month(site, m);
    if cardinality(changed) > 0 then
      perform private.rebuild_dose_cells(site, 0::smallint, m, changed);
      touched := touched || array(select m::text || '#' || c from unnest(changed) as c);
    end if;
  end loop;
  -- the cells of the whole period, the years and the quarters those months are in
  for g in
    select x.grain, x.month, array_agg(distinct substr(t, strpos(t, '#') + 1)) as cells
    from unnest(touched) as t
    cross join private.dose_grains(split_part(t, '#', 1)::date) x
    group by x.grain, x.month
  loop
    perform private.rebuild_dose_cells(site, g.grain, g.month, g.cells);
  end loop;
  return cardinality(months);
end
$$;

revoke all on function private.dose_adult(smallint), private.dose_cell(text, uuid, text, text, boolean, boolean),
  private.dose_grains(date), private.dose_stats_sql(text, text), private.rebuild_dose_month(uuid, date),
  private.rebuild_dose_cells(uuid, smallint, date, text[]), private.refresh_dose_rollup(uuid)
  from public, anon, authenticated;
grant execute on function private.dose_adult(smallint), private.dose_cell(text, uuid, text, text, boolean, boolean)
  to authenticated, service_role;
grant execute on function private.rebuild_dose_month(uuid, date), private.rebuild_dose_cells(uuid, smallint, date, text[]),
  private.refresh_dose_rollup(uuid) to service_role;

------------------------------------------------------------------------------------------------------------------
-- keeping it current: triggers that mark (site, month) dirty (security definer: whoever changes the rows)
------------------------------------------------------------------------------------------------------------------
create function private.dose_dirty_image_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into private.dose_rollup_dirty (site_id, month) values (new.site_id, private.reject_month(new.study_date))
    on conflict do nothing;
  end if;
  if tg_op = 'DELETE' or (tg_op = 'UPDATE' and private.reject_month(old.study_date) <> private.reject_month(new.study_date)) then
    insert into private.dose_rollup_dirty (site_id, month) values (old.site_id, private.reject_month(old.study_date))
    on conflict do nothing;
  end if;
  return null;
end
$$;
-- only images with a dose (an image without one is not in the analysis), and only changes of what the rollup holds
create trigger images_dose_rollup_insert after insert on public.images
  for each row
  when (new.dap_gy_cm2 is not null or new.organ_dose_mgy is not null or new.ctdivol_mgy is not null or new.dlp_mgy_cm is not null)
  execute function private.dose_dirty_image_row();
create trigger images_dose_rollup_update after update on public.images
  for each row
  when ((old.dap_gy_cm2, old.organ_dose_mgy, old.ctdivol_mgy, old.dlp_mgy_cm, old.study_date, old.procedure_id,
         old.view_position, old.station_name, old.modality, old.rejected, old.patient_age_years, old.patient_weight_kg,
         old.series_instance_uid, old.study_instance_uid, old.sop_instance_uid)
        is distinct from
        (new.dap_gy_cm2, new.organ_dose_mgy, new.ctdivol_mgy, new.dlp_mgy_cm, new.study_date, new.procedure_id,
         new.view_position, new.station_name, new.modality, new.rejected, new.patient_age_years, new.patient_weight_kg,
         new.series_instance_uid, new.study_instance_uid, new.sop_instance_uid))
  execute function private.dose_dirty_image_row();
create trigger images_dose_rollup_delete after delete on public.images
  for each row
  when (old.dap_gy_cm2 is not null or old.organ_dose_mgy is not null or old.ctdivol_mgy is not null or old.dlp_mgy_cm is not null)
  execute function private.dose_dirty_image_row();

-- a reason that is test/QC takes its image out of the analysis: the month of the image it belongs to
create function private.dose_dirty_rejects() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into private.dose_rollup_dirty (site_id, month)
    select distinct i.site_id, private.reject_month(i.study_date) from new_rows n join public.images i on i.id = n.image_id
    on conflict do nothing;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into private.dose_rollup_dirty (site_id, month)
    select distinct i.site_id, private.reject_month(i.study_date) from old_rows o join public.images i on i.id = o.image_id
    on conflict do nothing;
  end if;
  return null;
end
$$;
create trigger rejects_dose_rollup_insert after insert on public.rejects
  referencing new table as new_rows for each statement execute function private.dose_dirty_rejects();
create trigger rejects_dose_rollup_update after update on public.rejects
  referencing old table as old_rows new table as new_rows for each statement execute function private.dose_dirty_rejects();
create trigger rejects_dose_rollup_delete after delete on public.rejects
  referencing old table as old_rows for each statement execute function private.dose_dirty_rejects();

create function private.dose_dirty_reason() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.dose_rollup_dirty (site_id, month)
  select distinct i.site_id, private.reject_month(i.study_date)
  from public.rejects r join public.images i on i.id = r.image_id
  where r.reason_id = new.id
  on conflict do nothing;
  return null;
end
$$;
create trigger reject_reasons_dose_rollup after update of counts_as_reject on public.reject_reasons
  for each row when (old.counts_as_reject is distinct from new.counts_as_reject)
  execute function private.dose_dirty_reason();

revoke all on function private.dose_dirty_image_row(), private.dose_dirty_rejects(), private.dose_dirty_reason()
  from public, anon, authenticated;

-- what is there already
insert into private.dose_rollup_dirty (site_id, month)
select distinct i.site_id, private.reject_month(i.study_date) from public.images i
on conflict do nothing;

------------------------------------------------------------------------------------------------------------------
-- the filter, parsed and checked once (22023 naming the field)
------------------------------------------------------------------------------------------------------------------
create type private.dose_filter as (
  procedure_ids uuid[],
  views text[],
  modalities text[],
  rooms text[],
  radiographers text[],
  age_bands text[],
  date_from date,
  date_to date,
  -- 'accepted' (default), 'rejected' or 'all'
  images text,
  adults_only boolean,
  weight_min double precision,
  weight_max double precision,
  thickness_min double precision,
  thickness_max double precision
);

create function private.filter_positive_number(value jsonb, field text) returns double precision
language plpgsql immutable set search_path = ''
as $$
begin
  if value is null or value = 'null'::jsonb then
    return null;
  end if;
  if jsonb_typeof(value) <> 'number' or (value #>> '{}')::double precision <= 0 then
    raise exception 'filter.% must be a number above 0, not %', field, value using errcode = '22023';
  end if;
  return (value #>> '{}')::double precision;
end
$$;

-- The fields the reject analysis knows too (procedures, views, modalities, rooms, radiographers, age_bands) are parsed
-- by its parser (migration 21), with the same messages; the scope check reads that result.
create function private.parse_dose_filter(site uuid, filter jsonb, out f private.dose_filter, out shared private.reject_filter)
language plpgsql stable set search_path = ''
as $$
declare
  known constant text[] := array['procedures', 'views', 'modalities', 'rooms', 'radiographers', 'age_bands', 'from', 'to',
                                 'images', 'adults_only', 'weight_min', 'weight_max', 'thickness_min', 'thickness_max'];
  extra text;
  kind jsonb;
begin
  if filter is null or filter = 'null'::jsonb then
    filter := '{}'::jsonb;
  end if;
  if jsonb_typeof(filter) <> 'object' then
    raise exception 'the filter must be a JSON object, not %', filter using errcode = '22023';
  end if;
  select string_agg(k, ', ' order by k) into extra from jsonb_object_keys(filter) as k where k <> all (known);
  if extra is not null then
    raise exception 'unknown filter field(s): %', extra
      using errcode = '22023', hint = 'known fields: ' || array_to_string(known, ', ');
  end if;

  shared := private.parse_reject_filter(site, jsonb_strip_nulls(jsonb_build_object(
    'procedures', filter -> 'procedures', 'views', filter -> 'views', 'modalities', filter -> 'modalities',
    'rooms', filter -> 'rooms', 'radiographers', filter -> 'radiographers', 'age_bands', filter -> 'age_bands')));
  f.procedure_ids := shared.procedure_ids;
  f.views := shared.views;
  f.modalities := shared.modalities;
  f.rooms := shared.rooms;
  f.radiographers := shared.radiographers;
  f.age_bands := shared.age_bands;

  f.date_from := private.filter_date(filter -> 'from', 'from');
  f.date_to := private.filter_date(filter -> 'to', 'to');
  if f.date_from > f.date_to then
    raise exception 'filter.from (%) is after filter.to (%)', f.date_from, f.date_to using errcode = '22023';
  end if;
  shared.date_from := f.date_from;
  shared.date_to := f.date_to;

  kind := filter -> 'images';
  if kind is null or kind = 'null'::jsonb then
    f.images := 'accepted';
  elsif jsonb_typeof(kind) = 'string' and kind #>> '{}' in ('accepted', 'rejected', 'all') then
    f.images := kind #>> '{}';
  else
    raise exception 'filter.images must be accepted, rejected or all, not %', kind using errcode = '22023';
  end if;
  f.adults_only := private.filter_boolean(filter -> 'adults_only', 'adults_only', true);

  f.weight_min := private.filter_positive_number(filter -> 'weight_min', 'weight_min');
  f.weight_max := private.filter_positive_number(filter -> 'weight_max', 'weight_max');
  if f.weight_min > f.weight_max then
    raise exception 'filter.weight_min (%) is above filter.weight_max (%)', f.weight_min, f.weight_max using errcode = '22023';
  end if;
  f.thickness_min := private.filter_positive_number(filter -> 'thickness_min', 'thickness_min');
  f.thickness_max := private.filter_positive_number(filter -> 'thickness_max', 'thickness_max');
  if f.thickness_min > f.thickness_max then
    raise exception 'filter.thickness_min (%) is above filter.thickness_max (%)', f.thickness_min, f.thickness_max
      using errcode = '22023';
  end if;
end
$$;

create function private.dose_quantity_of(quantity text) returns public.dose_quantity
language plpgsql immutable set search_path = ''
as $$
begin
  if quantity is null or quantity not in ('dap', 'ctdivol', 'dlp', 'organ_dose') then
    raise exception 'quantity must be one of dap, ctdivol, dlp, organ_dose, not %', coalesce(quantity, 'null')
      using errcode = '22023';
  end if;
  return quantity::public.dose_quantity;
end
$$;

-- IQS's canonical unit of a quantity (migration 9)
create function private.dose_unit(quantity public.dose_quantity) returns text
language sql immutable set search_path = ''
as $$
  select case quantity when 'dap' then 'Gy·cm²' when 'ctdivol' then 'mGy' when 'dlp' then 'mGy·cm' when 'organ_dose' then 'mGy' end
$$;

------------------------------------------------------------------------------------------------------------------
-- the conditions of a filter, and where the doses of a question come from
------------------------------------------------------------------------------------------------------------------
-- The filter as conditions on one dose `u` of private.dose_units (or an image with its id as image_id), after
-- `where <site and quantity> `, with the parameters $1 site, $2 quantity,
-- $3 procedure ids, $4 views, $5 modalities, $6 rooms, $7 radiographers, $8 age bands, $9 from, $10 to, $11 weight min,
-- $12 weight max, $13 thickness min, $14 thickness max. Age bands as the reject analysis's (child < 16, adult,
-- unknown). Fixed text only.
create function private.dose_unit_conditions(f private.dose_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  parts text := '';
begin
  if f.radiographers is not null then
    parts := parts || ' and exists (select 1 from public.image_operators o where o.image_id = u.image_id '
      || 'and private.operator_key(o.person_id, o.raw_name) = any ($7))';
  end if;
  if f.procedure_ids is not null then parts := parts || ' and u.procedure_id = any ($3)'; end if;
  if f.views is not null then parts := parts || ' and u.view_position = any ($4)'; end if;
  if f.modalities is not null then parts := parts || ' and u.modality = any ($5)'; end if;
  if f.rooms is not null then parts := parts || ' and u.station_name = any ($6)'; end if;
  if f.age_bands is not null then parts := parts || ' and private.age_band(u.patient_age_years) = any ($8)'; end if;
  if f.adults_only then parts := parts || ' and private.dose_adult(u.patient_age_years)'; end if;
  if f.images = 'accepted' then parts := parts || ' and not u.rejected';
  elsif f.images = 'rejected' then parts := parts || ' and u.rejected'; end if;
  if f.date_from is not null then parts := parts || ' and u.study_date >= $9'; end if;
  if f.date_to is not null then parts := parts || ' and u.study_date <= $10'; end if;
  if f.weight_min is not null then parts := parts || ' and u.patient_weight_kg >= $11'; end if;
  if f.weight_max is not null then parts := parts || ' and u.patient_weight_kg <= $12'; end if;
  if f.thickness_min is not null then parts := parts || ' and u.body_part_thickness_mm >= $13'; end if;
  if f.thickness_max is not null then parts := parts || ' and u.body_part_thickness_mm <= $14'; end if;
  return parts;
end
$$;

-- 'cells:0' (the rollup's months), 'cells:1' (its whole period), 'cells:2' (its years), 'cells:3' (its quarters) or
-- 'scan' (the doses themselves)
create function private.dose_plan(dimension text, period text, f private.dose_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  whole_months boolean := period <> 'week'
    and (f.date_from is null or f.date_from = date_trunc('month', f.date_from::timestamp)::date)
    and (f.date_to is null or f.date_to = (date_trunc('month', f.date_to::timestamp) + interval '1 month - 1 day')::date);
begin
  if dimension = 'radiographer' or f.radiographers is not null or f.age_bands is not null or not whole_months
     or f.weight_min is not null or f.weight_max is not null or f.thickness_min is not null or f.thickness_max is not null then
    return 'scan';
  end if;
  if period = 'all' and f.date_from is null and f.date_to is null then
    return 'cells:1';
  end if;
  -- a year's or a quarter's own rows when the dates (if any) are whole years or quarters
  if period in ('year', 'quarter')
     and (f.date_from is null or f.date_from = date_trunc(period, f.date_from::timestamp)::date)
     and (f.date_to is null
          or f.date_to = (date_trunc(period, f.date_to::timestamp) + case period when 'year' then interval '1 year - 1 day'
                                                                              else interval '3 months - 1 day' end)::date) then
    return case period when 'year' then 'cells:2' else 'cells:3' end;
  end if;
  return 'cells:0';
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the rows of one analysis, for one site, without scope
------------------------------------------------------------------------------------------------------------------
-- Per period, procedure, view and key: n, percentiles and the fit's sums (parameters as dose_unit_conditions).
create function private.dose_stats(site uuid, quantity public.dose_quantity, dimension text, period text, f private.dose_filter)
returns table (
  period_start date, procedure_id uuid, view_position text, raw_key text, n integer, p25 double precision,
  median double precision, p75 double precision, nw integer, sw double precision, sww double precision,
  sy double precision, swy double precision, syy double precision
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  plan text := private.dose_plan(dimension, period, f);
  grain text := split_part(plan, ':', 2);
  period_sql text;
  key_sql text;
  conditions text := 'true';
  sql text;
  group_cols text := 'period_start, procedure_id, view_position, raw_key';
begin
  period_sql := case period
    when 'all' then 'null::date'
    else format('date_trunc(%L, nullif(%%s, ''infinity''::date)::timestamp)::date', period) end;
  key_sql := case dimension
    when 'all' then 'null::text'
    when 'procedure' then 'c.procedure_id::text'
    when 'modality' then 'c.modality'
    when 'room' then 'c.station_name'
    when 'radiographer' then 'k.operator_key'
  end;

  if plan = 'scan' then
    sql := 'select ' || format(period_sql, 'c.study_date') || ' as period_start, c.procedure_id, c.view_position, '
      || key_sql || ' as raw_key, c.value, 1 as n, (c.patient_weight_kg is not null)::integer as nw, '
      || 'coalesce(c.patient_weight_kg, 0) as sw, coalesce(c.patient_weight_kg * c.patient_weight_kg, 0) as sww '
      || 'from (select u.* from private.dose_units u where u.site_id = $1 and u.quantity = $2' || private.dose_unit_conditions(f) || ') c ';
    if dimension = 'radiographer' then
      -- once per distinct operator key of the dose's image (a dose without operators under the key null); only the
      -- operators the filter names
      sql := sql || 'left join lateral (select distinct private.operator_key(o.person_id, o.raw_name) as operator_key '
        || 'from public.image_operators o where o.image_id = c.image_id'
        || case when f.radiographers is not null then ' and private.operator_key(o.person_id, o.raw_name) = any ($7)' else '' end
        || ') k on true';
    end if;
    return query execute private.dose_stats_sql(sql, group_cols)
      using site, quantity, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.age_bands,
            f.date_from, f.date_to, f.weight_min, f.weight_max, f.thickness_min, f.thickness_max;
    return;
  end if;

  -- the rollup: the cells of the question, each with the number of cells of its row
  if f.procedure_ids is not null then conditions := conditions || ' and c.procedure_id = any ($3)'; end if;
  if f.views is not null then conditions := conditions || ' and c.view_position = any ($4)'; end if;
  if f.modalities is not null then conditions := conditions || ' and c.modality = any ($5)'; end if;
  if f.rooms is not null then conditions := conditions || ' and c.station_name = any ($6)'; end if;
  if f.adults_only then conditions := conditions || ' and c.adult'; end if;
  if f.images = 'accepted' then conditions := conditions || ' and not c.rejected';
  elsif f.images = 'rejected' then conditions := conditions || ' and c.rejected'; end if;
  -- (whole months only: the plan made sure; 'infinity', the month of doses without a date, is outside any range)
  if f.date_from is not null then conditions := conditions || ' and c.month >= $9 and c.month < ''infinity''::date'; end if;
  if f.date_to is not null then conditions := conditions || ' and c.month <= $10'; end if;

  sql := 'with c as materialized ('
    || '  select ' || format(period_sql, 'c.month') || ' as period_start, c.procedure_id, c.view_position, '
    || key_sql || ' as raw_key, c.grain, c.month, c.cell, c.n, c.p25, c.median, c.p75, c.nw, c.sw, c.sww, c.sy, c.swy, c.syy, '
    || '  count(*) over (partition by ' || format(period_sql, 'c.month') || ', c.procedure_id, c.view_position, ' || key_sql || ') as cells '
    || '  from private.dose_rollup_cells c '
    || '  where c.site_id = $1 and c.quantity = $2 and c.grain = ' || grain::integer || ' and ' || conditions || ') '
    -- a row of one cell: that cell's figures
    || 'select c.period_start, c.procedure_id, c.view_position, c.raw_key, c.n, c.p25, c.median, c.p75, c.nw, c.sw, '
    || '  c.sww, c.sy, c.swy, c.syy from c where c.cells = 1 '
    || 'union all '
    -- a row of several: their frequency rows merged
    || private.dose_stats_sql(
         'select c.period_start, c.procedure_id, c.view_position, c.raw_key, v.value, v.n, v.nw, v.sw, v.sww '
         || 'from c join private.dose_rollup_values v on v.site_id = $1 and v.quantity = $2 and v.grain = c.grain '
         || ' and v.month = c.month and v.cell = c.cell where c.cells > 1', group_cols);
  return query execute sql
    using site, quantity, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.age_bands,
          f.date_from, f.date_to, f.weight_min, f.weight_max, f.thickness_min, f.thickness_max;
end
$$;

-- The rows with their key's label, the applicable reference, the status and the weight fit.
create function private.dose_rows(site uuid, quantity public.dose_quantity, dimension text, period text, f private.dose_filter)
returns table (
  procedure_code text, view_position text, key text, label text, period_start date, n integer,
  median double precision, p25 double precision, p75 double precision, drl double precision, target double precision,
  status text, reference_set text, fit_n integer, at_reference_weight double precision, fit_r2 double precision
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  -- the youngest patient a row may hold (see the top of this file)
  youngest smallint := case when f.adults_only then 18
                            when f.age_bands is not null and not ('child' = any (f.age_bands)) then 16
                            else 0 end;
  min_images integer := (select s.dose_min_images from public.sites s where s.id = site);
begin
  return query
  with s as (select * from private.dose_stats(site, quantity, dimension, period, f)),
  x as (
    select s.*,
           coalesce(case period
                      when 'week' then s.period_start + 6
                      when 'month' then (s.period_start + interval '1 month - 1 day')::date
                      when 'quarter' then (s.period_start + interval '3 months - 1 day')::date
                      when 'year' then (s.period_start + interval '1 year - 1 day')::date
                    end, f.date_to, current_date) as on_date
    from s
  ),
  -- the reference once per procedure, view and day (a row per room or radiographer asks the same)
  refs as materialized (
    select k.procedure_id, k.view_position, k.on_date, r.drl, r.target, r.reference_set, r.reference_weight_kg
    from (select distinct x.procedure_id, x.view_position, x.on_date from x) k
    left join lateral private.applicable_reference(site, k.procedure_id, k.view_position, youngest, quantity, k.on_date, null) r
      on true
  )
  select p.code, x.view_position,
         case when dimension = 'procedure' then p.code else x.raw_key end,
         case dimension
           when 'all' then null
           when 'procedure' then p.name_nl
           when 'room' then coalesce((select coalesce(st.display_name, st.station_name) from public.stations st
                                      where st.site_id = site and lower(btrim(st.station_name)) = lower(btrim(x.raw_key))
                                      order by (st.station_name = x.raw_key) desc limit 1), x.raw_key)
           when 'radiographer' then case when x.raw_key like 'raw:%' then substr(x.raw_key, 5)
                                         else (select pp.display_name from public.people pp where pp.id::text = x.raw_key) end
           else x.raw_key end,
         x.period_start, x.n, x.median, x.p25, x.p75, r.drl, r.target,
         -- the bands as the viewer's (private.dose_status, migration 22), too_few first where a reference applies
         case when r.drl is not null and x.n < min_images then 'too_few'
              else private.dose_status(x.median, r.drl, r.target) end,
         r.reference_set,
         x.nw,
         case when fit.ok then exp(fit.a + fit.b * r.reference_weight_kg::double precision) end,
         case when fit.ok and fit.syy_c > 0 then fit.sxy_c * fit.sxy_c / (fit.sxx_c * fit.syy_c) end
  from x
  left join public.procedures p on p.id = x.procedure_id
  left join refs r on r.procedure_id is not distinct from x.procedure_id and r.view_position is not distinct from x.view_position
    and r.on_date = x.on_date
  -- least squares of y = ln(dose) on w = weight, centred sums: b = Sxy / Sxx, a = (Σy − b Σw) / nw
  cross join lateral (
    select x.nw * x.sww - x.sw * x.sw as sxx_c, x.nw * x.swy - x.sw * x.sy as sxy_c, x.nw * x.syy - x.sy * x.sy as syy_c
  ) c
  cross join lateral (
    select r.reference_weight_kg is not null and x.nw >= 3 and c.sxx_c > 0 as ok,
           c.sxx_c, c.sxy_c, c.syy_c,
           c.sxy_c / nullif(c.sxx_c, 0) as b,
           (x.sy - (c.sxy_c / nullif(c.sxx_c, 0)) * x.sw) / nullif(x.nw, 0) as a
  ) fit
  order by x.period_start nulls first, p.code nulls last, x.view_position nulls last, 3 nulls last;
end
$$;

create function private.check_dose_arguments(dimension text, period text) returns void
language plpgsql immutable set search_path = ''
as $$
begin
  if dimension is null or dimension not in ('room', 'procedure', 'radiographer', 'modality') then
    raise exception 'dimension must be one of room, procedure, radiographer, modality, not %', coalesce(dimension, 'null')
      using errcode = '22023';
  end if;
  if period is null or period not in ('week', 'month', 'quarter', 'year', 'all') then
    raise exception 'period must be one of week, month, quarter, year, all, not %', coalesce(period, 'null') using errcode = '22023';
  end if;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the functions of the API (private definers; the public wrappers below)
------------------------------------------------------------------------------------------------------------------
-- A row of dose_analysis (a type rather than `returns table`: the columns quantity and dimension have the names of
-- the arguments, which PostgreSQL does not allow for a function's own columns)
create type public.dose_analysis_row as (
  -- 'department' or 'own'
  scope text,
  procedure_code text,
  view_position text,
  -- room, procedure, radiographer or modality
  dimension text,
  -- the StationName as in DICOM, the procedure's code, the person id (or raw:<OperatorsName>), the modality; null:
  -- the department as one row (by radiographer, for those who see no colleague by name)
  key text,
  label text,
  -- null for the whole period
  period_start date,
  quantity text,
  unit text,
  n integer,
  median double precision,
  p25 double precision,
  p75 double precision,
  drl double precision,
  target double precision,
  -- above_drl, above_target, at_or_below_target, too_few or no_reference
  status text,
  reference_set text,
  -- the doses with a patient weight, and the fit of ln(dose) on weight read at the reference's weight (77 kg for the
  -- Dutch chest PA), with its r²
  fit_n integer,
  at_reference_weight double precision,
  fit_r2 double precision
);
create function private.dose_analysis(quantity text, dimension text, period text, filter jsonb)
returns setof public.dose_analysis_row
language plpgsql volatile security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  q public.dose_quantity;
  parsed record;
  f private.dose_filter;
  own private.dose_filter;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  q := private.dose_quantity_of(quantity);
  perform private.check_dose_arguments(dimension, period);
  parsed := private.parse_dose_filter(site, filter);
  f := parsed.f;
  perform private.check_reject_scope(parsed.shared, me, named);
  perform private.refresh_dose_rollup(site);

  if named then
    return query select 'department'::text, r.procedure_code, r.view_position, dimension, r.key, r.label, r.period_start,
                        q::text, private.dose_unit(q), r.n, r.median, r.p25, r.p75, r.drl, r.target, r.status,
                        r.reference_set, r.fit_n, r.at_reference_weight, r.fit_r2
                 from private.dose_rows(site, q, dimension, period, f) r;
    if dimension = 'radiographer' or exists (select 1 from unnest(f.radiographers) as k where k <> me::text) then
      insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
      values (site, me, 'dose.read_named', 'images', null,
              jsonb_build_object('function', 'dose_analysis', 'quantity', quantity, 'dimension', dimension,
                                 'period', period, 'filter', coalesce(filter, '{}'::jsonb)));
    end if;
    return;
  end if;

  -- own rows: the doses the caller made (under radiographer: only the caller's key)
  own := f;
  own.radiographers := array[me::text];
  return query select 'own'::text, r.procedure_code, r.view_position, dimension, r.key, r.label, r.period_start,
                      q::text, private.dose_unit(q), r.n, r.median, r.p25, r.p75, r.drl, r.target, r.status,
                      r.reference_set, r.fit_n, r.at_reference_weight, r.fit_r2
               from private.dose_rows(site, q, dimension, period, own) r;
  -- the department's; by radiographer as one row without a key
  return query select 'department'::text, r.procedure_code, r.view_position, dimension, r.key, r.label, r.period_start,
                      q::text, private.dose_unit(q), r.n, r.median, r.p25, r.p75, r.drl, r.target, r.status,
                      r.reference_set, r.fit_n, r.at_reference_weight, r.fit_r2
               from private.dose_rows(site, q, case when dimension = 'radiographer' then 'all' else dimension end, period, f) r;
end
$$;

create function private.dose_analysis_for_site(site uuid, quantity text, dimension text, period text, filter jsonb)
returns setof public.dose_analysis_row
language plpgsql volatile security definer set search_path = ''
as $$
declare
  q public.dose_quantity;
  parsed record;
begin
  if site is null or not exists (select 1 from public.sites s where s.id = site) then
    raise exception 'no site %', coalesce(site::text, 'null') using errcode = 'P0001';
  end if;
  q := private.dose_quantity_of(quantity);
  perform private.check_dose_arguments(dimension, period);
  parsed := private.parse_dose_filter(site, filter);
  perform private.refresh_dose_rollup(site);
  return query select 'department'::text, r.procedure_code, r.view_position, dimension, r.key, r.label, r.period_start,
                      q::text, private.dose_unit(q), r.n, r.median, r.p25, r.p75, r.drl, r.target, r.status,
                      r.reference_set, r.fit_n, r.at_reference_weight, r.fit_r2
               from private.dose_rows(site, q, dimension, period, parsed.f) r;
  if dimension = 'radiographer' or (parsed.f).radiographers is not null then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, null, 'dose.read_named', 'images', null,
            jsonb_build_object('function', 'dose_analysis_for_site', 'quantity', quantity, 'dimension', dimension,
                               'period', period, 'filter', coalesce(filter, '{}'::jsonb)));
  end if;
end
$$;

-- Single doses above their DRN, the highest (relative to the DRN) first: the reference for the dose's own patient age,
-- date and thickness. Radiographers: only the doses they made.
create function private.dose_exposures_above_drl(quantity text, filter jsonb, max_rows integer default 500)
returns table (
  image_id uuid, sop_instance_uid text, series_instance_uid text, study_instance_uid text, study_date date,
  modality text, station_name text, room_label text, procedure_code text, view_position text, patient_age_years smallint,
  patient_weight_kg double precision, rejected boolean, unit text, value double precision,
  drl double precision, target double precision, reference_set text, percent_of_drl double precision
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  q public.dose_quantity;
  parsed record;
  f private.dose_filter;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  q := private.dose_quantity_of(quantity);
  if max_rows is null or max_rows < 1 or max_rows > 10000 then
    raise exception 'max_rows must be between 1 and 10000, not %', coalesce(max_rows::text, 'null') using errcode = '22023';
  end if;
  parsed := private.parse_dose_filter(site, filter);
  f := parsed.f;
  perform private.check_reject_scope(parsed.shared, me, named);
  if not named then
    f.radiographers := array[me::text];
  end if;

  return query execute
    'with u as materialized (select u.* from private.dose_units u where u.site_id = $1 and u.quantity = $2' || private.dose_unit_conditions(f) || '), '
    || 'refs as (select k.procedure_id, k.view_position, k.patient_age_years, k.study_date, k.body_part_thickness_mm, '
    || '  r.drl, r.target, r.reference_set '
    || '  from (select distinct u.procedure_id, u.view_position, u.patient_age_years, u.study_date, u.body_part_thickness_mm from u) k '
    || '  cross join lateral private.applicable_reference($1, k.procedure_id, k.view_position, k.patient_age_years, $2, '
    || '    coalesce(k.study_date, current_date), k.body_part_thickness_mm) r '
    || '  where r.drl is not null) '
    || 'select u.image_id, u.sop_instance_uid, u.series_instance_uid, u.study_instance_uid, u.study_date, u.modality, '
    || '  u.station_name, coalesce((select coalesce(s.display_name, s.station_name) from public.stations s where s.site_id = $1 '
    || '    and lower(btrim(s.station_name)) = lower(btrim(u.station_name)) order by (s.station_name = u.station_name) desc limit 1), '
    || '    u.station_name), '
    || '  p.code, u.view_position, u.patient_age_years, u.patient_weight_kg, u.rejected, private.dose_unit($2), '
    || '  u.value, r.drl, r.target, r.reference_set, 100 * u.value / r.drl '
    || 'from u join refs r on r.procedure_id = u.procedure_id '
    || '  and r.view_position is not distinct from u.view_position '
    || '  and r.patient_age_years is not distinct from u.patient_age_years '
    || '  and r.study_date is not distinct from u.study_date '
    || '  and r.body_part_thickness_mm is not distinct from u.body_part_thickness_mm '
    || 'left join public.procedures p on p.id = u.procedure_id '
    || 'where u.value > r.drl '
    || 'order by u.value / r.drl desc, u.study_date nulls last, u.sop_instance_uid collate "C" limit $15'
    using site, q, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.age_bands,
          f.date_from, f.date_to, f.weight_min, f.weight_max, f.thickness_min, f.thickness_max, max_rows;

  if named and exists (select 1 from unnest(f.radiographers) as k where k <> me::text) then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (site, me, 'dose.read_named', 'images', null,
            jsonb_build_object('function', 'dose_exposures_above_drl', 'quantity', quantity,
                               'filter', coalesce(filter, '{}'::jsonb)));
  end if;
end
$$;

-- Acquisition per room × procedure × view, over the images of the filter (the department's, no names; CT only when
-- named among the modalities: its slices are not exposures): n, median kVp, mAs and source–detector distance, and the
-- deviation index in the site's bands (fine |DI| ≤ dose_di_fine, attention up to dose_di_attention, action beyond;
-- unknown: no DI).
create function private.dose_acquisition(filter jsonb)
returns table (
  station_name text, room_label text, procedure_code text, view_position text, n integer, median_kvp double precision,
  median_exposure_mas double precision, median_distance_source_detector_mm double precision, di_fine integer,
  di_attention integer, di_action integer, di_unknown integer
)
language plpgsql volatile security definer set search_path = ''
set jit = off
as $$
declare
  me uuid := private.current_person_id();
  site uuid := private.current_site_id();
  named boolean := private.has_role('quality_officer', 'admin');
  parsed record;
  f private.dose_filter;
  conditions text;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  parsed := private.parse_dose_filter(site, filter);
  f := parsed.f;
  perform private.check_reject_scope(parsed.shared, me, named);
  -- the conditions of a dose, on the image ($2, the quantity, is not used)
  conditions := private.dose_unit_conditions(f);
  if f.modalities is null then
    conditions := conditions || ' and u.modality is distinct from ''CT''';
  end if;

  return query execute
    'select u.station_name, '
    || '  coalesce((select coalesce(s.display_name, s.station_name) from public.stations s where s.site_id = $1 '
    || '    and lower(btrim(s.station_name)) = lower(btrim(u.station_name)) order by (s.station_name = u.station_name) desc limit 1), '
    || '    u.station_name), '
    || '  p.code, u.view_position, count(*)::integer, '
    || '  percentile_cont(0.5) within group (order by u.kvp), '
    || '  percentile_cont(0.5) within group (order by u.exposure_mas), '
    || '  percentile_cont(0.5) within group (order by u.distance_source_detector_mm), '
    || '  (count(*) filter (where abs(u.deviation_index) <= st.dose_di_fine))::integer, '
    || '  (count(*) filter (where abs(u.deviation_index) > st.dose_di_fine and abs(u.deviation_index) <= st.dose_di_attention))::integer, '
    || '  (count(*) filter (where abs(u.deviation_index) > st.dose_di_attention))::integer, '
    || '  (count(*) filter (where u.deviation_index is null))::integer '
    || 'from (select i.*, i.id as image_id from private.dose_images i) u '
    || 'cross join (select s.dose_di_fine::double precision as dose_di_fine, s.dose_di_attention::double precision as dose_di_attention '
    || '            from public.sites s where s.id = $1) st '
    || 'left join public.procedures p on p.id = u.procedure_id '
    || 'where u.site_id = $1 and $2::text is null' || conditions || ' '
    || 'group by u.station_name, p.code, u.view_position '
    || 'order by u.station_name nulls last, p.code nulls last, u.view_position nulls last'
    using site, null::text, f.procedure_ids, f.views, f.modalities, f.rooms, f.radiographers, f.age_bands,
          f.date_from, f.date_to, f.weight_min, f.weight_max, f.thickness_min, f.thickness_max;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- the API: security-invoker wrappers (no security definer in public), the same arguments and columns
------------------------------------------------------------------------------------------------------------------
create function public.dose_analysis(quantity text, dimension text, period text, filter jsonb)
returns setof public.dose_analysis_row
language sql volatile security invoker set search_path = ''
as $$ select * from private.dose_analysis($1, $2, $3, $4) $$;

create function public.dose_analysis_for_site(site uuid, quantity text, dimension text, period text, filter jsonb)
returns setof public.dose_analysis_row
language sql volatile security invoker set search_path = ''
as $$ select * from private.dose_analysis_for_site($1, $2, $3, $4, $5) $$;

create function public.dose_exposures_above_drl(quantity text, filter jsonb, max_rows integer default 500)
returns table (
  image_id uuid, sop_instance_uid text, series_instance_uid text, study_instance_uid text, study_date date,
  modality text, station_name text, room_label text, procedure_code text, view_position text, patient_age_years smallint,
  patient_weight_kg double precision, rejected boolean, unit text, value double precision,
  drl double precision, target double precision, reference_set text, percent_of_drl double precision
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.dose_exposures_above_drl($1, $2, $3) $$;

create function public.dose_acquisition(filter jsonb)
returns table (
  station_name text, room_label text, procedure_code text, view_position text, n integer, median_kvp double precision,
  median_exposure_mas double precision, median_distance_source_detector_mm double precision, di_fine integer,
  di_attention integer, di_action integer, di_unknown integer
)
language sql volatile security invoker set search_path = ''
as $$ select * from private.dose_acquisition($1) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges: the functions to signed-in people (dose_analysis_for_site to the service role); the helpers to nobody
-- but the functions' owner
------------------------------------------------------------------------------------------------------------------
revoke all on function private.filter_positive_number(jsonb, text), private.parse_dose_filter(uuid, jsonb),
  private.dose_quantity_of(text), private.dose_unit(public.dose_quantity), private.dose_unit_conditions(private.dose_filter),
  private.dose_plan(text, text, private.dose_filter),
  private.dose_stats(uuid, public.dose_quantity, text, text, private.dose_filter),
  private.dose_rows(uuid, public.dose_quantity, text, text, private.dose_filter), private.check_dose_arguments(text, text)
  from public, anon, authenticated;
-- (the API's wrappers name the unit in their select list)
grant execute on function private.dose_unit(public.dose_quantity) to authenticated, service_role;

revoke all on function private.dose_analysis(text, text, text, jsonb), private.dose_exposures_above_drl(text, jsonb, integer),
  private.dose_acquisition(jsonb), public.dose_analysis(text, text, text, jsonb),
  public.dose_exposures_above_drl(text, jsonb, integer), public.dose_acquisition(jsonb)
  from public, anon, service_role;
grant execute on function private.dose_analysis(text, text, text, jsonb), private.dose_exposures_above_drl(text, jsonb, integer),
  private.dose_acquisition(jsonb), public.dose_analysis(text, text, text, jsonb),
  public.dose_exposures_above_drl(text, jsonb, integer), public.dose_acquisition(jsonb)
  to authenticated;
revoke all on function private.dose_analysis_for_site(uuid, text, text, text, jsonb),
  public.dose_analysis_for_site(uuid, text, text, text, jsonb) from public, anon, authenticated;
grant execute on function private.dose_analysis_for_site(uuid, text, text, text, jsonb),
  public.dose_analysis_for_site(uuid, text, text, text, jsonb) to service_role;
