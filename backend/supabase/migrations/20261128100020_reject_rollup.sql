-- Reject analysis on a large index: the figures come from a rollup at month grain, kept current as images, reasons
-- and operators change, instead of a scan of the images per question (bench:rejects: 3 million images).
--
-- What is counted (the words of issue 10), one row per image in private.reject_image_facts:
--   - a *patient image* is an image that is not excluded: excluded are rejected images whose reason has
--     counts_as_reject = false (test/QC) and images named only by a non-quality IOCM note (iocm_title 113037, 113038
--     or 113039 and not rejected);
--   - a rejected patient image has at most one reason (rejects, from a person or from the modality); without a
--     rejects row it is *without reason*;
--   - age band: child (< 16 years), adult (>= 16), unknown.
--
-- Ingestion stays fast: the triggers only note which (site, month) changed (private.reject_rollup_dirty, one small
-- insert that usually finds the row there already); the analysis functions rebuild the dirty months first
-- (private.refresh_reject_rollup). Images without a study date are kept under the month 'infinity'.
--
-- The rollup tables live in the private schema: the API does not expose it and authenticated has no grant on them;
-- only the analysis functions (security definer, with their own scope checks) read them.

------------------------------------------------------------------------------------------------------------------
-- facts: one row per patient image, and per (image, operator) and (image, years-of-service band)
------------------------------------------------------------------------------------------------------------------
-- (These helpers are plain expressions on built-in functions, without `set search_path`: a SQL function with a SET
-- clause is never inlined, and called once per image and operator a function call costs more than the rest of the
-- rebuild. They name no table, so no search path can change what they do.)
create function private.reject_month(study_date date) returns date
language sql immutable
as $$
  select coalesce(date_trunc('month', $1::timestamp)::date, 'infinity'::date)
$$;

create function private.age_band(patient_age_years smallint) returns text
language sql immutable
as $$
  select case when $1 is null then 'unknown' when $1 < 16 then 'child' else 'adult' end
$$;

create view private.reject_image_facts as
  select i.site_id, i.id as image_id, i.sop_instance_uid, i.study_date, private.reject_month(i.study_date) as month,
         i.procedure_id, i.view_position, i.modality, i.station_name, private.age_band(i.patient_age_years) as age_band,
         i.rejected, r.reason_id, r.source as reason_source, (i.rejected and r.id is null) as without_reason,
         i.dap_gy_cm2, i.deviation_index
  from public.images i
  -- a reason only counts on a rejected image (the recording refuses others)
  left join public.rejects r on r.image_id = i.id and i.rejected
  left join public.reject_reasons rr on rr.id = r.reason_id
  where coalesce(rr.counts_as_reject, true)
    and (i.rejected or i.iocm_title is null or i.iocm_title not in ('113037', '113038', '113039'));

-- an operator's key: the person, or the raw OperatorsName when no alias maps it
create function private.operator_key(person_id uuid, raw_name text) returns text
language sql immutable
as $$
  select coalesce($1::text, 'raw:' || $2)
$$;

-- private.service_years_band (migration 13) as an inlinable expression (the same body): the same bands, '0-2' [0, 2), '2-5', '5-10',
-- '10+' completed years between employment_start and the day; null when either is unknown or the day is before
create function private.reject_service_band(employment_start date, on_day date) returns text
language sql immutable
as $$
  select case
    when $1 is null or $2 is null or $2 < $1 then null
    when extract(year from age($2::timestamp, $1::timestamp)) < 2 then '0-2'
    when extract(year from age($2::timestamp, $1::timestamp)) < 5 then '2-5'
    when extract(year from age($2::timestamp, $1::timestamp)) < 10 then '5-10'
    else '10+'
  end
$$;

------------------------------------------------------------------------------------------------------------------
-- the rollup tables; grain says which columns a row groups by (the others are null there)
------------------------------------------------------------------------------------------------------------------
-- images, counted once each. Grains: 0 every column; 1 room; 2 procedure; 3 view; 4 age band; 5 none of these.
-- Every grain keeps month, modality, rejected and reason (the default filter leaves mammography out, and the
-- reasons are always shown).
create table private.reject_rollup_images (
  site_id uuid not null,
  grain smallint not null,
  month date not null,
  modality text,
  procedure_id uuid,
  view_position text,
  station_name text,
  age_band text,
  rejected boolean not null,
  reason_id uuid,
  images integer not null,
  without_reason integer not null,
  dap_gy_cm2 double precision
);
create index reject_rollup_images_idx on private.reject_rollup_images (site_id, grain, month);

