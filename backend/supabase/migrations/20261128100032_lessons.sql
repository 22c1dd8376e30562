-- Clinical lessons (issue 13): a named, ordered set of cases; a case is one or more images of the site's index with
-- a teaching point. A lesson is its owner's: private until shared with the department (everyone of the site then
-- reads it); only the owner changes it. A lesson holds image references and teaching text only: no patient identity
-- (the index has none) and no operator; what IQS knows about its images is read when it is presented
-- (lesson_presentation), with the caller's rights for scores.

------------------------------------------------------------------------------------------------------------------
-- lessons
------------------------------------------------------------------------------------------------------------------
create table public.lessons (
  id uuid primary key default gen_random_uuid(),
  -- filled by the database with the caller's site (a signed-in caller cannot choose another)
  site_id uuid not null default private.current_site_id() references public.sites (id),
  title text not null
    constraint lessons_title_not_blank check (length(btrim(title)) > 0)
    constraint lessons_title_length check (char_length(title) <= 200),
  description text constraint lessons_description_length check (char_length(description) <= 4000),
  -- filled by the database with the signed-in person
  owner_id uuid not null default private.current_person_id(),
  shared boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  foreign key (site_id, owner_id) references public.people (site_id, id),
  unique (site_id, id)
);
create index lessons_site_idx on public.lessons (site_id, shared);
create index lessons_owner_idx on public.lessons (owner_id);
comment on table public.lessons is 'A clinical lesson: an ordered set of cases, private to its owner until shared with the site.';

------------------------------------------------------------------------------------------------------------------
-- lesson_cases: the lesson's cases in order (positions 1..n)
------------------------------------------------------------------------------------------------------------------
create table public.lesson_cases (
  id uuid primary key default gen_random_uuid(),
  -- the lesson's site (filled by the database)
  site_id uuid not null,
  lesson_id uuid not null,
  position integer not null constraint lesson_cases_position_positive check (position >= 1),
  teaching_point text constraint lesson_cases_teaching_point_length check (char_length(teaching_point) <= 4000),
  -- show what IQS knows about the images (reject reason, faults, dose) with the case
  show_facts boolean not null default true,
  created_at timestamptz not null default now(),
  foreign key (site_id, lesson_id) references public.lessons (site_id, id) on delete cascade,
  -- deferred: a move renumbers several cases in one statement or transaction
  constraint lesson_cases_position_unique unique (lesson_id, position) deferrable initially deferred,
  unique (site_id, id)
);
comment on table public.lesson_cases is 'A case of a lesson: one or more images and a teaching point, at a 1-based position.';

