-- Reject analysis: the site's target and investigation thresholds for the reject rate, drawn as lines on the trend
-- and used to flag rows of reject_analysis(). The defaults (8 % target, investigate above 10 % and below 5 %) are
-- [U] unconfirmed guidance after AAPM TG-151 (shared/reference/analysis.md §1), not a standard: each department sets
-- its own, and the number of images below which a row is too small to flag (default 20, also [U]). The site's admin changes them (policy sites_update); they are fractions, 0..1.

alter table public.sites
  add column reject_target_rate numeric not null default 0.08
    check (reject_target_rate >= 0 and reject_target_rate <= 1),
  add column reject_investigate_above numeric not null default 0.10
    check (reject_investigate_above >= 0 and reject_investigate_above <= 1),
  add column reject_investigate_below numeric not null default 0.05
    check (reject_investigate_below >= 0 and reject_investigate_below <= 1),
  -- a rate over a handful of images is noise: rows with fewer images are not flagged
  add column reject_flag_min_images integer not null default 20 check (reject_flag_min_images >= 1),
  add constraint sites_reject_thresholds_order check (reject_investigate_below <= reject_investigate_above);

comment on column public.sites.reject_target_rate is
  'Target reject rate (0..1). Default 0.08: unconfirmed guidance after AAPM TG-151, set by the site.';
comment on column public.sites.reject_investigate_above is
  'Investigate when a reject rate is above this (0..1). Default 0.10: unconfirmed guidance after AAPM TG-151.';
comment on column public.sites.reject_investigate_below is
  'Investigate when a reject rate is below this (0..1): too few rejects suggests unrecorded retakes. Default 0.05: unconfirmed guidance after AAPM TG-151.';
comment on column public.sites.reject_flag_min_images is
  'Rows of the reject analysis with fewer images than this are not flagged. Default 20: unconfirmed guidance (the minimum numbers quoted for dose surveys), set by the site.';
