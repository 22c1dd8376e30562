-- Sampling on a large index (bench:evaluation, 3 million images): two things cost more than the draw itself.
--  1. "made by this radiographer" went through image_operators' RLS policy, which looks up the image for every one
--     of the person's rows. The images the filter returns are still the caller's visible images (images' own RLS
--     applies to the outer query), so the person's image ids may come from a security definer helper.
--  2. PostgreSQL's JIT compiled the dynamic statement on every call (a quarter of a second) to return 20 rows.

-- The ids of the images this person made (or helped make), at the caller's site. Only used to narrow a query on
-- public.images, whose RLS still decides what the caller gets.
create function private.images_made_by(person uuid) returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select o.image_id from public.image_operators o
  where o.person_id = $1 and o.site_id = private.current_site_id()
$$;
revoke all on function private.images_made_by(uuid) from public, anon;
grant execute on function private.images_made_by(uuid) to authenticated, service_role;

create or replace function private.filter_condition(f private.sample_filter) returns text
language plpgsql immutable set search_path = ''
as $$
declare
  parts text[] := array['true'];
begin
  if f.operator_person_id is not null then
    parts := parts || 'i.id in (select private.images_made_by($1))'::text;
  end if;
  if f.group_kind = 'service_years' then
    parts := parts || ('exists (select 1 from public.image_operators o join public.people p on p.id = o.person_id '
      || 'where o.image_id = i.id and private.service_years_band(p.employment_start, i.study_date) = $2)');
  elsif f.group_kind = 'custom' then
    parts := parts || ('exists (select 1 from public.image_operators o join public.person_group_members m on m.person_id = o.person_id '
      || 'where o.image_id = i.id and m.group_id = $3)');
  end if;
  if f.procedure_ids is not null then
    parts := parts || 'i.procedure_id = any ($4)'::text;
  end if;
  if f.modalities is not null then
    parts := parts || 'i.modality = any ($5)'::text;
  end if;
  if f.station_ids is not null then
    parts := parts || 'i.station_id = any ($6)'::text;
  end if;
  if f.date_from is not null then
    parts := parts || 'i.study_date >= $7'::text;
  end if;
  if f.date_to is not null then
    parts := parts || 'i.study_date <= $8'::text;
  end if;
  return array_to_string(parts, ' and ');
end
$$;

alter function public.count_sample_candidates(public.evaluation_use, uuid, jsonb) set jit = off;
alter function public.draw_sample(public.evaluation_use, uuid, jsonb, integer, bigint) set jit = off;
