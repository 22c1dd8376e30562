-- Rooms (DICOM StationName) and how their modality fills the DICOM tags IQS reads. Vendors do not always fill
-- the standard tags, so each station can map a private or non-standard tag to an IQS field, with its unit.

create table public.stations (
  id uuid primary key default gen_random_uuid(),
  site_id uuid not null references public.sites (id),
  -- as the modality writes it in (0008,1010)
  station_name text not null check (length(btrim(station_name)) > 0),
  display_name text,
  modality text not null check (modality ~ '^[A-Z]{2,4}$'),
  manufacturer text,
  model text,
  -- [{ "tag": "00191006", "field": "dap_gy_cm2", "unit": "dGy·cm²" }, …]: read by the ingestion
  tag_mapping jsonb not null default '[]'::jsonb check (jsonb_typeof(tag_mapping) = 'array'),
  active boolean not null default true,
  created_at timestamptz not null default now(),
  unique (site_id, station_name),
  unique (site_id, id)
);
comment on table public.stations is 'Rooms by DICOM StationName, with their modality, vendor and tag mapping.';

create trigger stations_keep_site before update on public.stations
  for each row execute function private.keep_site();

revoke all on public.stations from anon, authenticated;
grant select, insert, update, delete on public.stations to authenticated;
alter table public.stations enable row level security;

create policy stations_select on public.stations for select to authenticated
  using (site_id = (select private.current_site_id()));
create policy stations_write on public.stations for all to authenticated
  using (site_id = (select private.current_site_id()) and (select private.has_role('admin')))
  with check (site_id = (select private.current_site_id()) and (select private.has_role('admin')));
