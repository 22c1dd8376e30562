-- Privacy rules enforced by the database (issue 12), for every path: tables, views and functions.
--
--  b. A self-evaluation (its scores, comments and items) is its evaluator's, and the site's quality officers' and
--     admins': a colleague who made one of its images with the evaluator does not read it. The operators of an image
--     read the peer-review and quality-analysis results on it.
--  c. A peer review's results reach the people whose images it holds when the reviewer closes it.
--  d. Blind: while a blind evaluation is open its evaluator reads no operator of its images through the API (no
--     image_operators rows, no dose report of their studies; evaluation_worklist gives operator_names null), unless
--     they are a quality officer or admin (the UI hides them then: evaluation_blinded(evaluation) tells it). Who marked
--     a reject in IQS (images.rejected_by) is not readable through the API at all: the audit log keeps it, and
--     image_reject_status says whether the caller may undo the marking.
-- (a. statistics by person and e. audited score reads: 20261128100027_score_reads_audited.sql)
--
-- The policies ask set-returning helpers (the caller's images, evaluations, readable items, blinded images) once per
-- statement instead of calling a function for every row: as fast for a radiographer as for an admin.

------------------------------------------------------------------------------------------------------------------
-- the helpers: sets computed once per statement (security definer: they read whatever the caller may see)
------------------------------------------------------------------------------------------------------------------
-- the images the signed-in person made
create function private.my_image_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select o.image_id from public.image_operators o where o.person_id = (select private.current_person_id())
$$;

-- the evaluations the signed-in person made
create function private.my_evaluation_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select e.id from public.evaluations e where e.evaluator_id = (select private.current_person_id())
$$;

-- The items whose answers the signed-in person may read: those of their own evaluations, and (rules b and c) those
-- on images they made in a quality analysis or in a closed peer review. (Quality officers and admins read the site's:
-- the policies ask has_role first.)
create function private.readable_score_items() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select it.id
  from public.evaluation_items it
  where it.evaluation_id in (select private.my_evaluation_ids())
  union
  select it.id
  from public.evaluation_items it
  join public.evaluations e on e.id = it.evaluation_id
  where it.image_id in (select private.my_image_ids())
    and (e.use = 'quality' or (e.use = 'peer' and e.status = 'closed'))
$$;

-- the images of the signed-in person's open blind evaluations
create function private.blinded_image_ids() returns setof uuid
language sql stable security definer set search_path = ''
as $$
  select it.image_id
  from public.evaluations e
  join public.evaluation_items it on it.evaluation_id = e.id
  where e.evaluator_id = (select private.current_person_id()) and e.blind and e.status = 'open'
$$;

-- the studies of those images (a dose report names the operators of its study)
create function private.blinded_study_uids() returns setof text
language sql stable security definer set search_path = ''
as $$
  select i.study_instance_uid from public.images i where i.id in (select private.blinded_image_ids())
$$;

-- may the signed-in person undo the marking of this image in IQS (they marked it, or are a quality officer or admin)
create function private.may_unmark(image uuid) returns boolean
language sql stable security definer set search_path = ''
as $$
  select coalesce(i.reject_source = 'iqs', false)
         and (i.rejected_by = private.current_person_id() or private.has_role('quality_officer', 'admin'))
  from public.images i
  where i.id = $1 and i.site_id = private.current_site_id()
$$;

revoke all on function private.my_image_ids(), private.my_evaluation_ids(), private.readable_score_items(),
  private.blinded_image_ids(), private.blinded_study_uids(), private.may_unmark(uuid) from public, anon;
grant execute on function private.my_image_ids(), private.my_evaluation_ids(), private.readable_score_items(),
  private.blinded_image_ids(), private.blinded_study_uids(), private.may_unmark(uuid) to authenticated, service_role;

------------------------------------------------------------------------------------------------------------------
-- images and their operators
------------------------------------------------------------------------------------------------------------------
alter policy images_select on public.images
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('reviewer', 'quality_officer', 'admin')) or id in (select private.my_image_ids()))
  );

