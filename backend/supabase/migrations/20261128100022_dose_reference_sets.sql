-- Reference sets (issue 11): the published Diagnostic Reference Levels (Dutch: DRN) and target values
-- (streefwaarde) as a catalogue of named sets, each value with its set, source and date and the unit it was
-- published in; and the department's choice of which value applies (public.drls, migration 9).
--
--   * dose_reference_sets / dose_reference_values: global (no site), read by every signed-in person, written only
--     by migrations (the values themselves: migration 23). The canonical value is computed from the published value
--     and unit by the database, never typed (1 µGy·m² = 1 cGy·cm² = 10 mGy·cm² = 0.01 Gy·cm²).
--   * procedures.reference_exam: which catalogue examination a procedure of the department is (the admin maps it).
--   * drls gains where a value came from (catalogue value and set, or null: the department's own) and the value as
--     published; its canonical value is computed from that too. Every change of drls is audited by trigger.
--   * private.applicable_reference: the value that applies to an image (the department's own first, else the Dutch
--     one, else why none applies); public.image_dose_reference: what the viewer shows for one image; the admin's
--     RPCs set_site_reference, remove_site_reference and adopt_reference_value.

------------------------------------------------------------------------------------------------------------------
-- units and exam keys
------------------------------------------------------------------------------------------------------------------
-- A unit as UCUM writes it, from the spellings people and publications use ("µGy·m²", "mGy*cm2", "cGy.cm²"): the
-- same normalisation as packages/domain/src/units.ts normalizeUnit.
create function private.normalize_unit(unit text) returns text
language sql immutable set search_path = ''
as $$
  select regexp_replace(
           regexp_replace(translate(btrim(unit), '·*×²µμ', '...2uu'), '\m(c|d|m)?m\.(c|d|m)?m\M', '\1m2'),
           '\s+', '', 'g')
$$;

-- The factor from a published unit to the canonical unit of the quantity (DAP Gy·cm², CTDIvol and organ dose mGy,
-- DLP mGy·cm); null when the unit is not one of that quantity (never a guess). The same factors as units.ts.
create function private.dose_unit_factor(quantity public.dose_quantity, unit text) returns numeric
language sql immutable set search_path = ''
as $$
  select case
    when quantity = 'dap' then
      case private.normalize_unit(unit)
        when 'Gy.m2' then 10000 when 'dGy.m2' then 1000 when 'cGy.m2' then 100 when 'mGy.m2' then 10
        when 'uGy.m2' then 0.01 when 'Gy.cm2' then 1 when 'dGy.cm2' then 0.1 when 'cGy.cm2' then 0.01
        when 'mGy.cm2' then 0.001 when 'uGy.cm2' then 0.000001 end
    when quantity in ('ctdivol', 'organ_dose') then
      case private.normalize_unit(unit) when 'Gy' then 1000 when 'dGy' then 100 when 'cGy' then 10 when 'mGy' then 1 when 'uGy' then 0.001 end
    when quantity = 'dlp' then
      case private.normalize_unit(unit) when 'Gy.cm' then 1000 when 'dGy.cm' then 100 when 'cGy.cm' then 10 when 'mGy.cm' then 1 when 'mGy.mm' then 0.1 end
  end
$$;

-- A published value in the canonical unit: decimal arithmetic (12 µGy·m² is exactly 0.12 Gy·cm²), so the stored
-- double is the one nearest to the exact product, as roundToSignificant gives in TypeScript.
create function private.to_canonical_dose(value double precision, unit text, quantity public.dose_quantity)
returns double precision
language sql immutable set search_path = ''
as $$
  select (value::numeric * private.dose_unit_factor(quantity, unit))::double precision
$$;

create function private.canonical_dose_unit(quantity public.dose_quantity) returns text
language sql immutable set search_path = ''
as $$
  select case quantity when 'dap' then 'Gy·cm²' when 'ctdivol' then 'mGy' when 'dlp' then 'mGy·cm' when 'organ_dose' then 'mGy' end
$$;

-- IQS's own examination keys (packages/domain/src/doseReference.ts REFERENCE_EXAMS).
create function private.is_reference_exam(key text) returns boolean
language sql immutable set search_path = ''
as $$
  select key in ('chest-pa', 'chest-lat', 'chest-ap-supine', 'pelvis-ap', 'lumbar-spine-ap', 'lumbar-spine-lat',
                 'lumbar-spine-oblique', 'thoracic-spine-ap', 'thoracic-spine-lat', 'abdomen-ap', 'shoulder', 'ct-head',
                 'ct-chest', 'ct-abdomen', 'ct-chest-abdomen', 'ct-lumbar-spine', 'ct-cervical-spine', 'ct-sinuses',
                 'ct-cta-chest', 'ct-ctpa', 'ct-abdomen-pelvis', 'ct-kub', 'mammography')
$$;

-- Does a reference's view (null = any) fit an image's ViewPosition? 2 = the same term, 1 = the same family (a
-- reference for LAT fits LL and RL; one for OBL fits every oblique), 0 = any view, null = does not fit.
create function private.view_fit(reference_view text, image_view text) returns smallint
language sql immutable set search_path = ''
as $$
  select case
    when reference_view is null then 0
    when image_view is null then null
    when upper(reference_view) = upper(image_view) then 2
    when upper(reference_view) = 'LAT' and upper(image_view) in ('LL', 'RL', 'LAT') then 1
    when upper(reference_view) = 'OBL' and upper(image_view) in ('OBL', 'RLO', 'LLO', 'RPO', 'LPO', 'RAO', 'LAO', 'APO', 'PAO', 'FO', 'LO', 'MO') then 1
  end::smallint
$$;

-- The band of a value against a DRN and a streefwaarde, as compareWithReference (packages/domain/src/doseReference.ts):
-- above the DRN; above the streefwaarde but not the DRN; at or below it otherwise; no_reference without a DRN.
-- Null for an unknown value.
create function private.dose_status(value double precision, drl double precision, target double precision) returns text
language sql immutable set search_path = ''
as $$
  select case
    when value is null then null
    when drl is null or drl <= 0 then 'no_reference'
    when value > drl then 'above_drl'
    when target is not null and value > target then 'above_target'
    else 'at_or_below_target'
  end
$$;

------------------------------------------------------------------------------------------------------------------
-- the catalogue
------------------------------------------------------------------------------------------------------------------
create table public.dose_reference_sets (
  code text primary key check (code ~ '^[a-z0-9][a-z0-9-]*$'),
  name text not null check (length(btrim(name)) > 0),
  -- ISO 3166-1 alpha-2
  country text not null check (country ~ '^[A-Z]{2}$'),
  source text not null check (length(btrim(source)) > 0),
  source_url text,
  -- the day of publication where the source gives one; else the year alone, or neither when not known
  published_on date,
  published_year smallint check (published_year between 1990 and 2100),
  notes text,
  check (published_on is null or published_year = extract(year from published_on))
);
comment on table public.dose_reference_sets is 'Published sets of reference levels (DRN/DRL and streefwaarde), with their source. Written only by migrations.';

create table public.dose_reference_values (
  id uuid primary key default gen_random_uuid(),
  set_code text not null references public.dose_reference_sets (code),
  exam_key text not null check (private.is_reference_exam(exam_key)),
  -- the examination as the set names it
  label text not null check (length(btrim(label)) > 0),
  -- DX stands for projection radiography (DX and CR alike)
  modality text check (modality in ('DX', 'CT', 'MG')),
  view_position text,
  quantity public.dose_quantity not null,
  -- as published
  published_unit text not null check (private.dose_unit_factor(quantity, published_unit) is not null),
  published_drl double precision not null check (published_drl > 0),
  published_target double precision check (published_target > 0 and published_target < published_drl),
  -- canonical (Gy·cm², mGy, mGy·cm): computed from the published ones by dose_reference_values_canonical
  drl_value double precision not null,
  target_value double precision,
  -- patient age band in whole years, both ends included; null = not stated
  age_min smallint check (age_min between 0 and 130),
  age_max smallint check (age_max between 0 and 130),
  -- the patient weight the value is compared at (the Dutch chest PA: DAP interpolated to 77 kg)
  reference_weight_kg numeric check (reference_weight_kg > 0),
  -- the compressed breast thickness a mammography value is for (the FANC table by thickness)
  thickness_mm numeric check (thickness_mm > 0),
  notes text,
  check (age_min is null or age_max is null or age_min <= age_max)
);
create unique index dose_reference_values_key on public.dose_reference_values
  (set_code, exam_key, quantity, coalesce(view_position, ''), coalesce(age_min, -1), coalesce(age_max, -1), coalesce(thickness_mm, -1));
create index dose_reference_values_exam_idx on public.dose_reference_values (exam_key, quantity);
comment on table public.dose_reference_values is 'The values of the reference sets, as published (value and unit) and in IQS canonical units. Written only by migrations.';

-- The canonical values are computed here from the published ones, whatever an insert or update says.
create function private.fill_canonical_reference() returns trigger
language plpgsql set search_path = ''
as $$
begin
  new.drl_value := private.to_canonical_dose(new.published_drl, new.published_unit, new.quantity);
  new.target_value := private.to_canonical_dose(new.published_target, new.published_unit, new.quantity);
  return new;
end
$$;
create trigger dose_reference_values_canonical before insert or update on public.dose_reference_values
  for each row execute function private.fill_canonical_reference();

revoke all on public.dose_reference_sets, public.dose_reference_values from anon, authenticated, service_role;
grant select on public.dose_reference_sets, public.dose_reference_values to authenticated, service_role;
alter table public.dose_reference_sets enable row level security;
alter table public.dose_reference_values enable row level security;
create policy dose_reference_sets_select on public.dose_reference_sets for select to authenticated using (true);
create policy dose_reference_values_select on public.dose_reference_values for select to authenticated using (true);

------------------------------------------------------------------------------------------------------------------
-- which examination a procedure is
------------------------------------------------------------------------------------------------------------------
alter table public.procedures
  add column reference_exam text check (private.is_reference_exam(reference_exam));
comment on column public.procedures.reference_exam is 'The reference catalogue examination this procedure is (dose_reference_values.exam_key); the Dutch value for it applies unless the department set its own.';

------------------------------------------------------------------------------------------------------------------
-- the department's values: where they came from, as published
------------------------------------------------------------------------------------------------------------------
alter table public.drls
  add column reference_value_id uuid references public.dose_reference_values (id),
  -- the set the value was taken from; null = the department's own value
  add column reference_set text references public.dose_reference_sets (code),
  add column published_value double precision check (published_value > 0),
  add column published_target double precision check (published_target > 0),
  add column published_unit text,
  -- for a mammography value by compressed breast thickness; null = any thickness
  add column thickness_mm numeric check (thickness_mm > 0),
  add constraint drls_published_unit check (
    (published_value is null and published_target is null and published_unit is null)
    or (published_value is not null and private.dose_unit_factor(quantity, published_unit) is not null)),
  add constraint drls_reference_value_has_set check (reference_value_id is null or reference_set is not null);
create index drls_reference_value_idx on public.drls (reference_value_id);
comment on column public.drls.reference_set is 'The catalogue set the value was taken from (dose_reference_sets.code); null = the department''s own value.';

-- A value given as published is stored in the canonical unit too, computed here (drls.unit must be the canonical
-- unit: a value typed in another unit is still refused by the table's check). A canonical value changed by hand
-- (an update of drl_value or target_value that leaves the published ones as they were) is no longer as published,
-- nor the catalogue's: it becomes the department's own. Who changed it and when is filled here as well.
create function private.fill_site_reference() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  new.unit := coalesce(new.unit, private.canonical_dose_unit(new.quantity));
  if tg_op = 'UPDATE'
     and (new.drl_value is distinct from old.drl_value or new.target_value is distinct from old.target_value)
     and (new.published_value, new.published_target, new.published_unit, new.quantity)
         is not distinct from (old.published_value, old.published_target, old.published_unit, old.quantity) then
    new.published_value := null;
    new.published_target := null;
    new.published_unit := null;
    new.reference_value_id := null;
    new.reference_set := null;
  end if;
  -- taken from the catalogue only while it is the catalogue's value as published
  if new.reference_value_id is not null and not exists (
       select 1 from public.dose_reference_values v
       where v.id = new.reference_value_id and v.quantity = new.quantity and v.published_drl = new.published_value
         and v.published_target is not distinct from new.published_target and v.published_unit = new.published_unit) then
    new.reference_value_id := null;
    new.reference_set := null;
  end if;
  if new.published_value is not null then
    if private.dose_unit_factor(new.quantity, new.published_unit) is null then
      raise exception '% is not a unit of %', coalesce(new.published_unit, 'no unit'), new.quantity using errcode = '22023';
    end if;
    new.drl_value := private.to_canonical_dose(new.published_value, new.published_unit, new.quantity);
    new.target_value := private.to_canonical_dose(new.published_target, new.published_unit, new.quantity);
  end if;
  new.updated_at := now();
  new.updated_by := coalesce(private.current_person_id(), new.updated_by);
  return new;
end
$$;
create trigger drls_fill before insert or update on public.drls
  for each row execute function private.fill_site_reference();

-- The audit of the department's values, written by the database: created, changed (old and new) or removed.
-- An update that changes nothing but the bookkeeping is not a change.
create function private.audit_site_reference() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  if tg_op = 'INSERT' then
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'drl.created', 'drls', new.id::text,
            jsonb_build_object('new', to_jsonb(new) - 'updated_at' - 'updated_by'));
    return new;
  elsif tg_op = 'UPDATE' then
    if (to_jsonb(old) - 'updated_at' - 'updated_by') = (to_jsonb(new) - 'updated_at' - 'updated_by') then
      return new;
    end if;
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (new.site_id, private.current_person_id(), 'drl.changed', 'drls', new.id::text,
            jsonb_build_object('old', to_jsonb(old) - 'updated_at' - 'updated_by', 'new', to_jsonb(new) - 'updated_at' - 'updated_by'));
    return new;
  else
    insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
    values (old.site_id, private.current_person_id(), 'drl.removed', 'drls', old.id::text,
            jsonb_build_object('old', to_jsonb(old) - 'updated_at' - 'updated_by'));
    return old;
  end if;
end
$$;
create trigger drls_audit after insert or update or delete on public.drls
  for each row execute function private.audit_site_reference();

-- Mapping a procedure to a catalogue examination changes which reference applies: audited too.
create function private.audit_reference_exam() returns trigger
language plpgsql security definer set search_path = ''
as $$
begin
  insert into public.audit_log (site_id, actor_id, action, target_table, target_id, details)
  values (new.site_id, private.current_person_id(), 'drl.procedure_mapped', 'procedures', new.id::text,
          jsonb_build_object('procedure_code', new.code, 'old', old.reference_exam, 'new', new.reference_exam));
  return new;
end
$$;
create trigger procedures_audit_reference_exam after update on public.procedures
  for each row when (old.reference_exam is distinct from new.reference_exam)
  execute function private.audit_reference_exam();

revoke all on function private.fill_canonical_reference(), private.fill_site_reference(), private.audit_site_reference(),
  private.audit_reference_exam() from public, anon, authenticated;

-- Only the database writes the audit rows of reference values: nobody writes one in their own name.
alter policy audit_log_insert on public.audit_log
  with check (
    site_id = (select private.current_site_id())
    and actor_id = (select private.current_person_id())
    and action !~ '^reject\.'
    and action not in ('image.marked_rejected', 'image.unmarked_rejected')
    and action !~ '^drl\.'
  );

------------------------------------------------------------------------------------------------------------------
-- the value that applies
------------------------------------------------------------------------------------------------------------------
-- The reference that applies to an image of this procedure, view, patient age, quantity, date (and compressed
-- breast thickness for mammography):
--   1. the department's own (drls): same procedure and quantity; view equal, of the same family (LAT, OBL) or any;
--      age in the band or no band (an unknown age counts as an adult: it fits a band that covers every age from 18);
--      valid on the date (today when the date is unknown); thickness: the value at the nearest thickness, else one
--      for any thickness. The most specific wins: view, then age band (narrower first), then thickness, then the
--      latest valid_from;
--   2. else the Dutch value (set nl-drn-2012) for the procedure's reference_exam, by the same view and thickness
--      rules; it is for adults, so a patient younger than 18 has none (an unknown age is allowed);
--   3. else drl null and the reason: no_procedure, no_quantity (no quantity given, or values for the examination
--      exist but not in this quantity), not_adult, no_reference (no value of the department and no Dutch one).
-- A security-invoker function: it reads what the caller may read (the analysis calls it from its definer functions).
create function private.applicable_reference(
  site uuid, procedure uuid, view text, age smallint, quantity public.dose_quantity, on_date date,
  thickness_mm double precision default null
)
returns table (
  drl double precision, target double precision, reference_set text, reference_label text, source text,
  reference_weight_kg numeric, reason text
)
language plpgsql stable set search_path = ''
as $$
declare
  p_site constant uuid := $1;
  p_procedure constant uuid := $2;
  p_view constant text := $3;
  p_age constant smallint := $4;
  p_quantity constant public.dose_quantity := $5;
  p_date constant date := coalesce($6, current_date);
  p_thickness constant double precision := $7;
  exam text;
  any_for_exam boolean;
  dutch record;
begin
  if p_procedure is null then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_procedure'::text;
    return;
  end if;
  if p_quantity is null then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_quantity'::text;
    return;
  end if;

  return query
    select d.drl_value, d.target_value, d.reference_set, d.label, d.source, v.reference_weight_kg, null::text
    from public.drls d
    left join public.dose_reference_values v on v.id = d.reference_value_id
    where d.site_id = p_site
      and d.procedure_id = p_procedure
      and d.quantity = p_quantity
      and private.view_fit(d.view_position, p_view) is not null
      and (case when p_age is null then coalesce(d.age_min, 0) <= 18 and coalesce(d.age_max, 130) >= 130
                else p_age between coalesce(d.age_min, 0) and coalesce(d.age_max, 130) end)
      and d.valid_from <= p_date and (d.valid_to is null or p_date < d.valid_to)
      and (d.thickness_mm is null or p_thickness is not null)
    order by private.view_fit(d.view_position, p_view) desc,
             (d.age_min is null and d.age_max is null),
             coalesce(d.age_max, 130) - coalesce(d.age_min, 0),
             abs(d.thickness_mm - p_thickness::numeric) nulls last,
             d.valid_from desc, d.id
    limit 1;
  if found then
    return;
  end if;

  select p.reference_exam into exam from public.procedures p where p.id = p_procedure and p.site_id = p_site;
  if exam is null then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_reference'::text;
    return;
  end if;
  select exists (select 1 from public.dose_reference_values v where v.set_code = 'nl-drn-2012' and v.exam_key = exam)
    into any_for_exam;
  if not any_for_exam then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_reference'::text;
    return;
  end if;
  if not exists (select 1 from public.dose_reference_values v
                 where v.set_code = 'nl-drn-2012' and v.exam_key = exam and v.quantity = p_quantity) then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_quantity'::text;
    return;
  end if;

  select v.drl_value, v.target_value, v.set_code, v.label, s.source, v.reference_weight_kg, v.age_min, v.age_max
    into dutch
    from public.dose_reference_values v
    join public.dose_reference_sets s on s.code = v.set_code
    where v.set_code = 'nl-drn-2012' and v.exam_key = exam and v.quantity = p_quantity
      and private.view_fit(v.view_position, p_view) is not null
      and (v.thickness_mm is null or p_thickness is not null)
    order by private.view_fit(v.view_position, p_view) desc,
             abs(v.thickness_mm - p_thickness::numeric) nulls last, v.id
    limit 1;
  if not found then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_reference'::text;
  elsif p_age is not null and p_age < coalesce(dutch.age_min, 0) then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'not_adult'::text;
  elsif p_age is not null and p_age > coalesce(dutch.age_max, 130) then
    return query select null::double precision, null::double precision, null::text, null::text, null::text, null::numeric, 'no_reference'::text;
  else
    return query select dutch.drl_value, dutch.target_value, dutch.set_code, dutch.label, dutch.source, dutch.reference_weight_kg, null::text;
  end if;
end
$$;

------------------------------------------------------------------------------------------------------------------
-- what the viewer shows: one image against its references
------------------------------------------------------------------------------------------------------------------
-- Per dose quantity the image has (DAP, CTDIvol, DLP, organ dose / AGD): its value, the reference that applies
-- (private.applicable_reference with the image's procedure, view, age and body part thickness, in force today: the
-- viewer answers "how does this image compare with our reference", as the whole-period analysis does, so a value
-- set or adopted today applies to the images already there), the band and the percentage of the DRN. Nothing for an image the caller may not see (as the images policy: a
-- radiographer sees the images they made, reviewers, quality officers and admins the site's).
create function private.image_dose_reference(sop_instance_uid text)
returns table (
  quantity text, value double precision, unit text, drl double precision, target double precision,
  reference_set text, reference_label text, source text, reference_weight_kg numeric, reason text, status text,
  percent_of_drl double precision
)
language sql stable security definer set search_path = ''
as $$
  select q.quantity::text, q.value, private.canonical_dose_unit(q.quantity), r.drl, r.target, r.reference_set,
         r.reference_label, r.source, r.reference_weight_kg, r.reason, private.dose_status(q.value, r.drl, r.target),
         case when r.drl > 0 then q.value / r.drl * 100 end
  from public.images i
  cross join lateral (values ('dap'::public.dose_quantity, i.dap_gy_cm2), ('ctdivol'::public.dose_quantity, i.ctdivol_mgy),
                             ('dlp'::public.dose_quantity, i.dlp_mgy_cm), ('organ_dose'::public.dose_quantity, i.organ_dose_mgy))
    as q (quantity, value)
  cross join lateral private.applicable_reference(i.site_id, i.procedure_id, i.view_position, i.patient_age_years,
                                                  q.quantity, current_date, i.body_part_thickness_mm) r
  where i.site_id = (select private.current_site_id())
    and i.sop_instance_uid = $1
    and ((select private.has_role('reviewer', 'quality_officer', 'admin')) or private.is_operator_of(i.id))
    and q.value is not null
  order by q.quantity
$$;

create function public.image_dose_reference(sop_instance_uid text)
returns table (
  quantity text, value double precision, unit text, drl double precision, target double precision,
  reference_set text, reference_label text, source text, reference_weight_kg numeric, reason text, status text,
  percent_of_drl double precision
)
language sql stable security invoker set search_path = ''
as $$ select * from private.image_dose_reference($1) $$;

------------------------------------------------------------------------------------------------------------------
-- the admin's changes (audited by drls_audit)
------------------------------------------------------------------------------------------------------------------
-- The caller's site when the caller is its admin; refused otherwise.
create function private.admin_site() returns uuid
language plpgsql stable security definer set search_path = ''
as $$
begin
  if private.current_site_id() is null or not private.has_role('admin') then
    raise exception 'only an admin changes the reference values' using errcode = '42501';
  end if;
  return private.current_site_id();
end
$$;

-- A new value replaces the one that applies to the same procedure, quantity, view, age band and thickness from its
-- first day on: an earlier one ends there (valid_to), one starting the same day or later gives way (removed).
create function private.replace_site_references(
  site uuid, procedure uuid, quantity public.dose_quantity, view text, age_min smallint, age_max smallint,
  thickness_mm numeric, from_date date, keep uuid
) returns void
language plpgsql security definer set search_path = ''
as $$
begin
  delete from public.drls d
  where d.site_id = $1 and d.procedure_id = $2 and d.quantity = $3
    and d.view_position is not distinct from $4 and d.age_min is not distinct from $5
    and d.age_max is not distinct from $6 and d.thickness_mm is not distinct from $7
    and d.id is distinct from $9 and d.valid_from >= $8;
  update public.drls d set valid_to = $8
  where d.site_id = $1 and d.procedure_id = $2 and d.quantity = $3
    and d.view_position is not distinct from $4 and d.age_min is not distinct from $5
    and d.age_max is not distinct from $6 and d.thickness_mm is not distinct from $7
    and d.id is distinct from $9 and d.valid_from < $8 and (d.valid_to is null or d.valid_to > $8);
end
$$;

-- Adds (id null) or changes (id given) a value of the department, given as published: value, streefwaarde and the
-- unit they are in (converted by the database). A changed value that no longer equals the catalogue value it was
-- taken from becomes the department's own (reference_set null, by drls_fill). Returns the value's id.
create function private.set_site_reference(
  procedure_id uuid, quantity public.dose_quantity, published_value double precision, published_unit text,
  source text, published_target double precision, view_position text, age_min smallint, age_max smallint,
  label text, valid_from date, valid_to date, source_url text, notes text, thickness_mm numeric, id uuid
) returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  site constant uuid := private.admin_site();
  p_procedure constant uuid := $1;
  p_from constant date := coalesce($11, current_date);
  p_view constant text := nullif(btrim($7), '');
  procedure_name text;
  result uuid;
begin
  select p.name_en into procedure_name from public.procedures p where p.id = p_procedure and p.site_id = site;
  if procedure_name is null then
    raise exception 'no procedure % in this site', p_procedure using errcode = '22023';
  end if;
  if private.dose_unit_factor($2, $4) is null then
    raise exception '% is not a unit of %', coalesce($4, 'no unit'), $2 using errcode = '22023';
  end if;
  if $16 is null then
    perform private.replace_site_references(site, p_procedure, $2, p_view, $8, $9, $15, p_from, null);
    insert into public.drls (site_id, procedure_id, label, view_position, quantity, unit, drl_value, target_value,
                             published_value, published_target, published_unit, age_min, age_max, thickness_mm,
                             source, source_url, valid_from, valid_to, notes)
    values (site, p_procedure, coalesce(nullif(btrim($10), ''), procedure_name), p_view, $2,
            private.canonical_dose_unit($2), private.to_canonical_dose($3, $4, $2), private.to_canonical_dose($6, $4, $2),
            $3, $6, $4, $8, $9, $15, $5, $13, p_from, $12, $14)
    returning drls.id into result;
    return result;
  end if;

  update public.drls d
  set procedure_id = p_procedure, label = coalesce(nullif(btrim($10), ''), d.label), view_position = p_view,
      quantity = $2, published_value = $3, published_target = $6, published_unit = $4, age_min = $8, age_max = $9,
      thickness_mm = $15, source = $5, source_url = $13, valid_from = p_from, valid_to = $12, notes = $14
  where d.id = $16 and d.site_id = site
  returning d.id into result;
  if result is null then
    raise exception 'no reference value % in this site', $16 using errcode = '22023';
  end if;
  return result;
end
$$;

-- Removes a value of the department.
create function private.remove_site_reference(id uuid) returns void
language plpgsql volatile security definer set search_path = ''
as $$
declare
  site constant uuid := private.admin_site();
begin
  delete from public.drls d where d.id = $1 and d.site_id = site;
  if not found then
    raise exception 'no reference value % in this site', $1 using errcode = '22023';
  end if;
end
$$;

-- Takes a catalogue value as the department's value for one of its procedures, from today on (it replaces the one
-- that applied to the same procedure, quantity, view, age band and thickness). Returns the new value's id.
create function private.adopt_reference_value(value_id uuid, procedure_id uuid) returns uuid
language plpgsql volatile security definer set search_path = ''
as $$
declare
  site constant uuid := private.admin_site();
  v public.dose_reference_values;
  s public.dose_reference_sets;
  result uuid;
begin
  select * into v from public.dose_reference_values r where r.id = $1;
  if v.id is null then
    raise exception 'no catalogue value %', $1 using errcode = '22023';
  end if;
  if not exists (select 1 from public.procedures p where p.id = $2 and p.site_id = site) then
    raise exception 'no procedure % in this site', $2 using errcode = '22023';
  end if;
  select * into s from public.dose_reference_sets r where r.code = v.set_code;
  perform private.replace_site_references(site, $2, v.quantity, v.view_position, v.age_min, v.age_max, v.thickness_mm, current_date, null);
  insert into public.drls (site_id, procedure_id, label, view_position, quantity, unit, drl_value, target_value,
                           published_value, published_target, published_unit, age_min, age_max, thickness_mm,
                           source, source_url, valid_from, notes, reference_value_id, reference_set)
  values (site, $2, v.label, v.view_position, v.quantity, private.canonical_dose_unit(v.quantity), v.drl_value,
          v.target_value, v.published_drl, v.published_target, v.published_unit, v.age_min, v.age_max, v.thickness_mm,
          s.source, s.source_url, current_date, v.notes, v.id, v.set_code)
  returning drls.id into result;
  return result;
end
$$;

create function public.set_site_reference(
  procedure_id uuid, quantity public.dose_quantity, published_value double precision, published_unit text,
  source text, published_target double precision default null, view_position text default null,
  age_min smallint default null, age_max smallint default null, label text default null, valid_from date default null,
  valid_to date default null, source_url text default null, notes text default null, thickness_mm numeric default null,
  id uuid default null
) returns uuid
language sql volatile security invoker set search_path = ''
as $$ select private.set_site_reference($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) $$;

create function public.remove_site_reference(id uuid) returns void
language sql volatile security invoker set search_path = ''
as $$ select private.remove_site_reference($1) $$;

create function public.adopt_reference_value(value_id uuid, procedure_id uuid) returns uuid
language sql volatile security invoker set search_path = ''
as $$ select private.adopt_reference_value($1, $2) $$;

------------------------------------------------------------------------------------------------------------------
-- privileges
------------------------------------------------------------------------------------------------------------------
revoke all on function private.normalize_unit(text), private.dose_unit_factor(public.dose_quantity, text),
  private.to_canonical_dose(double precision, text, public.dose_quantity), private.canonical_dose_unit(public.dose_quantity),
  private.is_reference_exam(text), private.view_fit(text, text), private.dose_status(double precision, double precision, double precision),
  private.applicable_reference(uuid, uuid, text, smallint, public.dose_quantity, date, double precision)
  from public, anon;
grant execute on function private.normalize_unit(text), private.dose_unit_factor(public.dose_quantity, text),
  private.to_canonical_dose(double precision, text, public.dose_quantity), private.canonical_dose_unit(public.dose_quantity),
  private.is_reference_exam(text), private.view_fit(text, text), private.dose_status(double precision, double precision, double precision),
  private.applicable_reference(uuid, uuid, text, smallint, public.dose_quantity, date, double precision)
  to authenticated, service_role;

revoke all on function private.admin_site(),
  private.replace_site_references(uuid, uuid, public.dose_quantity, text, smallint, smallint, numeric, date, uuid)
  from public, anon, authenticated, service_role;

revoke all on function private.image_dose_reference(text), public.image_dose_reference(text),
  private.set_site_reference(uuid, public.dose_quantity, double precision, text, text, double precision, text, smallint,
                             smallint, text, date, date, text, text, numeric, uuid),
  public.set_site_reference(uuid, public.dose_quantity, double precision, text, text, double precision, text, smallint,
                            smallint, text, date, date, text, text, numeric, uuid),
  private.remove_site_reference(uuid), public.remove_site_reference(uuid),
  private.adopt_reference_value(uuid, uuid), public.adopt_reference_value(uuid, uuid)
  from public, anon, service_role;
grant execute on function private.image_dose_reference(text), public.image_dose_reference(text),
  private.set_site_reference(uuid, public.dose_quantity, double precision, text, text, double precision, text, smallint,
                             smallint, text, date, date, text, text, numeric, uuid),
  public.set_site_reference(uuid, public.dose_quantity, double precision, text, text, double precision, text, smallint,
                            smallint, text, date, date, text, text, numeric, uuid),
  private.remove_site_reference(uuid), public.remove_site_reference(uuid),
  private.adopt_reference_value(uuid, uuid), public.adopt_reference_value(uuid, uuid)
  to authenticated;
