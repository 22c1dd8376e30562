-- Sampling on a large index (bench:evaluation, 3 million images): three things cost more than the draw itself.
--  1. "Made by this radiographer" read image_operators through its RLS policy, which looked up each row's image
--     through the images policy: for a radiographer with 70,000 images, 70,000 nested lookups. The policy now says
--     the same thing directly: an operator row is visible where its image is (same site, as the foreign key on
--     (site_id, image_id) guarantees; a reviewer, quality officer or admin, or one of the image's operators).
--  2. Finding the candidates read the table row of every image of the procedure (or room, modality) and period, only
--     to learn whether it was rejected: the filter indexes now carry what the filter reads, so the draw reads
--     indexes alone (index-only scans on a vacuumed table, as autovacuum keeps it).
--  3. PostgreSQL's JIT compiled the dynamic statement on every call (a quarter of a second) to return 20 rows.

alter policy image_operators_select on public.image_operators
  using (
    site_id = (select private.current_site_id())
    and ((select private.has_role('reviewer', 'quality_officer', 'admin')) or private.is_operator_of(image_id))
  );

drop index public.image_operators_person_image_idx;
create index image_operators_person_image_idx on public.image_operators (person_id, image_id) include (site_id);

drop index public.images_site_procedure_idx;
create index images_site_procedure_idx on public.images (site_id, procedure_id, study_date) include (id, rejected);
drop index public.images_site_station_idx;
create index images_site_station_idx on public.images (site_id, station_id, study_date) include (id, rejected, procedure_id);
drop index public.images_site_modality_idx;
create index images_site_modality_idx on public.images (site_id, modality, study_date) include (id, rejected, procedure_id);
drop index public.images_site_date_idx;
create index images_site_date_idx on public.images (site_id, study_date) include (id, rejected, procedure_id);

alter function public.count_sample_candidates(public.evaluation_use, uuid, jsonb) set jit = off;
alter function public.draw_sample(public.evaluation_use, uuid, jsonb, integer, bigint) set jit = off;