-- per operator (an image made by two counts for both): grains 0 procedure and room; 1 neither; 2 as 1, summed per
-- year (month = 1 January): the questions by radiographer per year or over the whole period read a twelfth of the rows
create table private.reject_rollup_operators (
  site_id uuid not null,
  grain smallint not null,
  month date not null,
  operator_key text,
  service_band text,
  modality text,
  procedure_id uuid,
  station_name text,
  rejected boolean not null,
  reason_id uuid,
  images integer not null,
  without_reason integer not null,
  dap_gy_cm2 double precision
);
create index reject_rollup_operators_idx on private.reject_rollup_operators (site_id, grain, month);
create index reject_rollup_operators_key_idx on private.reject_rollup_operators (site_id, grain, operator_key, month);

-- per years-of-service band of the image's operators (an image counts once per band): grains as for operators
create table private.reject_rollup_bands (
  site_id uuid not null,
  grain smallint not null,
  month date not null,
  service_band text,
  modality text,
  procedure_id uuid,
  station_name text,
  rejected boolean not null,
  reason_id uuid,
  images integer not null,
  without_reason integer not null,
  dap_gy_cm2 double precision
);
create index reject_rollup_bands_idx on private.reject_rollup_bands (site_id, grain, month);

-- the months to rebuild
create table private.reject_rollup_dirty (
  site_id uuid not null,
  month date not null,
  primary key (site_id, month)
);

revoke all on private.reject_rollup_images, private.reject_rollup_operators, private.reject_rollup_bands,
  private.reject_rollup_dirty, private.reject_image_facts from public, anon, authenticated;

------------------------------------------------------------------------------------------------------------------
-- rebuilding the dirty months of a site
------------------------------------------------------------------------------------------------------------------
create function private.rebuild_reject_month(site uuid, month date) returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  first_day date := case when month = 'infinity' then null else month end;
  next_day date := case when month = 'infinity' then null else (month + interval '1 month')::date end;
begin
  delete from private.reject_rollup_images r where r.site_id = site and r.month = rebuild_reject_month.month;
  delete from private.reject_rollup_operators r where r.site_id = site and r.month = rebuild_reject_month.month;
  delete from private.reject_rollup_bands r where r.site_id = site and r.month = rebuild_reject_month.month;

  -- one statement: the month's facts read once (by the study-date range, not the computed month, so that the index
  -- on (site_id, study_date) finds them), then the three rollups written from them (a data-modifying WITH runs
  -- whether or not its output is read)
  with f as materialized (
    select f.image_id, f.study_date, f.procedure_id, f.view_position, f.modality, f.station_name, f.age_band,
           f.rejected, f.reason_id, f.without_reason, f.dap_gy_cm2
    from private.reject_image_facts f
    where f.site_id = site
      and case when first_day is null then f.study_date is null
               else f.study_date >= first_day and f.study_date < next_day end
  ),
  -- the distinct operator keys of each image, with the operator's band on the study date (joins, not a subquery per
  -- image); an image without operators keeps one row with the key null
  keys as (
    select distinct o.image_id, private.operator_key(o.person_id, o.raw_name) as operator_key,
           private.reject_service_band(p.employment_start, f.study_date) as service_band
    from f
    join public.image_operators o on o.image_id = f.image_id
    left join public.people p on p.id = o.person_id
  ),
  ops as materialized (
    select f.*, k.operator_key, k.service_band
    from f left join keys k on k.image_id = f.image_id
  ),
  bands as materialized (
    select distinct o.image_id, o.study_date, o.procedure_id, o.modality, o.station_name, o.rejected, o.reason_id,
           o.without_reason, o.dap_gy_cm2, o.service_band
    from ops o
  ),
  images_written as (
    insert into private.reject_rollup_images (site_id, grain, month, modality, procedure_id, view_position, station_name,
                                              age_band, rejected, reason_id, images, without_reason, dap_gy_cm2)
    select site,
           case when grouping(f.procedure_id, f.view_position, f.station_name, f.age_band) = 0 then 0
                when grouping(f.station_name) = 0 then 1
                when grouping(f.procedure_id) = 0 then 2
                when grouping(f.view_position) = 0 then 3
                when grouping(f.age_band) = 0 then 4
                else 5 end,
           rebuild_reject_month.month, f.modality, f.procedure_id, f.view_position, f.station_name, f.age_band,
           f.rejected, f.reason_id, count(*)::integer, (count(*) filter (where f.without_reason))::integer, sum(f.dap_gy_cm2)
    from f
    group by grouping sets (
      (f.modality, f.rejected, f.reason_id, f.procedure_id, f.view_position, f.station_name, f.age_band),
      (f.modality, f.rejected, f.reason_id, f.station_name),
      (f.modality, f.rejected, f.reason_id, f.procedure_id),
      (f.modality, f.rejected, f.reason_id, f.view_position),
      (f.modality, f.rejected, f.reason_id, f.age_band),
      (f.modality, f.rejected, f.reason_id))
  ),
  -- each image once per operator key (an image without operators under the key null)
  operators_written as (
    insert into private.reject_rollup_operators (site_id, grain, month, operator_key, service_band, modality, procedure_id,
                                                 station_name, rejected, reason_id, images, without_reason, dap_gy_cm2)
    select site, case when grouping(x.procedure_id, x.station_name) = 0 then 0 else 1 end, rebuild_reject_month.month,
           x.operator_key, x.service_band, x.modality, x.procedure_id, x.station_name, x.rejected, x.reason_id,
           count(*)::integer, (count(*) filter (where x.without_reason))::integer, sum(x.dap_gy_cm2)
    from ops x
    group by grouping sets (
      (x.operator_key, x.service_band, x.modality, x.rejected, x.reason_id, x.procedure_id, x.station_name),
      (x.operator_key, x.service_band, x.modality, x.rejected, x.reason_id))
  )
  -- each image once per years-of-service band of its operators
  insert into private.reject_rollup_bands (site_id, grain, month, service_band, modality, procedure_id, station_name,
                                           rejected, reason_id, images, without_reason, dap_gy_cm2)
  select site, case when grouping(x.procedure_id, x.station_name) = 0 then 0 else 1 end, rebuild_reject_month.month,
         x.service_band, x.modality, x.procedure_id, x.station_name, x.rejected, x.reason_id,
         count(*)::integer, (count(*) filter (where x.without_reason))::integer, sum(x.dap_gy_cm2)
  from bands x
  group by grouping sets (
    (x.service_band, x.modality, x.rejected, x.reason_id, x.procedure_id, x.station_name),
    (x.service_band, x.modality, x.rejected, x.reason_id));
