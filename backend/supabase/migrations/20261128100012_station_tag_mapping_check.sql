-- A station's tag mapping is checked when an admin writes it, so a typo is refused at once with the station named,
-- instead of stopping the next ingestion run. The shape is checked here: 8 hex digits, a known IQS field, a unit
-- as text. Whether the unit is one IQS can convert (spellings vary: "dGy·cm²", "dGy.cm2") is the ingestion's check
-- (domain/units.ts), which refuses to run with a mapping it cannot apply.

create function private.is_valid_tag_mapping(mapping jsonb) returns boolean
  language sql immutable
  set search_path = ''
as $$
  select jsonb_typeof(mapping) = 'array'
     and not exists (
       select 1 from jsonb_array_elements(mapping) as entry
       where jsonb_typeof(entry) <> 'object'
          or coalesce(entry ->> 'tag', '') !~ '^[0-9A-Fa-f]{8}$'
          -- the fields of MAPPABLE_FIELDS in domain/tagMapping.ts (a test keeps the two lists equal)
          or coalesce(entry ->> 'field', '') not in ('dap_gy_cm2', 'organ_dose_mgy', 'ctdivol_mgy', 'dlp_mgy_cm',
               'body_part_thickness_mm', 'exposure_index', 'target_exposure_index', 'deviation_index')
          or (entry ? 'unit' and jsonb_typeof(entry -> 'unit') <> 'string')
     )
$$;

grant execute on function private.is_valid_tag_mapping(jsonb) to authenticated, service_role;

alter table public.stations drop constraint stations_tag_mapping_check;
alter table public.stations add constraint stations_tag_mapping_valid check (private.is_valid_tag_mapping(tag_mapping));
comment on constraint stations_tag_mapping_valid on public.stations is
  'tag_mapping: a list of { "tag": 8 hex digits, "field": an IQS field, "unit": text }';