------------------------------------------------------------------------------------------------------------------
-- lesson_case_images: the images of a case, in order
------------------------------------------------------------------------------------------------------------------
create table public.lesson_case_images (
  -- the case's site (filled by the database)
  site_id uuid not null,
  case_id uuid not null,
  image_id uuid not null,
  position integer not null constraint lesson_case_images_position_positive check (position >= 1),
  -- where the owner took it from (kept for the owner; never shown as a fact about a person)
  origin text not null default 'viewer'
    constraint lesson_case_images_origin_known
      check (origin in ('viewer', 'evaluation', 'reject_analysis', 'dose_analysis', 'import')),
  -- the named limit every user-written text column has (migration 29's rule), though the list above already bounds it
  constraint lesson_case_images_origin_length check (char_length(origin) <= 32),
  primary key (case_id, image_id),
  constraint lesson_case_images_position_unique unique (case_id, position) deferrable initially deferred,
  foreign key (site_id, case_id) references public.lesson_cases (site_id, id) on delete cascade,
  foreign key (site_id, image_id) references public.images (site_id, id) on delete cascade
);
create index lesson_case_images_image_idx on public.lesson_case_images (image_id);
comment on table public.lesson_case_images is 'The images of a lesson case, in order.';

------------------------------------------------------------------------------------------------------------------
-- who, where and when: filled by the database
------------------------------------------------------------------------------------------------------------------
-- A signed-in caller's lesson is theirs, in their site, created now; the service role (tools, tests) keeps what it
-- sends. Ownership does not move: a lesson is changed by its owner only, and stays theirs.
create function private.fill_lesson() returns trigger
language plpgsql set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
begin
  if tg_op = 'INSERT' then
    if me is not null then
      new.owner_id := me;
      new.site_id := private.current_site_id();
      new.created_at := now();
    end if;
  else
    new.owner_id := old.owner_id;
    new.created_at := old.created_at;
  end if;
  new.updated_at := now();
  return new;
end
$$;
create trigger lessons_fill before insert or update on public.lessons
  for each row execute function private.fill_lesson();
create trigger lessons_keep_site before update on public.lessons
  for each row execute function private.keep_site();

-- A case is in its lesson's site; an image of a case in its case's site (the foreign keys then refuse an image of
-- another site).
create function private.fill_lesson_case() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    new.site_id := coalesce((select l.site_id from public.lessons l where l.id = new.lesson_id), new.site_id);
    new.created_at := now();
  else
    new.lesson_id := old.lesson_id;
    new.created_at := old.created_at;
  end if;
  return new;
end
$$;
create trigger lesson_cases_fill before insert or update on public.lesson_cases
  for each row execute function private.fill_lesson_case();
create trigger lesson_cases_keep_site before update on public.lesson_cases
  for each row execute function private.keep_site();

create function private.fill_lesson_case_image() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.site_id := coalesce((select c.site_id from public.lesson_cases c where c.id = new.case_id), new.site_id);
  return new;
end
$$;
create trigger lesson_case_images_fill before insert or update on public.lesson_case_images
  for each row execute function private.fill_lesson_case_image();

-- A change to a case or its images is a change to the lesson: its updated_at moves.
create function private.touch_lesson() returns trigger
language plpgsql set search_path = ''
as $$
declare
  lesson uuid;
begin
  if tg_table_name = 'lesson_cases' then
    lesson := coalesce(new.lesson_id, old.lesson_id);
  else
    lesson := (select c.lesson_id from public.lesson_cases c where c.id = coalesce(new.case_id, old.case_id));
  end if;
  update public.lessons set updated_at = now() where id = lesson;
  return null;
end
$$;
create trigger lesson_cases_touch after insert or update or delete on public.lesson_cases
  for each row execute function private.touch_lesson();
create trigger lesson_case_images_touch after insert or update or delete on public.lesson_case_images
  for each row execute function private.touch_lesson();

revoke all on function private.fill_lesson(), private.fill_lesson_case(), private.fill_lesson_case_image(),
  private.touch_lesson() from public, anon, authenticated;

------------------------------------------------------------------------------------------------------------------
-- privileges and Row Level Security
------------------------------------------------------------------------------------------------------------------
revoke all on public.lessons, public.lesson_cases, public.lesson_case_images from anon, authenticated;
grant select, insert, update, delete on public.lessons, public.lesson_cases, public.lesson_case_images to authenticated;
alter table public.lessons enable row level security;
alter table public.lesson_cases enable row level security;
alter table public.lesson_case_images enable row level security;

-- lessons: read your own and the site's shared ones; create, change and delete only your own.
create policy lessons_select on public.lessons for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and (owner_id = (select private.current_person_id()) or shared)
  );
create policy lessons_insert on public.lessons for insert to authenticated
  with check (site_id = (select private.current_site_id()) and owner_id = (select private.current_person_id()));
create policy lessons_update on public.lessons for update to authenticated
  using (site_id = (select private.current_site_id()) and owner_id = (select private.current_person_id()))
  with check (site_id = (select private.current_site_id()) and owner_id = (select private.current_person_id()));
create policy lessons_delete on public.lessons for delete to authenticated
  using (site_id = (select private.current_site_id()) and owner_id = (select private.current_person_id()));

-- cases: visible with their lesson (the subquery runs under the lessons policy); written by the lesson's owner.
create policy lesson_cases_select on public.lesson_cases for select to authenticated
  using (exists (select 1 from public.lessons l where l.id = lesson_id));