end
$$;

-- The per-year rows (grain 2) of the operator rollup from its month rows (grain 1) of that year ('infinity': the
-- images without a study date).
create function private.rebuild_reject_year(site uuid, year_start date) returns void
language plpgsql volatile security definer set search_path = ''
as $$
begin
  delete from private.reject_rollup_operators r where r.site_id = site and r.grain = 2 and r.month = year_start;
  insert into private.reject_rollup_operators (site_id, grain, month, operator_key, service_band, modality, procedure_id,
                                               station_name, rejected, reason_id, images, without_reason, dap_gy_cm2)
  select site, 2, year_start, r.operator_key, r.service_band, r.modality, null, null, r.rejected, r.reason_id,
         sum(r.images)::integer, sum(r.without_reason)::integer, sum(r.dap_gy_cm2)
  from private.reject_rollup_operators r
  where r.site_id = site and r.grain = 1
    and case when year_start = 'infinity' then r.month = 'infinity'
             else r.month >= year_start and r.month < (year_start + interval '1 year')::date end
  group by r.operator_key, r.service_band, r.modality, r.rejected, r.reason_id;
end
$$;

-- Rebuilds the site's dirty months (taking them off the list), then their years; returns how many months. Called by
-- every analysis function.
create function private.refresh_reject_rollup(site uuid) returns integer
language plpgsql volatile security definer set search_path = ''
as $$
declare
  months date[];
  m date;
  y date;
begin
  with taken as (delete from private.reject_rollup_dirty d where d.site_id = site returning d.month)
  select array_agg(t.month order by t.month) into months from taken t;
  if months is null then
    return 0;
  end if;
  foreach m in array months loop
    perform private.rebuild_reject_month(site, m);
  end loop;
  for y in
    select distinct case when t = 'infinity' then 'infinity'::date else date_trunc('year', t::timestamp)::date end
    from unnest(months) as t
  loop
    perform private.rebuild_reject_year(site, y);
  end loop;
  return cardinality(months);
end
$$;

revoke all on function private.reject_month(date), private.age_band(smallint), private.operator_key(uuid, text),
  private.reject_service_band(date, date), private.rebuild_reject_month(uuid, date), private.rebuild_reject_year(uuid, date),
  private.refresh_reject_rollup(uuid) from public, anon, authenticated;
grant execute on function private.reject_month(date), private.age_band(smallint), private.operator_key(uuid, text),
  private.reject_service_band(date, date) to authenticated, service_role;
grant execute on function private.rebuild_reject_month(uuid, date), private.rebuild_reject_year(uuid, date),
  private.refresh_reject_rollup(uuid) to service_role;

------------------------------------------------------------------------------------------------------------------
-- keeping it current: triggers that mark (site, month) dirty (security definer: whoever changes the rows)
------------------------------------------------------------------------------------------------------------------
create function private.reject_dirty_images() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into private.reject_rollup_dirty (site_id, month)
    select distinct n.site_id, private.reject_month(n.study_date) from new_rows n
    on conflict do nothing;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into private.reject_rollup_dirty (site_id, month)
    select distinct o.site_id, private.reject_month(o.study_date) from old_rows o
    on conflict do nothing;
  end if;
  return null;
