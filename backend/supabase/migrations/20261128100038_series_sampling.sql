-- CT (and any multi-slice series) is sampled and scored as a series (issue 14, item 3). A CT study is one series
-- of many slices; one slice alone is not what a radiographer judges (scan range, breath-hold, arm position,
-- artefacts are properties of the series), and sampling slices made "CT chest: 100 images match" of 5 studies.
--
-- Which series are multi-slice: decided by modality, not by the number of images in a series. Projection
-- radiography (DX, CR, MG) may put several views in one series (a chest PA and LAT, both judged on their own), so
-- "a series with more than one image" would wrongly merge them; cross-sectional modalities (CT, MR, PT) make stacks
-- of slices that are read together. A multi-frame object (one SOP instance with many frames) is already one image
-- row, so it is one item without any rule here.
--
-- The sampling unit: every image of the other modalities is one unit, as before; a multi-slice series is one unit,
-- represented by one of its accepted images (the middle one in SOP Instance UID order: the index keeps no instance
-- number, and any slice opens the series' stack in the viewer). images.sample_unit marks the unit images, kept by
-- the database when images arrive, are rejected or accepted again, so the draw reads it from the same covering
-- indexes as before (no grouping at draw time: the 3-million-image sampling stays an index-only scan). The draw's
-- key, md5(seed:image id), is unchanged: a stored seed draws the same images as before for every other modality.
--
-- An evaluation item of a multi-slice series says so (evaluation_items.unit = 'series'), filled by the database;
-- its image_id is the series' representative. The worklist tells the unit and how many images the series has.

------------------------------------------------------------------------------------------------------------------
-- the unit of sampling, on images
------------------------------------------------------------------------------------------------------------------
create function private.is_multi_slice_modality(modality text) returns boolean
language sql immutable set search_path = ''
as $$ select coalesce(upper(btrim($1)) in ('CT', 'MR', 'PT'), false) $$;

alter table public.images add column sample_unit boolean not null default true;
-- (images are read column by column through the API since the privacy rules: the draw reads this one as the caller)
grant select (sample_unit) on public.images to authenticated;
comment on column public.images.sample_unit is
  'Is this image a unit of sampling: every image, except in a multi-slice series (CT, MR, PT), where only its representative is.';

-- the series of an image, to find its slices
create index images_site_series_idx on public.images (site_id, series_instance_uid);

-- The representative of a multi-slice series: the middle of its accepted images in SOP Instance UID order (collate
-- "C": the same on every engine). Null when every image of the series is rejected: the series is then no candidate,
-- as a rejected image is none.
create function private.series_representative(site uuid, series text) returns uuid
language sql stable set search_path = ''
as $$
  with accepted as (
    select i.id, row_number() over (order by i.sop_instance_uid collate "C") as n, count(*) over () as total
    from public.images i
    where i.site_id = $1 and i.series_instance_uid = $2 and not i.rejected and private.is_multi_slice_modality(i.modality)
  )
  select a.id from accepted a where a.n = (a.total + 1) / 2
$$;

-- marks the representative of a multi-slice series as its unit and its other images as none (only rows that change)
create function private.mark_series_unit(site uuid, series text) returns void
language plpgsql volatile set search_path = ''
as $$
declare
  representative uuid := private.series_representative(site, series);
begin
  update public.images i
  set sample_unit = (i.id = representative) is true
  where i.site_id = site and i.series_instance_uid = series and private.is_multi_slice_modality(i.modality)
    and i.sample_unit is distinct from ((i.id = representative) is true);
end
$$;

-- Security definer: the ingestion (service role) adds images, a radiographer marks a reject through the API; both
-- change which slice represents the series, whoever may update the other slices' rows.
create function private.keep_series_unit() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  -- the series the image leaves (deleted, moved to another series, or no longer of a multi-slice modality)
  if tg_op in ('UPDATE', 'DELETE') and private.is_multi_slice_modality(old.modality) then
    if tg_op = 'DELETE'
       or (old.site_id, old.series_instance_uid, old.modality) is distinct from (new.site_id, new.series_instance_uid, new.modality) then
      perform private.mark_series_unit(old.site_id, old.series_instance_uid);
    end if;
  end if;
  if tg_op = 'DELETE' then
    return null;
  end if;
  if private.is_multi_slice_modality(new.modality) then
    perform private.mark_series_unit(new.site_id, new.series_instance_uid);
  elsif not new.sample_unit then
    -- no longer of a multi-slice modality (an admin's correction): a unit of its own again
    update public.images i set sample_unit = true where i.id = new.id;
  end if;
  return null;
end
$$;
-- Only images of a multi-slice modality (before or after) call it: a radiograph's insert costs nothing more. (A column
-- list on the update: the trigger's own update of sample_unit does not fire it again; row by row, as the ingestion
-- writes one image a statement.)
create trigger images_keep_series_unit_insert after insert on public.images
  for each row when (private.is_multi_slice_modality(new.modality))
  execute function private.keep_series_unit();
create trigger images_keep_series_unit_update after update of rejected, modality, series_instance_uid, sop_instance_uid, site_id
  on public.images
  for each row when (private.is_multi_slice_modality(old.modality) or private.is_multi_slice_modality(new.modality))
  execute function private.keep_series_unit();
create trigger images_keep_series_unit_delete after delete on public.images
  for each row when (private.is_multi_slice_modality(old.modality))
  execute function private.keep_series_unit();

revoke all on function private.is_multi_slice_modality(text), private.series_representative(uuid, text),
  private.mark_series_unit(uuid, text), private.keep_series_unit() from public, anon, authenticated;
grant execute on function private.is_multi_slice_modality(text) to authenticated, service_role;

-- the images already indexed
do $$
declare
  s record;
begin
  for s in select distinct i.site_id, i.series_instance_uid from public.images i where private.is_multi_slice_modality(i.modality) loop
    perform private.mark_series_unit(s.site_id, s.series_instance_uid);
  end loop;
end
$$;

-- the filter indexes carry sample_unit beside rejected, so that the draw still reads indexes alone
drop index public.images_site_procedure_idx;
create index images_site_procedure_idx on public.images (site_id, procedure_id, study_date) include (id, rejected, sample_unit);
drop index public.images_site_station_idx;
create index images_site_station_idx on public.images (site_id, station_id, study_date) include (id, rejected, sample_unit, procedure_id);
drop index public.images_site_modality_idx;
create index images_site_modality_idx on public.images (site_id, modality, study_date) include (id, rejected, sample_unit, procedure_id);
drop index public.images_site_date_idx;
create index images_site_date_idx on public.images (site_id, study_date) include (id, rejected, sample_unit, procedure_id);

------------------------------------------------------------------------------------------------------------------
-- the item's unit
------------------------------------------------------------------------------------------------------------------
-- (an enum, as item_state: a closed set, no text for a client to fill)
create type public.item_unit as enum ('image', 'series');
alter table public.evaluation_items add column unit public.item_unit not null default 'image';
comment on column public.evaluation_items.unit is
  'image: the image is scored; series: the multi-slice series of image_id (its representative) is scored as one.';

-- Filled by the database, never taken from the client: a series when the image is of a multi-slice modality and its
-- series holds more than this image. (security definer: the images of the series are read whoever inserts)
create function private.fill_item_unit() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.unit := case
    when exists (
      select 1 from public.images i
      join public.images s on s.site_id = i.site_id and s.series_instance_uid = i.series_instance_uid and s.id <> i.id
      where i.id = new.image_id and private.is_multi_slice_modality(i.modality)
    ) then 'series'
    else 'image' end;
  return new;
end
$$;
create trigger evaluation_items_fill_unit before insert on public.evaluation_items
  for each row execute function private.fill_item_unit();
revoke all on function private.fill_item_unit() from public, anon, authenticated;

-- items drawn before this migration
update public.evaluation_items it set unit = 'series'
from public.images i
where i.id = it.image_id and private.is_multi_slice_modality(i.modality)
  and exists (select 1 from public.images s where s.site_id = i.site_id and s.series_instance_uid = i.series_instance_uid and s.id <> i.id);

------------------------------------------------------------------------------------------------------------------
-- the candidates: units, not slices
------------------------------------------------------------------------------------------------------------------
create or replace function private.candidates_sql(f private.sample_filter) returns text
language sql immutable set search_path = ''
as $$
  select 'select i.id as image_id, i.procedure_id from public.images i where not i.rejected and i.sample_unit and '
    || private.filter_condition(f)
    || case when f.exclude_evaluated then ' and i.id not in (select private.evaluated_images($9))' else '' end
$$;

-- Images already in an evaluation of this use (as before), and every image of a series evaluated as a series: the
-- series was reviewed, whichever slice represents it now (a slice added or rejected later moves the representative).
create or replace function private.evaluated_images(use public.evaluation_use) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  with items as (
    select it.image_id, it.unit
    from public.evaluation_items it
    join public.evaluations e on e.id = it.evaluation_id
    where e.site_id = private.current_site_id()
      and e.use = $1
      and ($1 <> 'self' or e.evaluator_id = private.current_person_id())
  )
  select items.image_id from items
  union
  select slice.id
  from items
  join public.images i on i.id = items.image_id
  join public.images slice on slice.site_id = i.site_id and slice.series_instance_uid = i.series_instance_uid
  where items.unit = 'series'
$$;

-- What a draw with this filter chooses from, counted as the start form says it: units (what sample_size counts),
-- of which single images and multi-slice series, and the studies they come from ("5 series (5 studies) match").
-- count_sample_candidates stays the one number start_evaluation reports as available: the units.
create function public.count_sample_units(use public.evaluation_use, subject_person_id uuid, filter jsonb)
returns table (units integer, images integer, series integer, studies integer)
language plpgsql stable security invoker set search_path = ''
as $$
declare
  f private.sample_filter := private.sampling_filter(use, subject_person_id, filter);
begin
  return query execute
    'with c as (' || private.candidates_sql(f) || '), '
    || 'u as (select i.study_instance_uid, case when private.is_multi_slice_modality(i.modality) '
    || '  then exists (select 1 from public.images s where s.site_id = i.site_id and s.series_instance_uid = i.series_instance_uid and s.id <> i.id) '
    || '  else false end as is_series '
    || '  from c join public.images i on i.id = c.image_id) '
    || 'select count(*)::integer, (count(*) filter (where not u.is_series))::integer, '
    || '(count(*) filter (where u.is_series))::integer, (count(distinct u.study_instance_uid))::integer from u'
    using f.operator_person_id, f.group_band, f.group_id, f.procedure_ids, f.modalities, f.station_ids, f.date_from, f.date_to, use;
end
$$;
alter function public.count_sample_units(public.evaluation_use, uuid, jsonb) set jit = off;
revoke all on function public.count_sample_units(public.evaluation_use, uuid, jsonb) from public, anon, service_role;
grant execute on function public.count_sample_units(public.evaluation_use, uuid, jsonb) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- the worklist says the unit and the series' size
------------------------------------------------------------------------------------------------------------------
drop function public.evaluation_worklist(uuid);
drop function private.evaluation_worklist(uuid);

create function private.evaluation_worklist(evaluation uuid)
returns table (
  item_id uuid, "position" integer, state public.item_state, image_id uuid, form_id uuid,
  sop_instance_uid text, series_instance_uid text, study_instance_uid text, study_date date, modality text,
  view_position text, procedure_code text, procedure_name_nl text, procedure_name_en text, station_name text,
  operator_names text[], unit public.item_unit, series_images integer
)
language plpgsql stable security definer set search_path = ''
as $$
begin
  -- the evaluator, quality officers and admins of its site (as the evaluations_select policy)
  if not exists (
    select 1 from public.evaluations e
    where e.id = evaluation_worklist.evaluation
      and e.site_id = private.current_site_id()
      and (e.evaluator_id = private.current_person_id() or private.has_role('quality_officer', 'admin'))
  ) then
    raise exception 'no evaluation % that you may see', evaluation_worklist.evaluation using errcode = '42501';
  end if;
  return query
  select it.id, it.position, it.state, it.image_id, it.form_id,
         i.sop_instance_uid, i.series_instance_uid, i.study_instance_uid, i.study_date, i.modality, i.view_position,
         p.code, p.name_nl, p.name_en, i.station_name,
         case when e.blind and e.status = 'open' then null::text[]
              else array(select coalesce(pe.display_name, o.raw_name)
                         from public.image_operators o left join public.people pe on pe.id = o.person_id
                         where o.image_id = i.id order by o.position) end,
         it.unit,
         -- the accepted images of the series (what the viewer's stack scrolls through); 1 for a single image
         case when it.unit = 'series'
              then (select count(*)::integer from public.images s
                    where s.site_id = i.site_id and s.series_instance_uid = i.series_instance_uid and not s.rejected)
              else 1 end
  from public.evaluations e
  join public.evaluation_items it on it.evaluation_id = e.id
  join public.images i on i.id = it.image_id
  left join public.procedures p on p.id = i.procedure_id
  where e.id = evaluation_worklist.evaluation
  order by it.position;
end
$$;

create function public.evaluation_worklist(evaluation uuid)
returns table (
  item_id uuid, "position" integer, state public.item_state, image_id uuid, form_id uuid,
  sop_instance_uid text, series_instance_uid text, study_instance_uid text, study_date date, modality text,
  view_position text, procedure_code text, procedure_name_nl text, procedure_name_en text, station_name text,
  operator_names text[], unit public.item_unit, series_images integer
)
language sql stable security invoker set search_path = ''
as $$ select * from private.evaluation_worklist($1) $$;

revoke all on function private.evaluation_worklist(uuid) from public, anon, service_role;
grant execute on function private.evaluation_worklist(uuid) to authenticated;
revoke all on function public.evaluation_worklist(uuid) from public, anon, service_role;
grant execute on function public.evaluation_worklist(uuid) to authenticated;
