-- Scoring forms for the evaluation of accepted images: versioned, so that a score always refers to the criterion
-- as it was worded when it was given. A form applies to procedures (and views); the generic form covers the rest.

create type public.criterion_kind as enum ('yes_no_na', 'scale', 'choice', 'comment', 'grade');

create table public.scoring_forms (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  code text not null check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  version integer not null default 1 check (version >= 1),
  title_nl text not null,
  title_en text not null,
  -- where the criteria come from, e.g. "EUR 16260 (1996)"
  source text not null,
  -- the form for procedures without a specific one
  is_generic boolean not null default false,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (site_id, code, version),
  unique (site_id, id)
);
-- one generic form per site at a time
create unique index scoring_forms_one_generic on public.scoring_forms (site_id) where is_generic and active;
comment on table public.scoring_forms is 'Versioned scoring forms; a change is a new version, old scores keep their wording.';

create table public.scoring_criteria (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null,
  form_id uuid not null,
  position integer not null check (position >= 1),
  code text not null check (code ~ '^[a-z0-9][a-z0-9_]*$'),
  kind public.criterion_kind not null,
  label_nl text not null,
  label_en text not null,
  help_nl text,
  help_en text,
  required boolean not null default true,
  -- scale: {"min":1,"max":5}; choice and grade: [{"value":"…","label_nl":"…","label_en":"…"}]
  options jsonb,
  check (kind not in ('scale', 'choice', 'grade') or options is not null),
  foreign key (site_id, form_id) references public.scoring_forms (site_id, id) on delete cascade,
  unique (form_id, code),
  unique (form_id, position),
  unique (site_id, id),
  -- scores reference a criterion together with their item's form, so a score can only answer its own form
  unique (site_id, form_id, id)
);
comment on table public.scoring_criteria is 'The criteria of a scoring form, in order, with their answer kind.';

create table public.scoring_form_procedures (
  site_id uuid not null,
  form_id uuid not null,
  procedure_id uuid not null,
  -- a ViewPosition term; null: every view of the procedure
  view_position text,
  foreign key (site_id, form_id) references public.scoring_forms (site_id, id) on delete cascade,
  foreign key (site_id, procedure_id) references public.procedures (site_id, id) on delete cascade
);
create unique index scoring_form_procedures_key on public.scoring_form_procedures (form_id, procedure_id, coalesce(view_position, ''));

create trigger scoring_forms_keep_site before update on public.scoring_forms
  for each row execute function private.keep_site();
create trigger scoring_criteria_keep_site before update on public.scoring_criteria
  for each row execute function private.keep_site();
create trigger scoring_form_procedures_keep_site before update on public.scoring_form_procedures
  for each row execute function private.keep_site();

revoke all on public.scoring_forms, public.scoring_criteria, public.scoring_form_procedures from anon, authenticated;
grant select, insert, update, delete on public.scoring_forms, public.scoring_criteria, public.scoring_form_procedures to authenticated;
alter table public.scoring_forms enable row level security;
alter table public.scoring_criteria enable row level security;
alter table public.scoring_form_procedures enable row level security;

create policy scoring_forms_select on public.scoring_forms for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy scoring_forms_write on public.scoring_forms for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

create policy scoring_criteria_select on public.scoring_criteria for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy scoring_criteria_write on public.scoring_criteria for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));

create policy scoring_form_procedures_select on public.scoring_form_procedures for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy scoring_form_procedures_write on public.scoring_form_procedures for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