create policy lesson_cases_write on public.lesson_cases for all to authenticated
  using (exists (select 1 from public.lessons l where l.id = lesson_id and l.owner_id = (select private.current_person_id())))
  with check (exists (select 1 from public.lessons l where l.id = lesson_id and l.owner_id = (select private.current_person_id())));

-- images of a case: visible with their case; written by the lesson's owner.
create policy lesson_case_images_select on public.lesson_case_images for select to authenticated
  using (exists (select 1 from public.lesson_cases c where c.id = case_id));
create policy lesson_case_images_write on public.lesson_case_images for all to authenticated
  using (exists (
    select 1 from public.lesson_cases c join public.lessons l on l.id = c.lesson_id
    where c.id = case_id and l.owner_id = (select private.current_person_id())
  ))
  with check (exists (
    select 1 from public.lesson_cases c join public.lessons l on l.id = c.lesson_id
    where c.id = case_id and l.owner_id = (select private.current_person_id())
  ));

------------------------------------------------------------------------------------------------------------------
-- positions stay 1..n
------------------------------------------------------------------------------------------------------------------
-- However a case (or an image of a case) is removed — one at a time, several in one statement, or through the API's
-- DELETE — the others close the gap, in their order. (Renumbering the whole lesson is right whatever order the row
-- triggers fire in; the unique positions are checked at commit.)
create function private.renumber_lesson() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if tg_table_name = 'lesson_cases' then
    update public.lesson_cases c set position = r.n
    from (select x.id, row_number() over (order by x.position, x.created_at, x.id) as n
          from public.lesson_cases x where x.lesson_id = old.lesson_id) r
    where c.id = r.id and c.position <> r.n;
  else
    update public.lesson_case_images ci set position = r.n
    from (select x.image_id, row_number() over (order by x.position, x.image_id) as n
          from public.lesson_case_images x where x.case_id = old.case_id) r
    where ci.case_id = old.case_id and ci.image_id = r.image_id and ci.position <> r.n;
  end if;
  return null;
end
$$;
create trigger lesson_cases_renumber after delete on public.lesson_cases
  for each row execute function private.renumber_lesson();
create trigger lesson_case_images_renumber after delete on public.lesson_case_images
  for each row execute function private.renumber_lesson();
revoke all on function private.renumber_lesson() from public, anon, authenticated;

------------------------------------------------------------------------------------------------------------------
-- the site's index, by SOP Instance UID
------------------------------------------------------------------------------------------------------------------
-- The images of the caller's site with these UIDs (security definer: a radiographer adds any image of the site's
-- index that the viewer shows, not only the ones they made; only the id comes back).
create function private.site_images_by_uid(uids text[])
returns table (sop_instance_uid text, image_id uuid)
language sql stable security definer set search_path = ''
as $$
  select i.sop_instance_uid, i.id
  from public.images i
  where i.site_id = private.current_site_id() and i.sop_instance_uid = any (uids)
$$;
revoke all on function private.site_images_by_uid(text[]) from public, anon;
grant execute on function private.site_images_by_uid(text[]) to authenticated;

-- The caller's own lesson, or a clear refusal (a colleague's shared lesson is read, never changed).
create function private.own_lesson(lesson uuid) returns uuid
language plpgsql stable set search_path = ''
as $$
begin
  if private.current_person_id() is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if not exists (select 1 from public.lessons l where l.id = lesson and l.owner_id = private.current_person_id()) then
    raise exception 'no lesson % of yours: only its owner changes a lesson', lesson using errcode = '42501';
  end if;
  return lesson;
end
$$;
revoke all on function private.own_lesson(uuid) from public, anon;
grant execute on function private.own_lesson(uuid) to authenticated;