end
$$;
-- (row by row: for the one-row statements of ingest_records cheaper than a statement trigger's transition tables)
create function private.reject_dirty_image_row() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.reject_rollup_dirty (site_id, month) values (new.site_id, private.reject_month(new.study_date))
  on conflict do nothing;
  if tg_op = 'UPDATE' and private.reject_month(old.study_date) <> private.reject_month(new.study_date) then
    insert into private.reject_rollup_dirty (site_id, month) values (old.site_id, private.reject_month(old.study_date))
    on conflict do nothing;
  end if;
  return null;
end
$$;
create trigger images_reject_rollup_insert after insert on public.images
  for each row execute function private.reject_dirty_image_row();
create trigger images_reject_rollup_update after update on public.images
  for each row execute function private.reject_dirty_image_row();
create trigger images_reject_rollup_delete after delete on public.images
  referencing old table as old_rows for each statement execute function private.reject_dirty_images();

-- rejects and image_operators: the month of the image they belong to
create function private.reject_dirty_image_rows() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op in ('INSERT', 'UPDATE') then
    insert into private.reject_rollup_dirty (site_id, month)
    select distinct i.site_id, private.reject_month(i.study_date) from new_rows n join public.images i on i.id = n.image_id
    on conflict do nothing;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    insert into private.reject_rollup_dirty (site_id, month)
    select distinct i.site_id, private.reject_month(i.study_date) from old_rows o join public.images i on i.id = o.image_id
    on conflict do nothing;
  end if;
  return null;
end
$$;
create trigger rejects_reject_rollup_insert after insert on public.rejects
  referencing new table as new_rows for each statement execute function private.reject_dirty_image_rows();
create trigger rejects_reject_rollup_update after update on public.rejects
  referencing old table as old_rows new table as new_rows for each statement execute function private.reject_dirty_image_rows();
create trigger rejects_reject_rollup_delete after delete on public.rejects
  referencing old table as old_rows for each statement execute function private.reject_dirty_image_rows();
-- Operators are written with their image (ingest_records upserts the image, then deletes and inserts its operators:
-- the image's own trigger has marked the month), so inserting them is not watched: a trigger per ingested image less
-- (bench:ingest). Changing them (remap_site, an admin's correction) and deleting them are, the latter row by row, so
-- that the delete of no rows that ingest_records makes for a new image costs nothing.
create trigger image_operators_reject_rollup_update after update on public.image_operators
  referencing old table as old_rows new table as new_rows for each statement execute function private.reject_dirty_image_rows();
create function private.reject_dirty_operator_deleted() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.reject_rollup_dirty (site_id, month)
  select i.site_id, private.reject_month(i.study_date) from public.images i where i.id = old.image_id
  on conflict do nothing;
  return null;
end
$$;
create trigger image_operators_reject_rollup_delete after delete on public.image_operators
  for each row execute function private.reject_dirty_operator_deleted();

-- a reason that starts or stops counting as a reject (test/QC): the months of the images that have it
create function private.reject_dirty_reason() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.reject_rollup_dirty (site_id, month)
  select distinct i.site_id, private.reject_month(i.study_date)
  from public.rejects r join public.images i on i.id = r.image_id
  where r.reason_id = new.id
  on conflict do nothing;
  return null;
end
$$;
create trigger reject_reasons_reject_rollup after update of counts_as_reject on public.reject_reasons
  for each row when (old.counts_as_reject is distinct from new.counts_as_reject)
  execute function private.reject_dirty_reason();

-- a changed start of employment moves the person's images between years-of-service bands
create function private.reject_dirty_person() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into private.reject_rollup_dirty (site_id, month)
  select distinct i.site_id, private.reject_month(i.study_date)
  from public.image_operators o join public.images i on i.id = o.image_id
  where o.person_id = new.id
  on conflict do nothing;
  return null;
end
$$;
create trigger people_reject_rollup after update of employment_start on public.people
  for each row when (old.employment_start is distinct from new.employment_start)
  execute function private.reject_dirty_person();

revoke all on function private.reject_dirty_images(), private.reject_dirty_image_rows(), private.reject_dirty_reason(),
  private.reject_dirty_person(), private.reject_dirty_operator_deleted(), private.reject_dirty_image_row()
  from public, anon, authenticated;

-- what is there already: every month of every site
insert into private.reject_rollup_dirty (site_id, month)
select distinct i.site_id, private.reject_month(i.study_date) from public.images i
on conflict do nothing;
