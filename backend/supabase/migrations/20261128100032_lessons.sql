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
  site_id uuid not null references public.sites (id),
  title text not null
    constraint lessons_title_not_blank check (length(btrim(title)) > 0)
    constraint lessons_title_length check (char_length(title) <= 200),
  description text constraint lessons_description_length check (char_length(description) <= 4000),
  -- filled by the database with the signed-in person
  owner_id uuid not null,
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