------------------------------------------------------------------------------------------------------------------
-- changing a lesson (the caller's rights: the policies decide)
------------------------------------------------------------------------------------------------------------------
-- A new case at the end of the lesson with these images (of the site's index), in this order; duplicates kept once.
-- An unknown UID refuses the whole case and names it.
create function public.add_lesson_case(
  lesson uuid, sop_instance_uids text[], teaching_point text default null, origin text default 'viewer'
) returns uuid
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  wanted text[];
  unknown text[];
  new_case uuid;
begin
  perform private.own_lesson(add_lesson_case.lesson);
  select coalesce(array_agg(u order by first_at), '{}') into wanted
  from (select u, min(n) as first_at
        from unnest(add_lesson_case.sop_instance_uids) with ordinality as t (u, n)
        where nullif(btrim(u), '') is not null group by u) d;
  if cardinality(wanted) = 0 then
    raise exception 'a case needs at least one image (SOP Instance UID)' using errcode = '22023';
  end if;
  if cardinality(wanted) > 100 then
    raise exception 'a case holds at most 100 images, not %', cardinality(wanted) using errcode = '22023';
  end if;
  select coalesce(array_agg(w order by w), '{}') into unknown
  from unnest(wanted) w
  where not exists (select 1 from private.site_images_by_uid(wanted) s where s.sop_instance_uid = w);
  if cardinality(unknown) > 0 then
    raise exception 'not in this site''s image index: %', array_to_string(unknown, ', ')
      using errcode = '22023', hint = 'ingest the images first (iqs ingest), or leave them out';
  end if;

  insert into public.lesson_cases (lesson_id, position, teaching_point)
  values (add_lesson_case.lesson,
          coalesce((select max(c.position) from public.lesson_cases c where c.lesson_id = add_lesson_case.lesson), 0) + 1,
          nullif(btrim(add_lesson_case.teaching_point), ''))
  returning id into new_case;
  insert into public.lesson_case_images (case_id, image_id, position, origin)
  select new_case, s.image_id, array_position(wanted, s.sop_instance_uid), coalesce(add_lesson_case.origin, 'viewer')
  from private.site_images_by_uid(wanted) s;
  return new_case;
end
$$;

-- Move a case to a 1-based position (beyond the end: the end); the cases between shift by one.
create function public.move_lesson_case(lesson_case uuid, "position" integer) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  the_lesson uuid;
  old_position integer;
  last_position integer;
  target integer;
begin
  select c.lesson_id, c.position into the_lesson, old_position from public.lesson_cases c where c.id = lesson_case;
  if not found then
    raise exception 'no lesson case % that you may see', lesson_case using errcode = '42501';
  end if;
  perform private.own_lesson(the_lesson);
  if move_lesson_case.position is null or move_lesson_case.position < 1 then
    raise exception 'a case''s position is 1 or more, not %', coalesce(move_lesson_case.position::text, 'null')
      using errcode = '22023';
  end if;
  select max(c.position) into last_position from public.lesson_cases c where c.lesson_id = the_lesson;
  target := least(move_lesson_case.position, last_position);
  if target = old_position then
    return;
  end if;
  update public.lesson_cases c set position = case
      when c.id = lesson_case then target
      when old_position < target then c.position - 1
      else c.position + 1 end
  where c.lesson_id = the_lesson
    and (c.id = lesson_case or c.position between least(old_position, target) and greatest(old_position, target));
end
$$;

-- Remove a case (the others close the gap: private.renumber_lesson).
create function public.remove_lesson_case(lesson_case uuid) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  the_lesson uuid;
begin
  select c.lesson_id into the_lesson from public.lesson_cases c where c.id = lesson_case;
  if not found then
    raise exception 'no lesson case % that you may see', lesson_case using errcode = '42501';
  end if;
  perform private.own_lesson(the_lesson);
  delete from public.lesson_cases c where c.id = lesson_case;
end
$$;

-- A lesson read from elsewhere (a Key Object Selection): a new private lesson of the caller's with the cases whose
-- images the site's index holds. cases: [{"teaching_point": text|null, "images": [SOP Instance UID, …]}, …] in order.
-- UIDs the index does not hold are left out and listed; a case left without images is left out (and counted).
-- Returns {"lesson_id", "cases", "images", "missing": [UIDs], "cases_left_out"}.
create function public.import_lesson(title text, cases jsonb, description text default null) returns jsonb
language plpgsql volatile security invoker set search_path = ''
as $$
declare
  new_lesson uuid;
  c record;
  uids text[];
  found_uids text[];
  all_missing text[] := '{}';
  kept_cases integer := 0;
  kept_images integer := 0;
  left_out integer := 0;
  new_case uuid;
begin
  if private.current_person_id() is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if nullif(btrim(import_lesson.title), '') is null then
    raise exception 'a lesson needs a title' using errcode = '22023';
  end if;
  if import_lesson.cases is null or jsonb_typeof(import_lesson.cases) <> 'array' then
    raise exception 'cases must be a JSON array of {"teaching_point", "images": [SOP Instance UIDs]}' using errcode = '22023';
  end if;
  if jsonb_array_length(import_lesson.cases) > 1000 then
    raise exception 'a lesson holds at most 1000 cases, not %', jsonb_array_length(import_lesson.cases) using errcode = '22023';
  end if;
  for c in select value as item, ordinality as n from jsonb_array_elements(import_lesson.cases) with ordinality loop
    if jsonb_typeof(c.item) <> 'object' or jsonb_typeof(c.item -> 'images') is distinct from 'array'
       or (c.item ? 'teaching_point' and jsonb_typeof(c.item -> 'teaching_point') not in ('string', 'null'))
       or exists (select 1 from jsonb_array_elements(c.item -> 'images') u where jsonb_typeof(u) <> 'string') then
      raise exception 'case % is not {"teaching_point": text, "images": [SOP Instance UIDs]}', c.n using errcode = '22023';
    end if;
  end loop;

  insert into public.lessons (title, description, shared, owner_id, site_id)
  values (btrim(import_lesson.title), nullif(btrim(import_lesson.description), ''), false,
          private.current_person_id(), private.current_site_id())
  returning id into new_lesson;

  for c in select value as item from jsonb_array_elements(import_lesson.cases) with ordinality order by ordinality loop
    select coalesce(array_agg(u order by first_at), '{}') into uids
    from (select u, min(n) as first_at from jsonb_array_elements_text(c.item -> 'images') with ordinality as t (u, n)
          where nullif(btrim(u), '') is not null group by u) d;
    select coalesce(array_agg(s.sop_instance_uid), '{}') into found_uids from private.site_images_by_uid(uids) s;
    all_missing := all_missing || array(select u from unnest(uids) u where not u = any (found_uids) and not u = any (all_missing));
    if cardinality(found_uids) = 0 then
      left_out := left_out + 1;
      continue;
    end if;
    new_case := public.add_lesson_case(new_lesson, array(select u from unnest(uids) u where u = any (found_uids)),
                                       c.item ->> 'teaching_point', 'import');
    kept_cases := kept_cases + 1;
    kept_images := kept_images + cardinality(found_uids);
  end loop;

  return jsonb_build_object('lesson_id', new_lesson, 'cases', kept_cases, 'images', kept_images,
                            'missing', to_jsonb(all_missing), 'cases_left_out', left_out);
end
$$;

------------------------------------------------------------------------------------------------------------------
-- reading lessons
------------------------------------------------------------------------------------------------------------------
-- The caller's lessons and the site's shared ones, with their size (the policies decide which).
create function public.lesson_list()
returns table (id uuid, title text, description text, shared boolean, mine boolean, case_count integer,
               image_count integer, updated_at timestamptz)
language sql stable security invoker set search_path = ''
as $$
  select l.id, l.title, l.description, l.shared, l.owner_id = private.current_person_id(),
         (select count(*)::integer from public.lesson_cases c where c.lesson_id = l.id),
         (select count(*)::integer from public.lesson_case_images ci join public.lesson_cases c on c.id = ci.case_id
          where c.lesson_id = l.id),
         l.updated_at
  from public.lessons l
  order by l.updated_at desc, l.id
$$;

-- Criteria not met on these images, counted over the closed evaluations whose answers the caller may read (the rules
-- of migrations 26/27: one's own evaluations; quality analyses and peer reviews on one's own images; quality officers
-- and admins the site's), but never a colleague's self-evaluation, even for a quality officer: a lesson is shown to
-- an audience, and a self-evaluation is its author's. Only codes and labels come back, never who answered.
create function private.lesson_faults(image_ids uuid[])
returns table (image_id uuid, code text, label_nl text, label_en text, count integer)
language sql stable security definer set search_path = ''
as $$
  with readable as (
    select it.id, it.image_id
    from public.evaluation_items it
    join public.evaluations e on e.id = it.evaluation_id
    where it.image_id = any (image_ids)
      and it.site_id = private.current_site_id()
      and it.state <> 'skipped'
      and e.status = 'closed'
      and (e.evaluator_id = private.current_person_id()
           or (e.use <> 'self'
               and (private.has_role('quality_officer', 'admin') or it.id in (select private.readable_score_items()))))
  ),
  not_met as (
    select r.image_id, c.code
    from readable r
    join public.scores s on s.evaluation_item_id = r.id
    join public.scoring_criteria c on c.id = s.criterion_id
    where private.answer_met(c.kind, c.options, s.value) = false
  )
  select n.image_id, n.code, w.label_nl, w.label_en, count(*)::integer
  from not_met n
  cross join lateral (
    select c.label_nl, c.label_en from public.scoring_criteria c
    where c.site_id = private.current_site_id() and c.code = n.code order by c.position, c.id limit 1
  ) w
  group by n.image_id, n.code, w.label_nl, w.label_en
$$;
revoke all on function private.lesson_faults(uuid[]) from public, anon;
grant execute on function private.lesson_faults(uuid[]) to authenticated;

-- The lesson as the presentation shows it (the Lesson shape of extensions/iqs-scoring/src/lessons/lessonPorts.ts in
-- snake_case): cases in order, their images in order, and what IQS knows about each image — reject status and the
-- recorded reason's labels, the faults (private.lesson_faults), the image's characteristic dose (CTDIvol for CT, the
-- organ dose for MG, else DAP: @iqs/domain primaryDose) against the reference that applies today (as
-- image_dose_reference). Security definer because a shared lesson shows its images to everyone who reads it, also to
-- a radiographer who did not make them; it gives nobody's name, no operator, no station, no study date or
-- description: nothing that names a person. Readable when the caller may read the lesson (lessons_select).
create function private.lesson_presentation(lesson uuid) returns jsonb
language plpgsql stable security definer set search_path = ''
as $$
declare
  me uuid := private.current_person_id();
  l public.lessons;
  image_ids uuid[];
  result jsonb;
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  select * into l from public.lessons x
  where x.id = lesson_presentation.lesson and x.site_id = private.current_site_id() and (x.owner_id = me or x.shared);
  if not found then
    raise exception 'no lesson % that you may read', lesson_presentation.lesson using errcode = '42501';
  end if;
  select coalesce(array_agg(ci.image_id), '{}') into image_ids
  from public.lesson_case_images ci join public.lesson_cases c on c.id = ci.case_id where c.lesson_id = l.id;

  with faults as (select * from private.lesson_faults(image_ids)),
  images as (
    select ci.case_id, ci.position, i.id, i.sop_instance_uid, i.study_instance_uid, i.series_instance_uid, i.sop_class_uid,
           i.modality, p.name_nl, p.name_en, i.view_position, i.patient_age_years, i.rejected,
           rr.code as reason_code, rr.label_nl as reason_nl, rr.label_en as reason_en,
           d.quantity, d.value, r.drl, r.target
    from public.lesson_case_images ci
    join public.lesson_cases c on c.id = ci.case_id
    join public.images i on i.id = ci.image_id
    left join public.procedures p on p.id = i.procedure_id
    left join public.rejects rj on rj.image_id = i.id and i.rejected
    left join public.reject_reasons rr on rr.id = rj.reason_id
    left join lateral (
      select q.quantity, q.value from (values
        ('ctdivol'::public.dose_quantity, i.ctdivol_mgy, i.modality = 'CT'),
        ('organ_dose'::public.dose_quantity, i.organ_dose_mgy, i.modality = 'MG'),
        ('dap'::public.dose_quantity, i.dap_gy_cm2, coalesce(i.modality not in ('CT', 'MG'), true))) as q (quantity, value, fits)
      where q.fits and q.value is not null
    ) d on true
    left join lateral private.applicable_reference(i.site_id, i.procedure_id, i.view_position, i.patient_age_years,
                                                   d.quantity, current_date, i.body_part_thickness_mm) r on d.quantity is not null
    where c.lesson_id = l.id
  )
  select jsonb_build_object(
    'id', l.id, 'title', l.title, 'description', l.description, 'shared', l.shared, 'mine', l.owner_id = me,
    'case_count', (select count(*) from public.lesson_cases c where c.lesson_id = l.id),
    'image_count', cardinality(image_ids), 'updated_at', l.updated_at,
    'cases', coalesce((
      select jsonb_agg(jsonb_build_object(
               'id', c.id, 'position', c.position, 'teaching_point', c.teaching_point, 'show_facts', c.show_facts,
               'images', coalesce((
                 select jsonb_agg(jsonb_build_object(
                          'image_id', im.id, 'sop_instance_uid', im.sop_instance_uid,
                          'study_instance_uid', im.study_instance_uid, 'series_instance_uid', im.series_instance_uid,
                          'sop_class_uid', im.sop_class_uid, 'modality', im.modality,
                          'procedure_label', coalesce(im.name_nl, im.name_en),
                          'procedure_label_nl', im.name_nl, 'procedure_label_en', im.name_en,
                          'view_position', im.view_position, 'patient_age_years', im.patient_age_years,
                          'facts', jsonb_build_object(
                            'rejected', im.rejected,
                            'reject_reason', case when im.reason_code is not null then jsonb_build_object(
                              'code', im.reason_code, 'label_nl', im.reason_nl, 'label_en', im.reason_en) end,
                            'faults', coalesce((
                              select jsonb_agg(jsonb_build_object('code', f.code, 'label_nl', f.label_nl,
                                                                  'label_en', f.label_en, 'count', f.count)
                                               order by f.count desc, f.code)
                              from faults f where f.image_id = im.id), '[]'::jsonb),
                            'dose', case when im.quantity is not null then jsonb_build_object(
                              'quantity', im.quantity, 'value', im.value, 'unit', private.canonical_dose_unit(im.quantity),
                              'drl', im.drl, 'target', im.target,
                              'status', private.dose_status(im.value, im.drl, im.target)) end))
                        order by im.position)
                 from images im where im.case_id = c.id), '[]'::jsonb))
             order by c.position)
      from public.lesson_cases c where c.lesson_id = l.id), '[]'::jsonb))
  into result;
  return result;
end
$$;
revoke all on function private.lesson_presentation(uuid) from public, anon;
grant execute on function private.lesson_presentation(uuid) to authenticated;

create function public.lesson_presentation(lesson uuid) returns jsonb
language sql stable security invoker set search_path = ''
as $$ select private.lesson_presentation($1) $$;

revoke all on function public.add_lesson_case(uuid, text[], text, text), public.move_lesson_case(uuid, integer),
  public.remove_lesson_case(uuid), public.import_lesson(text, jsonb, text), public.lesson_list(),
  public.lesson_presentation(uuid) from public, anon;
grant execute on function public.add_lesson_case(uuid, text[], text, text), public.move_lesson_case(uuid, integer),
  public.remove_lesson_case(uuid), public.import_lesson(text, jsonb, text), public.lesson_list(),
  public.lesson_presentation(uuid) to authenticated;
