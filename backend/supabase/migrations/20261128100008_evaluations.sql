-- Evaluation of accepted images: an evaluation is a random sample of images (drawn with a stored seed, so it can be
-- reproduced), each scored on a form. Three uses: self-evaluation (a radiographer's own images), peer review (a
-- reviewer scores a colleague's images) and quality analysis (a quality officer scores a procedure, room or group).
--
-- Who sees what: the evaluator sees their evaluations; a radiographer sees every score given on their own images
-- (from any use); quality officers and admins see the site's. Nobody scores in someone else's name, and answers
-- change only while the evaluation is open.

create type public.evaluation_use as enum ('self', 'peer', 'quality');
create type public.evaluation_status as enum ('open', 'closed');
create type public.item_state as enum ('to_do', 'scored', 'skipped');

create table public.evaluations (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  use public.evaluation_use not null,
  name text not null check (length(btrim(name)) > 0),
  evaluator_id uuid not null,
  -- self: the evaluator; peer: the colleague reviewed; quality: none (the filter says what is analysed)
  subject_person_id uuid,
  -- the sampling filter (procedure, modality, room, group, period, …)
  filter jsonb not null default '{}'::jsonb check (jsonb_typeof(filter) = 'object'),
  seed bigint not null,
  sample_size integer not null check (sample_size between 1 and 500),
  -- hide the operator from the evaluator until the evaluation is closed
  blind boolean not null default false,
  status public.evaluation_status not null default 'open',
  created_at timestamptz not null default now(),
  closed_at timestamptz,
  check (use <> 'self' or subject_person_id = evaluator_id),
  check (use <> 'peer' or (subject_person_id is not null and subject_person_id <> evaluator_id)),
  check (use <> 'quality' or subject_person_id is null),
  check ((status = 'closed') = (closed_at is not null)),
  foreign key (site_id, evaluator_id) references public.people (site_id, id),
  foreign key (site_id, subject_person_id) references public.people (site_id, id),
  unique (site_id, id)
);
create index evaluations_evaluator_idx on public.evaluations (evaluator_id, created_at);
comment on table public.evaluations is 'A sampled set of images to score: self-evaluation, peer review or quality analysis.';

create table public.evaluation_items (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null,
  evaluation_id uuid not null,
  image_id uuid not null,
  -- the form this image is scored on (its procedure's, or the generic one)
  form_id uuid not null,
  position integer not null check (position >= 1),
  state public.item_state not null default 'to_do',
  updated_at timestamptz not null default now(),
  foreign key (site_id, evaluation_id) references public.evaluations (site_id, id) on delete cascade,
  foreign key (site_id, image_id) references public.images (site_id, id),
  foreign key (site_id, form_id) references public.scoring_forms (site_id, id),
  unique (evaluation_id, image_id),
  unique (evaluation_id, position),
  unique (site_id, id, form_id)
);
create index evaluation_items_image_idx on public.evaluation_items (image_id);

create table public.scores (
  -- made by the client (kept in the browser first), so that a retried upload never duplicates
  id uuid primary key,
  site_id uuid not null,
  evaluation_item_id uuid not null,
  form_id uuid not null,
  criterion_id uuid not null,
  -- yes_no_na: yes|no|na; scale: an integer in range; choice and grade: an option value; comment: null
  value text,
  comment text,
  scored_by uuid not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (evaluation_item_id, criterion_id),
  foreign key (site_id, evaluation_item_id, form_id) references public.evaluation_items (site_id, id, form_id) on delete cascade,
  foreign key (site_id, form_id, criterion_id) references public.scoring_criteria (site_id, form_id, id),
  foreign key (site_id, scored_by) references public.people (site_id, id)
);
create index scores_item_idx on public.scores (evaluation_item_id);
comment on table public.scores is 'One answer to one criterion for one sampled image.';

------------------------------------------------------------------------------------------------------------------
-- integrity that a foreign key cannot say
------------------------------------------------------------------------------------------------------------------
create trigger evaluations_keep_site before update on public.evaluations
  for each row execute function private.keep_site();
create trigger evaluation_items_keep_site before update on public.evaluation_items
  for each row execute function private.keep_site();
create trigger scores_keep_site before update on public.scores
  for each row execute function private.keep_site();

-- A closed evaluation is the record of what was found: it is not reopened.
create function private.keep_closed() returns trigger
language plpgsql set search_path = ''
as $$
begin
  if old.status = 'closed' then
    raise exception 'evaluation % is closed', old.id using errcode = 'P0001';
  end if;
  if new.status = 'closed' and new.closed_at is null then
    new.closed_at := now();
  end if;
  return new;
end
$$;
create trigger evaluations_keep_closed before update on public.evaluations
  for each row execute function private.keep_closed();

-- An answer must fit its criterion: yes/no/na, an integer within the scale, one of the options.
create function private.check_score() returns trigger
language plpgsql set search_path = ''
as $$
declare
  criterion public.scoring_criteria;
  fits boolean;
begin
  select * into criterion from public.scoring_criteria where id = new.criterion_id;
  new.updated_at := now();
  if new.value is null then
    if criterion.kind <> 'comment' and new.comment is null then
      raise exception 'criterion % needs a value', criterion.code using errcode = '23514';
    end if;
    return new;
  end if;
  if criterion.kind = 'yes_no_na' then
    fits := new.value in ('yes', 'no', 'na');
  elsif criterion.kind = 'scale' then
    -- checked in two steps: a cast of text that is not a number would raise another error
    fits := new.value ~ '^[0-9]{1,2}$';
    if fits then
      fits := new.value::integer between (criterion.options ->> 'min')::integer and (criterion.options ->> 'max')::integer;
    end if;
  elsif criterion.kind in ('choice', 'grade') then
    fits := exists (select 1 from jsonb_array_elements(criterion.options) o where o ->> 'value' = new.value);
  else
    -- a comment criterion keeps its text in comment
    fits := false;
  end if;
  if not fits then
    raise exception 'value % does not fit criterion % (%)', new.value, criterion.code, criterion.kind
      using errcode = '23514';
  end if;
  return new;
end
$$;
create trigger scores_check before insert or update on public.scores
  for each row execute function private.check_score();

------------------------------------------------------------------------------------------------------------------
-- helpers for the policies
------------------------------------------------------------------------------------------------------------------
-- the signed-in person's own evaluation
create function private.is_my_evaluation(evaluation uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (select 1 from public.evaluations e where e.id = evaluation and e.evaluator_id = private.current_person_id())
$$;

-- the signed-in person's own evaluation, still open
create function private.is_my_open_evaluation(evaluation uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.evaluations e
    where e.id = evaluation and e.evaluator_id = private.current_person_id() and e.status = 'open'
  )
$$;

-- may the signed-in person score this item: it is in their own open evaluation
create function private.may_score_item(item uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.evaluation_items i join public.evaluations e on e.id = i.evaluation_id
    where i.id = item and e.evaluator_id = private.current_person_id() and e.status = 'open'
  )
$$;

-- may the signed-in person read the scores of this item: they made the evaluation, or the image is theirs
create function private.may_read_item(item uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select exists (
    select 1 from public.evaluation_items i join public.evaluations e on e.id = i.evaluation_id
    where i.id = item
      and (e.evaluator_id = private.current_person_id() or private.is_operator_of(i.image_id))
  )
$$;

revoke all on function private.is_my_evaluation(uuid), private.is_my_open_evaluation(uuid), private.may_score_item(uuid), private.may_read_item(uuid) from public, anon;
grant execute on function private.is_my_evaluation(uuid), private.is_my_open_evaluation(uuid), private.may_score_item(uuid), private.may_read_item(uuid) to authenticated, service_role;

------------------------------------------------------------------------------------------------------------------
-- privileges and Row Level Security
------------------------------------------------------------------------------------------------------------------
revoke all on public.evaluations, public.evaluation_items, public.scores from anon, authenticated;
grant select, insert, update, delete on public.evaluations, public.evaluation_items, public.scores to authenticated;
alter table public.evaluations enable row level security;
alter table public.evaluation_items enable row level security;
alter table public.scores enable row level security;

create policy evaluations_select on public.evaluations for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and (evaluator_id = (select private.current_person_id()) or (select private.has_role('quality_officer', 'admin')))
  );
-- anyone evaluates their own images; peer review takes a reviewer, quality analysis a quality officer (admins may do all)
create policy evaluations_insert on public.evaluations for insert to authenticated
  with check (
    site_id = (select private.current_site_id())
    and evaluator_id = (select private.current_person_id())
    and (
      use = 'self'
      or use = 'peer' and (select private.has_role('reviewer', 'quality_officer', 'admin'))
      or use = 'quality' and (select private.has_role('quality_officer', 'admin'))
    )
  );
create policy evaluations_update on public.evaluations for update to authenticated
  using (site_id = (select private.current_site_id()) and evaluator_id = (select private.current_person_id()))
  with check (
    site_id = (select private.current_site_id())
    and evaluator_id = (select private.current_person_id())
    and (
      use = 'self'
      or use = 'peer' and (select private.has_role('reviewer', 'quality_officer', 'admin'))
      or use = 'quality' and (select private.has_role('quality_officer', 'admin'))
    )
  );
create policy evaluations_delete on public.evaluations for delete to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

-- (decided on the row's own columns: during INSERT … RETURNING the new row is not yet visible to a lookup by id)
create policy evaluation_items_select on public.evaluation_items for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and (
      (select private.has_role('quality_officer', 'admin'))
      or private.is_my_evaluation(evaluation_id)
      or private.is_operator_of(image_id)
    )
  );
create policy evaluation_items_insert on public.evaluation_items for insert to authenticated
  with check (site_id = (select private.current_site_id()) and private.is_my_open_evaluation(evaluation_id));
create policy evaluation_items_update on public.evaluation_items for update to authenticated
  using (site_id = (select private.current_site_id()) and private.is_my_open_evaluation(evaluation_id))
  with check (site_id = (select private.current_site_id()) and private.is_my_open_evaluation(evaluation_id));
create policy evaluation_items_delete on public.evaluation_items for delete to authenticated
  using (site_id = (select private.current_site_id()) and private.is_my_open_evaluation(evaluation_id));

create policy scores_select on public.scores for select to authenticated
  using (
    site_id = (select private.current_site_id())
    and (
      scored_by = (select private.current_person_id())
      or (select private.has_role('quality_officer', 'admin'))
      or private.may_read_item(evaluation_item_id)
    )
  );
create policy scores_insert on public.scores for insert to authenticated
  with check (
    site_id = (select private.current_site_id())
    and scored_by = (select private.current_person_id())
    and private.may_score_item(evaluation_item_id)
  );
create policy scores_update on public.scores for update to authenticated
  using (
    site_id = (select private.current_site_id())
    and scored_by = (select private.current_person_id())
    and private.may_score_item(evaluation_item_id)
  )
  with check (
    site_id = (select private.current_site_id())
    and scored_by = (select private.current_person_id())
    and private.may_score_item(evaluation_item_id)
  );
create policy scores_delete on public.scores for delete to authenticated
  using (
    site_id = (select private.current_site_id())
    and scored_by = (select private.current_person_id())
    and private.may_score_item(evaluation_item_id)
  );