-- Operators are visible with their image, except to the evaluator of an open blind evaluation holding the image
-- (quality officers and admins read them by their role; one's own operator row is no secret to oneself).
alter policy image_operators_select on public.image_operators
  using (
    site_id = (select private.current_site_id())
    and (
      (select private.has_role('quality_officer', 'admin'))
      or person_id = (select private.current_person_id())
      or (((select private.has_role('reviewer')) or image_id in (select private.my_image_ids()))
          and not image_id in (select private.blinded_image_ids()))
    )
  );

-- a dose report lists the operators of its study
alter policy dose_reports_select on public.dose_reports
  using (
    site_id = (select private.current_site_id())
    and (
      (select private.has_role('quality_officer', 'admin'))
      or ((select private.has_role('reviewer')) and not study_instance_uid in (select private.blinded_study_uids()))
    )
  );

-- who marked a reject in IQS: every column of images but rejected_by is readable through the API
revoke select on public.images from authenticated;
do $$
begin
  execute (
    select format('grant select (%s) on public.images to authenticated', string_agg(quote_ident(c.column_name), ', ' order by c.ordinal_position))
    from information_schema.columns c
    where c.table_schema = 'public' and c.table_name = 'images' and c.column_name <> 'rejected_by'
  );
end
$$;

-- image_reject_status as before (migration 18), may_unmark asked of a helper that reads rejected_by
create or replace function public.image_reject_status(sop_instance_uid text)
returns table (
  image_id uuid, rejected boolean, reject_source text, iocm_title text, noted_on date, reason_id uuid,
  reason_code text, reason_nl text, reason_en text, reason_category text, reason_source text, comment text,
  recorded_at timestamptz, may_record boolean, may_mark boolean, may_unmark boolean
)
language sql stable security invoker set search_path = ''
as $$
  select i.id, i.rejected, i.reject_source, i.iocm_title,
         case when i.reject_source = 'iqs' then i.rejected_at::date else i.iocm_note_date end,
         r.reason_id, rr.code, rr.label_nl, rr.label_en, rr.category, r.source, r.comment, r.recorded_at,
         i.rejected and m.may_change,
         not i.rejected and m.may_change,
         coalesce(private.may_unmark(i.id), false)
  from public.images i
  cross join lateral (
    select private.is_operator_of(i.id) or (select private.has_role('quality_officer', 'admin')) as may_change
  ) m
  left join public.rejects r on r.image_id = i.id
  left join public.reject_reasons rr on rr.id = r.reason_id
  where i.site_id = (select private.current_site_id())
    and i.sop_instance_uid = image_reject_status.sop_instance_uid
$$;

-- record_reject_reason as before (migration 18), reading only the columns it needs (not rejected_by)
create or replace function public.record_reject_reason(image uuid, reason uuid, comment text default null) returns void
language plpgsql volatile security invoker set search_path = ''
as $$
#variable_conflict use_column
declare
  me uuid := private.current_person_id();
  img public.images;
  the_comment text := nullif(btrim(record_reject_reason.comment), '');
begin
  if me is null then
    raise exception 'no IQS profile for this login' using errcode = '42501';
  end if;
  if record_reject_reason.image is null or record_reject_reason.reason is null then
    raise exception 'record_reject_reason needs an image and a reason' using errcode = '22023';
  end if;
  select i.id, i.site_id, i.rejected into img.id, img.site_id, img.rejected from public.images i
  where i.id = record_reject_reason.image and i.site_id = private.current_site_id();
  if not found then
    raise exception 'no image % that you may see', record_reject_reason.image using errcode = '42501';
  end if;
  if not (private.is_operator_of(img.id) or private.has_role('quality_officer', 'admin')) then
    raise exception 'only the radiographer(s) of image %, quality officers and admins record its reject reason', img.id
      using errcode = '42501';
  end if;
  if not img.rejected then
    raise exception 'image % is not rejected: mark it rejected (mark_rejected) to give a reason', img.id using errcode = '22023';
  end if;
  if not exists (select 1 from public.reject_reasons rr
                 where rr.id = record_reject_reason.reason and rr.site_id = img.site_id and rr.active) then
    raise exception 'reason % is not an active reject reason of this site', record_reject_reason.reason using errcode = '22023';
  end if;
  if length(the_comment) > 2000 then
    raise exception 'a reject comment has at most 2000 characters, not %', length(the_comment) using errcode = '22023';
  end if;

  insert into public.rejects as r (site_id, image_id, reason_id, comment, recorded_by, source)
  values (img.site_id, img.id, record_reject_reason.reason, the_comment, me, 'person')
  on conflict (image_id) do update set
    reason_id = excluded.reason_id, comment = excluded.comment, recorded_by = excluded.recorded_by,
    source = 'person', recorded_at = now()
  where (r.reason_id, r.comment, r.source) is distinct from (excluded.reason_id, excluded.comment, 'person');
end
$$;

------------------------------------------------------------------------------------------------------------------
-- evaluations: items and scores (rules b and c)
------------------------------------------------------------------------------------------------------------------
-- (the evaluator's own items are decided on the row's evaluation_id: during INSERT … RETURNING the new row is not
-- yet visible to a lookup by id)
alter policy evaluation_items_select on public.evaluation_items
  using (
    site_id = (select private.current_site_id())
    and (
      (select private.has_role('quality_officer', 'admin'))
      or evaluation_id in (select private.my_evaluation_ids())
      or id in (select private.readable_score_items())
    )
  );

alter policy scores_select on public.scores
  using (
    site_id = (select private.current_site_id())
    and (
      scored_by = (select private.current_person_id())
      or (select private.has_role('quality_officer', 'admin'))
      or evaluation_item_id in (select private.readable_score_items())
    )
  );

-- What the caller may know about an evaluation whose scores they may read (migration 14): the evaluator, quality
-- officers and admins, and the people who made an image whose answers they may read in it.
create or replace function private.evaluation_facts(evaluation uuid)
returns table (site_id uuid, use public.evaluation_use, subject_person_id uuid, filter jsonb, created_at timestamptz,
               status public.evaluation_status, is_evaluator boolean)
language sql stable security definer set search_path = ''
as $$
  select e.site_id, e.use, e.subject_person_id, e.filter, e.created_at, e.status, e.evaluator_id = private.current_person_id()
  from public.evaluations e
  where e.id = $1
    and e.site_id = private.current_site_id()
    and (e.evaluator_id = private.current_person_id()
         or private.has_role('quality_officer', 'admin')
         or exists (select 1 from public.evaluation_items it
                    where it.evaluation_id = e.id and it.id in (select private.readable_score_items())))
$$;

-- The reviewer's name (migration 16): a self-evaluation names its evaluator to themself only (not to a colleague who
-- made one of its images); a peer review names the reviewer to the people whose images it holds when the site shows
-- reviewers.
create or replace function private.evaluation_reviewer(evaluation uuid) returns table (person_id uuid, display_name text)
language sql stable security definer set search_path = ''
as $$
  select p.id, p.display_name
  from public.evaluations e
  join public.people p on p.id = e.evaluator_id
  join public.sites st on st.id = e.site_id
  where e.id = $1
    and e.site_id = private.current_site_id()
    and (e.evaluator_id = private.current_person_id()
         or private.has_role('quality_officer', 'admin')
         or (e.use = 'peer' and st.reviewer_visible_to_subject
             and (e.subject_person_id = private.current_person_id()
                  or exists (select 1 from public.evaluation_items it where it.evaluation_id = e.id and private.is_operator_of(it.image_id)))))
$$;

------------------------------------------------------------------------------------------------------------------
-- blind, for the UI
------------------------------------------------------------------------------------------------------------------
-- true while this evaluation is blind and open (its operators are hidden: by the database from its evaluator, by
-- the UI from everyone); false for an evaluation that is not, or that the caller does not see
create function public.evaluation_blinded(evaluation uuid) returns boolean
language sql stable security invoker set search_path = ''
as $$
  select coalesce((select e.blind and e.status = 'open' from public.evaluations e where e.id = $1), false)
$$;
revoke all on function public.evaluation_blinded(uuid) from public, anon, service_role;
grant execute on function public.evaluation_blinded(uuid) to authenticated;
