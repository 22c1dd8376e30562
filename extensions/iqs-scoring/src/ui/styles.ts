/**
 * Our own styles: the host's compiled Tailwind holds only the classes the host itself uses, so IQS components
 * cannot rely on it. Injected once, scoped by the iqs- prefix; colours follow OHIF's dark theme.
 */
const CSS = `
.iqs-panel { font-family: inherit; font-size: 13px; color: #d6e4f0; padding: 8px 10px; line-height: 1.35; }
.iqs-panel h2 { font-size: 14px; font-weight: 600; color: #5acce6; margin: 0 0 8px; }
.iqs-panel .iqs-message { color: #9ab0c4; }
.iqs-facts { margin: 0; display: grid; grid-template-columns: minmax(0, 45%) minmax(0, 55%); column-gap: 8px; row-gap: 4px; }
.iqs-fact { display: contents; }
.iqs-fact dt { color: #9ab0c4; overflow-wrap: anywhere; hyphens: auto; }
.iqs-fact dd { margin: 0; color: #ffffff; overflow-wrap: anywhere; }
.iqs-fact dd.iqs-unknown { color: #6b7f92; font-style: italic; }
.iqs-overlay-dose { white-space: nowrap; }
.iqs-account, .iqs-signin { border-bottom: 1px solid #1f3a52; padding-bottom: 10px; margin-bottom: 10px; }
.iqs-account p { margin: 0 0 6px; }
.iqs-role { color: #5acce6; }
.iqs-signin label { display: block; color: #9ab0c4; margin-bottom: 6px; }
.iqs-signin input { display: block; width: 100%; box-sizing: border-box; margin-top: 2px; padding: 4px 6px; border-radius: 4px;
  border: 1px solid #3a5a78; background: #0b1a2a; color: #ffffff; font: inherit; }
.iqs-panel button { margin-top: 4px; padding: 4px 10px; border-radius: 4px; border: 1px solid #5acce6; background: #0e2e45;
  color: #ffffff; font: inherit; cursor: pointer; }
.iqs-panel button:disabled { opacity: 0.5; cursor: default; }
.iqs-error { color: #ff8a80; }

.iqs-sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
.iqs-muted { color: #9ab0c4; }
.iqs-eyebrow { margin: 0 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: 0.06em; color: #9ab0c4; }
.iqs-badge { display: inline-block; margin: 0 0 6px; padding: 1px 6px; border: 1px solid #9ab0c4; border-radius: 3px; font-size: 11px; color: #d6e4f0; }
.iqs-notice { margin: 0 0 8px; padding: 6px 8px; border-left: 3px solid #9ab0c4; background: #0f2233; color: #d6e4f0; }
.iqs-hint { color: #9ab0c4; font-size: 12px; margin: 6px 0; }
.iqs-panel kbd { display: inline-block; min-width: 1.4em; padding: 0 4px; border: 1px solid #3a5a78; border-bottom-width: 2px; border-radius: 3px;
  background: #0b1a2a; color: #d6e4f0; font: 600 11px/1.5 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; text-align: center; }
.iqs-panel button:focus-visible, .iqs-panel [tabindex]:focus-visible, .iqs-panel input:focus-visible, .iqs-panel textarea:focus-visible,
.iqs-panel select:focus-visible, .iqs-page button:focus-visible, .iqs-page input:focus-visible, .iqs-page select:focus-visible {
  outline: 2px solid #ffd54f; outline-offset: 1px; }
.iqs-panel button.iqs-secondary, .iqs-page button.iqs-secondary { border-color: #3a5a78; background: transparent; }
.iqs-panel button.iqs-primary, .iqs-page button.iqs-primary { background: #1b5e7e; border-color: #5acce6; font-weight: 600; }
.iqs-panel button.iqs-danger { border-color: #ff8a80; background: #4a1512; }
.iqs-link-button.iqs-link-button { border: 0; background: none; padding: 0; margin: 4px 0 0; color: #5acce6; font-size: 12px; }
.iqs-table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
.iqs-table th, .iqs-table td { padding: 4px 6px; border-bottom: 1px solid #1f3a52; text-align: left; vertical-align: top; font-weight: normal; }
.iqs-table thead th { color: #9ab0c4; font-size: 11px; text-transform: uppercase; letter-spacing: 0.04em; }
.iqs-table .iqs-num { text-align: right; white-space: nowrap; }

/* worklist (left panel) */
.iqs-worklist { display: flex; flex-direction: column; height: 100%; box-sizing: border-box; }
.iqs-worklist h2 { margin-bottom: 6px; overflow-wrap: anywhere; }
.iqs-progress { display: grid; grid-template-columns: auto 1fr; align-items: center; column-gap: 8px; row-gap: 2px; margin-bottom: 8px; }
.iqs-progress-count { font-size: 18px; font-weight: 600; color: #ffffff; font-variant-numeric: tabular-nums; }
.iqs-progress-bar { display: block; height: 6px; border-radius: 3px; background: #1f3a52; overflow: hidden; }
.iqs-progress-bar > span { display: block; height: 100%; background: #5acce6; }
.iqs-progress-detail { grid-column: 1 / -1; color: #9ab0c4; font-size: 12px; }
.iqs-worklist-list { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1 1 auto; min-height: 0; }
.iqs-worklist-list li { margin: 0 0 2px; }
.iqs-panel button.iqs-worklist-item { display: grid; grid-template-columns: 2em 1.4em minmax(0, 1fr); align-items: start; gap: 4px; width: 100%;
  margin: 0; padding: 5px 6px; text-align: left; border: 1px solid transparent; border-left-width: 3px; background: transparent; color: #d6e4f0; }
.iqs-panel button.iqs-worklist-item:hover { background: #0e2438; }
.iqs-panel button.iqs-worklist-item.iqs-current { background: #12324b; border-color: #5acce6; border-left-color: #5acce6; color: #ffffff; }
.iqs-worklist-pos { color: #9ab0c4; font-variant-numeric: tabular-nums; text-align: right; }
.iqs-state-mark { font-size: 14px; line-height: 1.2; }
.iqs-state-to_do .iqs-state-mark { color: #9ab0c4; }
.iqs-state-scored .iqs-state-mark { color: #7bd88f; }
.iqs-state-skipped .iqs-state-mark { color: #ffb74d; }
.iqs-state-skipped .iqs-worklist-procedure { text-decoration: line-through; text-decoration-color: #ffb74d; }
.iqs-worklist-main { display: flex; flex-direction: column; min-width: 0; }
.iqs-worklist-procedure { font-weight: 600; overflow-wrap: anywhere; }
.iqs-worklist-meta, .iqs-worklist-operators { font-size: 12px; color: #9ab0c4; overflow-wrap: anywhere; }
.iqs-hidden-operator { font-style: italic; }
.iqs-worklist-actions { display: flex; flex-wrap: wrap; gap: 6px; padding-top: 8px; border-top: 1px solid #1f3a52; margin-top: 8px; }
.iqs-confirm { flex-basis: 100%; padding: 6px 8px; border: 1px solid #ff8a80; border-radius: 4px; }
.iqs-confirm p { margin: 0 0 4px; }
.iqs-confirm button { margin-right: 6px; }

/* scoring (right panel) */
.iqs-scoring { display: flex; flex-direction: column; gap: 6px; }
.iqs-scoring-header h2 { margin: 0 0 2px; overflow-wrap: anywhere; }
.iqs-scoring-header p { margin: 0; }
.iqs-form-title { font-size: 12px; color: #9ab0c4; }
.iqs-sync { display: flex; align-items: center; gap: 6px; padding: 4px 8px; border-radius: 4px; border: 1px solid #1f3a52; font-size: 12px; position: sticky; top: 0; z-index: 1; background: #06121e; }
.iqs-sync-mark { font-size: 14px; }
.iqs-sync-text { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.iqs-sync-saved .iqs-sync-mark { color: #7bd88f; }
.iqs-sync-waiting { border-color: #ffb74d; }
.iqs-sync-waiting .iqs-sync-mark { color: #ffb74d; }
.iqs-sync-failed { border-color: #ff8a80; background: #2a0f0d; }
.iqs-sync-failed .iqs-sync-mark { color: #ff8a80; }
.iqs-sync-error { display: block; color: #ffcdc8; }
.iqs-panel .iqs-sync button { margin: 0; padding: 2px 8px; }
.iqs-criteria { display: flex; flex-direction: column; gap: 4px; }
.iqs-criterion { padding: 6px 8px; border: 1px solid #1f3a52; border-left: 3px solid #1f3a52; border-radius: 4px; background: #07141f; }
.iqs-criterion.iqs-answered { border-left-color: #7bd88f; }
.iqs-criterion.iqs-focused, .iqs-criterion:focus-within { border-color: #5acce6; background: #0c2233; }
.iqs-criterion:focus { outline: none; box-shadow: 0 0 0 2px #ffd54f; }
.iqs-criterion.iqs-missing { border-color: #ff8a80; border-left-color: #ff8a80; }
.iqs-criterion-head { display: flex; gap: 6px; align-items: baseline; }
.iqs-criterion-number { color: #9ab0c4; font-size: 11px; font-variant-numeric: tabular-nums; }
.iqs-criterion-label { font-weight: 600; color: #ffffff; overflow-wrap: anywhere; }
.iqs-required { color: #ffb74d; }
.iqs-criterion-help { margin: 2px 0 0; font-size: 12px; color: #9ab0c4; }
.iqs-options { display: flex; flex-wrap: wrap; gap: 4px; margin-top: 4px; }
.iqs-options-choice, .iqs-options-grade { flex-direction: column; }
.iqs-panel button.iqs-option { display: inline-flex; align-items: center; gap: 5px; margin: 0; padding: 3px 8px 3px 4px; border-color: #3a5a78;
  background: #0b1a2a; color: #d6e4f0; text-align: left; }
.iqs-options-scale .iqs-option { flex: 1 1 0; justify-content: center; padding-left: 4px; padding-right: 4px; min-width: 2.6em; }
.iqs-options-scale .iqs-option-label { display: none; }
.iqs-panel button.iqs-option.iqs-checked { background: #1b5e7e; border-color: #5acce6; color: #ffffff; font-weight: 600; }
.iqs-panel button.iqs-option:disabled { opacity: 0.45; }
.iqs-panel button.iqs-option.iqs-checked:disabled { opacity: 1; }
.iqs-option-check { margin-left: auto; }
.iqs-panel .iqs-comment, .iqs-panel .iqs-remark { display: block; width: 100%; box-sizing: border-box; margin-top: 4px; padding: 4px 6px; border-radius: 4px;
  border: 1px solid #3a5a78; background: #0b1a2a; color: #ffffff; font: inherit; resize: vertical; }
.iqs-missing-alert { padding: 6px 8px; border: 1px solid #ff8a80; border-radius: 4px; background: #2a0f0d; color: #ffcdc8; }
.iqs-all-answered { color: #7bd88f; }
.iqs-scoring-actions { display: flex; flex-wrap: wrap; gap: 6px; justify-content: space-between; padding-top: 6px; border-top: 1px solid #1f3a52; }
.iqs-scoring-actions .iqs-primary { margin-left: auto; }
.iqs-keys-help { margin: 0; font-size: 11px; color: #6b7f92; }

/* rejected images (IQS panel): the mark, the reason picker, the rejects to explain */
.iqs-reject { display: flex; flex-direction: column; gap: 6px; border-bottom: 1px solid #1f3a52; }
.iqs-reject-mark { display: flex; flex-direction: column; gap: 2px; padding: 6px 8px; border: 2px solid #ff6b5e; border-radius: 4px; background: #3a0f0b; }
.iqs-reject-mark-word { color: #ff8a80; font-size: 15px; letter-spacing: 0.04em; text-transform: uppercase; }
.iqs-reject-mark-detail { color: #ffdad6; font-size: 12px; }
.iqs-iocm-note { display: flex; flex-direction: column; gap: 2px; padding: 6px 8px; border: 1px dashed #ffd54f; border-radius: 4px; color: #ffe9a8; }
.iqs-iocm-note .iqs-reject-mark-detail { color: #d6e4f0; }
.iqs-reject-reason-line { margin: 0; }
.iqs-reject-from-modality { display: inline-block; padding: 0 5px; border: 1px solid #ffb74d; border-radius: 3px; color: #ffcc80; font-size: 11px; }
.iqs-reject-picker { display: flex; flex-direction: column; gap: 4px; padding: 6px 8px; border: 1px solid #3a5a78; border-radius: 4px; background: #07141f; }
.iqs-reject-picker:focus-within { border-color: #5acce6; }
.iqs-reject-picker-title { margin: 0; font-size: 13px; font-weight: 600; color: #ffffff; }
.iqs-reject-suggested { margin: 0; padding: 4px 6px; border-left: 3px solid #ffb74d; background: #2a1f0b; color: #ffe0b2; font-size: 12px; }
.iqs-reject-search { margin: 0; font-size: 12px; color: #6b7f92; }
.iqs-reject-search.iqs-reject-searching { color: #ffd54f; }
.iqs-reject-reasons { position: relative; max-height: 14em; overflow-y: auto; border: 1px solid #1f3a52; border-radius: 4px; padding: 2px; }
.iqs-reject-reasons:focus { outline: 2px solid #ffd54f; outline-offset: 1px; }
.iqs-reject-category { margin: 4px 4px 1px; font-size: 10px; color: #9ab0c4; text-transform: uppercase; letter-spacing: 0.06em; }
.iqs-reject-reason { display: flex; align-items: center; gap: 5px; padding: 2px 4px; border-radius: 3px; cursor: pointer; color: #d6e4f0; }
.iqs-reject-reason:hover { background: #0e2438; }
.iqs-reject-reason.iqs-checked { background: #1b5e7e; color: #ffffff; font-weight: 600; }
.iqs-reject-reason .iqs-kbd-empty { visibility: hidden; }
.iqs-reject-reason-label { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
.iqs-reject-code { color: #9ab0c4; font-weight: normal; font-size: 11px; }
.iqs-reject-comment { display: flex; flex-direction: column; gap: 2px; color: #9ab0c4; font-size: 12px; }
.iqs-panel .iqs-reject-comment input { padding: 4px 6px; border-radius: 4px; border: 1px solid #3a5a78; background: #0b1a2a; color: #ffffff; font: inherit; }
.iqs-reject-actions { display: flex; gap: 6px; justify-content: flex-end; }
.iqs-reject-markable .iqs-hint { margin-top: 2px; }
.iqs-count-badge { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 8px; background: #4a1512; border: 1px solid #ff8a80; color: #ffdad6; font-size: 11px; font-weight: 600; vertical-align: middle; }
.iqs-to-explain { border-top: 1px solid #1f3a52; }
.iqs-reject-list { position: relative; list-style: none; margin: 0; padding: 0; max-height: 18em; overflow-y: auto; }
.iqs-reject-list li { margin: 0 0 2px; }
.iqs-panel button.iqs-reject-item { display: flex; flex-direction: column; width: 100%; margin: 0; padding: 4px 6px; text-align: left; border: 1px solid transparent;
  border-left: 3px solid #ff8a80; background: transparent; color: #d6e4f0; }
.iqs-panel button.iqs-reject-item:hover { background: #0e2438; }
.iqs-panel button.iqs-reject-item.iqs-current { background: #12324b; border-color: #5acce6; color: #ffffff; }
.iqs-reject-item-main { font-weight: 600; overflow-wrap: anywhere; }
.iqs-reject-item-meta, .iqs-reject-item-suggested { font-size: 12px; color: #9ab0c4; }
.iqs-reject-item-suggested { color: #ffcc80; }
.iqs-to-explain-page { margin-top: 8px; }

/* evaluation summary */
.iqs-summary h3 { font-size: 13px; font-weight: 600; color: #5acce6; margin: 14px 0 6px; }
.iqs-summary-header p { margin: 0 0 4px; }
.iqs-summary-subtitle { color: #9ab0c4; }
.iqs-compared { color: #9ab0c4; font-size: 12px; }
.iqs-summary-actions { display: flex; gap: 6px; flex-wrap: wrap; }
/* in the viewer's narrow side panel the change column goes (the bar's marker shows "before"), and a table that is
   still too wide scrolls instead of being cut off */
.iqs-summary { container-type: inline-size; }
@container (max-width: 360px) {
  .iqs-summary-criteria th:nth-child(4), .iqs-summary-criteria td:nth-child(4) { display: none; }
  .iqs-summary-criteria th, .iqs-summary-criteria td { padding: 4px 3px; }
}
.iqs-share-bar { display: block; position: relative; height: 4px; margin-top: 3px; background: #1f3a52; border-radius: 2px; }
.iqs-share-fill { display: block; height: 100%; background: #5acce6; border-radius: 2px; }
.iqs-share-previous { position: absolute; top: -2px; width: 2px; height: 8px; margin-left: -1px; background: #ffffff; }
.iqs-fraction, .iqs-na { font-size: 11px; }
.iqs-na { display: block; }
.iqs-change-better { color: #7bd88f; }
.iqs-change-worse { color: #ff8a80; }
.iqs-grades, .iqs-faults { list-style: none; margin: 0; padding: 0; }
.iqs-grades li { display: grid; grid-template-columns: minmax(0, 8em) minmax(0, 1fr) 5.5em; gap: 8px; align-items: center; margin-bottom: 3px; }
.iqs-grade-bar { display: block; height: 8px; background: #1f3a52; border-radius: 2px; }
.iqs-grade-bar > span { display: block; height: 100%; background: #5acce6; border-radius: 2px; }
.iqs-panel button.iqs-fault { display: flex; flex-direction: column; width: 100%; margin: 0 0 3px; text-align: left; border-color: #3a5a78; background: #0b1a2a; }
.iqs-fault-title { font-weight: 600; }
.iqs-fault-detail { font-size: 12px; color: #d6e4f0; }

/* the IQS page (/iqs) */
.iqs-page { box-sizing: border-box; min-height: 100%; height: 100%; overflow-y: auto; padding: 16px 20px 40px; background: #000000; color: #d6e4f0;
  font-size: 14px; line-height: 1.4; }
.iqs-page *, .iqs-page *::before, .iqs-page *::after { box-sizing: border-box; }
.iqs-page-header { display: flex; align-items: center; gap: 16px; flex-wrap: wrap; margin: 0 auto 16px; max-width: 1200px; }
.iqs-page-header h1 { font-size: 20px; font-weight: 600; color: #ffffff; margin: 0; flex: 1 1 auto; }
.iqs-page-header a { color: #5acce6; }
.iqs-page-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; max-width: 1200px; margin: 0 auto; }
.iqs-card { background: #0b1a2a; border: 1px solid #1f3a52; border-radius: 6px; padding: 12px 14px; min-width: 0; }
.iqs-card-wide { grid-column: 1 / -1; }
.iqs-card h2 { font-size: 16px; font-weight: 600; color: #5acce6; margin: 0 0 10px; }
.iqs-page .iqs-panel { padding: 0; }
.iqs-page .iqs-account, .iqs-page .iqs-signin { border-bottom: 0; margin-bottom: 0; padding-bottom: 0; }
.iqs-page .iqs-signin { max-width: 360px; }
.iqs-page button { padding: 5px 12px; border-radius: 4px; border: 1px solid #5acce6; background: #0e2e45; color: #ffffff; font: inherit; cursor: pointer; }
.iqs-page button:disabled { opacity: 0.5; cursor: default; }
.iqs-page input[type="text"], .iqs-page input[type="number"], .iqs-page input[type="date"], .iqs-page input[type="email"], .iqs-page input[type="password"],
.iqs-page select { padding: 4px 6px; border-radius: 4px; border: 1px solid #3a5a78; background: #06121e; color: #ffffff; font: inherit; color-scheme: dark; max-width: 100%; }
.iqs-page fieldset { border: 1px solid #1f3a52; border-radius: 4px; margin: 0 0 10px; padding: 6px 10px 8px; min-width: 0; }
.iqs-page legend { color: #9ab0c4; padding: 0 4px; font-size: 12px; }
.iqs-field { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; color: #9ab0c4; font-size: 12px; }
.iqs-field > input, .iqs-field > select { font-size: 14px; }
.iqs-row { display: flex; flex-wrap: wrap; gap: 12px; }
.iqs-row > .iqs-field { flex: 1 1 140px; }
.iqs-uses { display: flex; flex-direction: column; gap: 4px; }
.iqs-use { display: grid; grid-template-columns: auto 1fr; column-gap: 8px; align-items: baseline; padding: 6px 8px; border: 1px solid #1f3a52; border-radius: 4px; cursor: pointer; }
.iqs-use:has(input:checked) { border-color: #5acce6; background: #0e2438; }
.iqs-use-name { color: #ffffff; font-weight: 600; }
.iqs-use-help { grid-column: 2; color: #9ab0c4; font-size: 12px; }
.iqs-checks { display: flex; flex-wrap: wrap; gap: 2px 14px; max-height: 9.5em; overflow-y: auto; }
.iqs-check { display: inline-flex; align-items: center; gap: 5px; color: #d6e4f0; font-size: 13px; }
.iqs-check:has(input:disabled) { color: #8fa3b5; }
.iqs-count { margin: 8px 0; padding: 6px 10px; border-radius: 4px; border: 1px solid #1f3a52; background: #06121e; }
.iqs-count strong { color: #ffffff; font-size: 16px; }
.iqs-count.iqs-count-none { border-color: #ff8a80; color: #ffcdc8; }
.iqs-count.iqs-count-fewer { border-color: #ffb74d; }
.iqs-start-result { margin-top: 8px; padding: 6px 10px; border: 1px solid #7bd88f; border-radius: 4px; }
.iqs-evaluations { list-style: none; margin: 0; padding: 0; }
.iqs-evaluation { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 2px 10px; align-items: center; padding: 8px 0; border-bottom: 1px solid #1f3a52; }
.iqs-evaluation-name { color: #ffffff; font-weight: 600; overflow-wrap: anywhere; }
.iqs-evaluation-meta { grid-column: 1; font-size: 12px; color: #9ab0c4; }
.iqs-evaluation > button { grid-row: 1 / span 2; grid-column: 2; }
.iqs-evaluation-summary { grid-column: 1 / -1; margin-top: 8px; padding: 10px; border: 1px solid #1f3a52; border-radius: 4px; background: #06121e; }
.iqs-subheading { font-size: 12px; color: #9ab0c4; text-transform: uppercase; letter-spacing: 0.06em; margin: 10px 0 4px; }
.iqs-stats-controls { display: flex; flex-wrap: wrap; gap: 8px 14px; margin-bottom: 10px; }
.iqs-chart { position: relative; height: 280px; margin-bottom: 12px; }
.iqs-table-scroll { overflow-x: auto; }
.iqs-page .iqs-error { color: #ff8a80; }

/* clinical lessons (lessons/LessonsSection.tsx, LessonDetail.tsx, AddToLesson.tsx): on the page and in the viewer's panel */
.iqs-lesson-field { display: flex; flex-direction: column; gap: 2px; margin-bottom: 6px; color: #9ab0c4; font-size: 12px; min-width: 0; }
.iqs-lesson-field input[type="text"], .iqs-lesson-field select, .iqs-lesson-field textarea { width: 100%; padding: 4px 6px; border-radius: 4px;
  border: 1px solid #3a5a78; background: #06121e; color: #ffffff; font: inherit; font-size: 13px; color-scheme: dark; box-sizing: border-box; }
.iqs-lesson-field textarea { resize: vertical; min-height: 3.2em; }
.iqs-page textarea:focus-visible, .iqs-lesson-field select:focus-visible, .iqs-lesson-pick:focus-visible, .iqs-lesson-import:focus-within {
  outline: 2px solid #ffd54f; outline-offset: 1px; }
.iqs-lesson-grow { flex: 1 1 220px; }
.iqs-lesson-actions { display: flex; flex-wrap: wrap; align-items: center; gap: 6px; }
.iqs-lesson-actions button { margin-top: 0; }
.iqs-lesson-tools { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 10px 18px; margin: 4px 0 8px; }
.iqs-lesson-create { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 8px 12px; flex: 1 1 420px; }
.iqs-lesson-create .iqs-lesson-field { margin-bottom: 0; }
.iqs-lesson-create .iqs-check { padding-bottom: 6px; }
.iqs-lesson-import { position: relative; display: inline-flex; flex-direction: column; gap: 2px; color: #9ab0c4; font-size: 12px; cursor: pointer; border-radius: 4px; }
.iqs-lesson-import-button { display: inline-block; padding: 5px 12px; border-radius: 4px; border: 1px solid #5acce6; background: #0e2e45; color: #ffffff;
  font-size: 14px; }
.iqs-lesson-import:hover .iqs-lesson-import-button { background: #12324b; }
.iqs-lesson-import:has(input:disabled) .iqs-lesson-import-button { opacity: 0.5; }
/* the file input itself is invisible (its button speaks the browser's language, not the page's) but keeps the focus */
.iqs-lesson-import-input { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
.iqs-lesson-list { list-style: none; margin: 0; padding: 0; }
.iqs-lesson-row { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 4px 12px; align-items: center; padding: 8px 6px; border-bottom: 1px solid #1f3a52; }
.iqs-lesson-row-open { background: #0e2438; border-radius: 4px; }
.iqs-lesson-row-main { display: flex; flex-direction: column; min-width: 0; }
.iqs-lesson-row-title { color: #ffffff; font-weight: 600; overflow-wrap: anywhere; }
.iqs-lesson-row-meta { font-size: 12px; color: #9ab0c4; }
.iqs-lesson-row-description { font-size: 12px; color: #d6e4f0; overflow-wrap: anywhere; }
.iqs-lesson-row > .iqs-error, .iqs-lesson-row > .iqs-lesson-detail { grid-column: 1 / -1; }
.iqs-lesson-badge { display: inline-block; padding: 0 6px; border: 1px solid #3a5a78; border-radius: 8px; font-size: 11px; color: #9ab0c4; }
.iqs-lesson-badge-shared { border-color: #7bd88f; color: #b9f0c4; }
.iqs-lesson-detail { margin-top: 6px; padding: 10px 12px; border: 1px solid #3a5a78; border-radius: 4px; background: #06121e; }
.iqs-lesson-detail-header { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; margin-bottom: 6px; }
.iqs-lesson-detail-header h3 { margin: 0; font-size: 15px; color: #ffffff; overflow-wrap: anywhere; }
.iqs-lesson-detail-header .iqs-lesson-actions { margin-left: auto; }
.iqs-lesson-description { margin: 4px 0; white-space: pre-wrap; }
.iqs-lesson-owner { display: flex; flex-direction: column; gap: 4px; margin: 8px 0; padding: 8px 0; border-top: 1px solid #1f3a52; border-bottom: 1px solid #1f3a52; }
.iqs-lesson-inline { display: flex; flex-wrap: wrap; align-items: flex-end; gap: 6px 10px; }
.iqs-lesson-inline .iqs-lesson-field { margin-bottom: 0; }
.iqs-lesson-confirm { padding: 6px 8px; border: 1px solid #ff8a80; border-radius: 4px; background: #2a0f0d; }
.iqs-lesson-confirm p { margin: 0 0 6px; color: #ffdad6; }
.iqs-lesson-confirm button { margin: 0 6px 0 0; }
.iqs-page button.iqs-lesson-danger, .iqs-panel button.iqs-lesson-danger { border-color: #ff8a80; background: #4a1512; }
.iqs-lesson-cases { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
.iqs-lesson-case { padding: 8px 10px; border: 1px solid #1f3a52; border-left: 3px solid #5acce6; border-radius: 4px; background: #0b1a2a; }
.iqs-lesson-case-head { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 6px; margin-bottom: 4px; }
.iqs-lesson-case-head strong { color: #ffffff; }
.iqs-lesson-images { list-style: none; margin: 0 0 6px; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.iqs-lesson-image { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 8px; }
.iqs-lesson-image-head { color: #ffffff; font-weight: 600; }
.iqs-lesson-status { padding: 0 6px; border: 1px solid #7bd88f; border-radius: 3px; font-size: 11px; color: #b9f0c4; }
.iqs-lesson-status-rejected { border-color: #ff8a80; color: #ffdad6; background: #3a0f0b; }
.iqs-lesson-facts { flex-basis: 100%; list-style: none; margin: 0; padding: 0; font-size: 12px; color: #d6e4f0; }
.iqs-lesson-teaching { margin-top: 4px; }
.iqs-lesson-teaching .iqs-lesson-field { margin-bottom: 4px; }
.iqs-lesson-teaching-point { margin: 4px 0 0; white-space: pre-wrap; }
.iqs-lesson-result { margin: 6px 0; padding: 4px 8px; border-left: 3px solid #7bd88f; background: #0d2418; color: #d6f5dc; }
.iqs-lesson-result p { margin: 0 0 4px; }
.iqs-lesson-warning { margin: 4px 0 0; color: #ffe0b2; }
.iqs-lesson-missing { margin: 2px 0 0; padding-left: 18px; }
.iqs-lesson-missing code { font-size: 11px; overflow-wrap: anywhere; }
.iqs-lesson-add { margin: 6px 0; }
.iqs-lesson-add-hint { margin-left: 8px; }
.iqs-lesson-add-form { display: flex; flex-direction: column; gap: 2px; max-width: 460px; padding: 8px 10px; border: 1px solid #3a5a78; border-radius: 4px; background: #07141f; }
.iqs-lesson-add-form:focus-within { border-color: #5acce6; }
.iqs-lesson-add-title { margin: 0 0 4px; font-weight: 600; color: #ffffff; }
.iqs-lesson-pickable { display: flex; align-items: flex-start; gap: 6px; }
.iqs-lesson-pickable > button { flex: 1 1 auto; min-width: 0; }
.iqs-lesson-pick { margin: 4px 2px 0; width: 15px; height: 15px; accent-color: #5acce6; cursor: pointer; }
.iqs-lesson-panel { border-top: 1px solid #1f3a52; }
@media (max-width: 560px) { .iqs-lesson-narrow-hide { display: none; } }

/* IQS's prints are on A4: the reject analysis (pages/rejectAnalysisStyles.ts); the evaluation summary and quality
   reports print their own sheet (the reports' rules below) */
@page { size: A4; margin: 15mm; }
/* the yearly coverage plan (coverage/CoverageSection.tsx): done green, to do amber, not performed grey; the matrix
   scrolls sideways with the names kept in view (30 radiographers × 12 examinations) */
.iqs-coverage-year { max-width: 140px; }
.iqs-coverage-done { color: #81c784; }
.iqs-coverage-todo { color: #ffb74d; font-weight: 600; }
.iqs-coverage-none { color: #5f7386; }
.iqs-coverage-matrix caption { text-align: left; caption-side: top; padding: 4px 0; }
.iqs-coverage-matrix th.iqs-coverage-name { position: sticky; left: 0; background: #0b1a2a; z-index: 1; white-space: nowrap; }
.iqs-coverage-matrix th.iqs-coverage-procedure { max-width: 7em; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-size: 11px; }
.iqs-coverage-cell { text-align: center; white-space: nowrap; font-size: 13px; }
.iqs-coverage-images { color: #9ab0c4; font-size: 11px; }
.iqs-coverage-peers tr.iqs-coverage-due th { color: #ffb74d; }
.iqs-coverage-peer-own { margin: 8px 0; }
.iqs-coverage-own-table th, .iqs-coverage-own-table td { vertical-align: middle; }
.iqs-page button.iqs-coverage-start { margin: 0; }
.iqs-coverage-targets { margin-top: 12px; padding: 8px; border: 1px solid #2c3e50; border-radius: 4px; }
.iqs-coverage-targets input[aria-invalid="true"] { outline: 2px solid #ff8a80; }
/* the visitatie indicators (indicators/IndicatorsSection.tsx): a value per period with its counts under it, the
   trend as an arrow beside it; the table scrolls sideways with the names in view (12 months) */
.iqs-indicator-controls { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 6px 0; }
.iqs-indicator-scroll { overflow-x: auto; }
.iqs-indicator-table caption { text-align: left; caption-side: top; padding: 4px 0; color: #9ab0c4; }
.iqs-indicator-table th.iqs-indicator-name { position: sticky; left: 0; background: #0b1a2a; z-index: 1; text-align: left; min-width: 14em; }
.iqs-indicator-cell { text-align: right; white-space: nowrap; vertical-align: top; }
.iqs-indicator-value { font-weight: 600; font-size: 15px; }
.iqs-indicator-missing { color: #5f7386; font-weight: 400; }
.iqs-indicator-counts { display: block; color: #9ab0c4; font-size: 11px; }
.iqs-indicator-trend { margin-left: 4px; font-size: 11px; color: #9ab0c4; }
.iqs-indicator-definition td { background: #10243a; font-size: 13px; white-space: normal; }
.iqs-indicator-definition p { margin: 2px 0; }
.iqs-indicator-note { font-size: 12px; }
/* follow-up actions (actions/ActionsSection.tsx): an overdue action says so in words and stands out in colour */
.iqs-action-list { list-style: none; margin: 0; padding: 0; }
.iqs-action-item { border: 1px solid #2c3e50; border-left: 4px solid #5acce6; border-radius: 4px; padding: 8px 10px; margin: 0 0 8px; }
.iqs-action-item.iqs-action-overdue { border-left-color: #ff8a80; background: rgba(255, 138, 128, 0.08); }
.iqs-action-head { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.iqs-action-title { font-weight: 600; }
.iqs-action-state { border: 1px solid #9ab0c4; border-radius: 3px; padding: 0 6px; font-size: 12px; }
.iqs-action-state-done { border-color: #81c784; color: #81c784; }
.iqs-action-state-cancelled { color: #9ab0c4; text-decoration: line-through; }
.iqs-action-meta { display: flex; gap: 12px; flex-wrap: wrap; font-size: 13px; color: #9ab0c4; margin: 4px 0; }
.iqs-action-overdue-note { color: #ff8a80; font-weight: 600; margin: 4px 0; }
.iqs-action-late { color: #ffb74d; }
.iqs-action-on-time { color: #81c784; }
.iqs-page button.iqs-action-finding-link { background: none; border: 0; padding: 0; color: #5acce6; text-decoration: underline; cursor: pointer; }
.iqs-action-form { display: flex; flex-direction: column; gap: 6px; margin: 8px 0; padding: 8px; border: 1px solid #2c3e50; border-radius: 4px; }
.iqs-action-form label { display: flex; flex-direction: column; gap: 2px; font-size: 13px; }
.iqs-action-form-row { display: flex; gap: 8px; flex-wrap: wrap; }
.iqs-action-form-buttons, .iqs-action-filters { display: flex; gap: 8px; flex-wrap: wrap; margin: 6px 0; }
.iqs-action-new { margin: 6px 0; }
.iqs-action-section > button.iqs-primary { margin: 4px 0; }
.iqs-action-filters label { display: flex; flex-direction: column; gap: 2px; font-size: 13px; color: #9ab0c4; }
.iqs-action-form input, .iqs-action-form select, .iqs-action-form textarea, .iqs-action-filters select { padding: 4px 6px; border-radius: 4px;
  border: 1px solid #3a5a78; background: #06121e; color: #ffffff; font: inherit; font-size: 13px; color-scheme: dark; box-sizing: border-box; }
.iqs-action-form textarea { width: 100%; min-height: 3.2em; resize: vertical; }
.iqs-action-form input[name="title"] { width: 100%; }
.iqs-action-form input:disabled, .iqs-action-form select:disabled, .iqs-action-form textarea:disabled { opacity: 0.55; cursor: not-allowed; }
/* the quality reports (reports/ReportsSection.tsx, reports/ReportPage.tsx): the report shows as paper on the page; its
   toolbar, editor and messages stay off the printed pages, which are the report's own (its @page rules: A4) */
.iqs-reports-controls { display: flex; gap: 12px; flex-wrap: wrap; align-items: flex-end; margin: 6px 0; }
.iqs-reports-page { padding: 12px 12px 32px; background: #0b1a2a; }
.iqs-reports-toolbar, .iqs-reports-editor, .iqs-reports-message { max-width: 190mm; margin: 0 auto 10px; }
.iqs-reports-toolbar { display: flex; gap: 8px; align-items: center; }
.iqs-reports-editor { display: flex; flex-direction: column; gap: 4px; }
.iqs-reports-editor textarea { width: 100%; font: inherit; }
.iqs-reports-editor textarea[aria-invalid="true"] { outline: 2px solid #ff8a80; }
.iqs-reports-paper { box-shadow: 0 2px 12px rgba(0, 0, 0, 0.5); max-width: 190mm; margin: 0 auto; }
@media print {
  html.iqs-print-report, html.iqs-print-report body { background: #fff !important; height: auto !important; overflow: visible !important; }
  html.iqs-print-report body *:not(:has(.iqs-reports-paper)):not(.iqs-reports-paper):not(.iqs-reports-paper *) { display: none !important; }
  html.iqs-print-report *:has(.iqs-reports-paper) { display: block !important; position: static !important; overflow: visible !important;
    height: auto !important; min-height: 0 !important; max-height: none !important; width: auto !important; transform: none !important;
    margin: 0 !important; padding: 0 !important; border: 0 !important; background: #fff !important; }
  html.iqs-print-report .iqs-reports-paper, html.iqs-print-report .iqs-reports-paper * { visibility: visible !important; }
  html.iqs-print-report .iqs-reports-paper { box-shadow: none; max-width: none; }
}
/* a multi-slice series as one worklist item (panels/WorklistPanel.tsx) and the start form's series count */
.iqs-s1-series { display: block; font-size: 12px; color: #7fd3c4; }
.iqs-s1-hint { font-size: 12px; color: #9ab0c4; margin: 2px 0 0; }
/* an evaluation's summary on its own page, full width (pages/EvaluationSummaryPage.tsx): the summary on screen, its
   print sheet (the reports' A4 paper) only in print; the narrow summaries link to it ("Open full summary (CSV, print)") */
.iqs-e-summary-page { padding: 12px 16px 32px; background: #0b1a2a; min-height: 100vh; box-sizing: border-box; }
.iqs-page .iqs-e-summary-toolbar, .iqs-e-summary-page .iqs-reports-message { max-width: 1200px; }
.iqs-e-summary-wide { max-width: 1200px; margin: 0 auto; }
.iqs-e-summary-wide-view { font-size: 15px; }
.iqs-e-summary-wide-view .iqs-summary-criteria th[scope="row"] { min-width: 22em; }
.iqs-e-summary-wide-view .iqs-faults { columns: 2 26em; column-gap: 16px; }
.iqs-e-summary-wide-view .iqs-faults li { break-inside: avoid; }
.iqs-e-open-wide { display: inline-block; margin-top: 4px; padding: 4px 10px; border: 1px solid #5acce6; border-radius: 4px;
  background: #0e2e45; color: #ffffff; text-decoration: none; }
.iqs-e-open-wide:hover { background: #1b5e7e; }
.iqs-e-open-wide:focus-visible { outline: 2px solid #ffd54f; outline-offset: 1px; }
@media screen { .iqs-e-sheet { display: none; } }
.iqs-e-date-error { color: #ff8a80; margin: 4px 0 0; font-size: 13px; }
/* scoring forms (part F): what each scale value means and which answers meet (forms/MetMarks.tsx) */
.iqs-options.iqs-f-labelled { flex-direction: column; }
.iqs-options-scale.iqs-f-labelled .iqs-option { justify-content: flex-start; flex: 0 0 auto; }
.iqs-f-meaning { text-align: left; }
.iqs-f-met { margin-left: auto; font-size: 11px; font-weight: 700; }
.iqs-f-met-true { color: #7bd88f; }
.iqs-f-met-false { color: #ff8a80; }
.iqs-f-met-uncounted { color: #9ab0c4; }
.iqs-panel button.iqs-option.iqs-checked .iqs-f-met { color: #ffffff; }
.iqs-option-check { margin-left: 4px; }
.iqs-f-met-rule { margin: 2px 0 0; font-size: 11px; color: #9ab0c4; }
/* the form editor on /iqs (forms/FormsSection.tsx) */
.iqs-f-editor { display: flex; flex-direction: column; gap: 10px; }
.iqs-f-editor label { display: flex; flex-direction: column; gap: 2px; font-size: 13px; }
.iqs-f-editor input[type="text"], .iqs-f-editor input[type="number"], .iqs-f-editor select, .iqs-f-editor textarea { font: inherit; padding: 3px 6px; }
.iqs-f-row { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; }
.iqs-f-row > label { flex: 1 1 14em; }
.iqs-f-row > label.iqs-f-narrow { flex: 0 0 6em; }
.iqs-f-row > label.iqs-f-check { flex: 0 0 auto; flex-direction: row; align-items: center; gap: 4px; }
.iqs-f-criterion { border: 1px solid #3a5a78; border-radius: 4px; padding: 8px; display: flex; flex-direction: column; gap: 6px; }
.iqs-f-criterion-head { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
.iqs-f-criterion-head h4 { margin: 0; flex: 1 1 auto; }
.iqs-f-answers { display: flex; flex-direction: column; gap: 4px; padding-left: 12px; border-left: 2px solid #1f3a52; }
.iqs-f-errors { border: 1px solid #ff8a80; border-radius: 4px; padding: 6px 10px; color: #ffcdc8; background: #2a0f0d; }
.iqs-f-errors ul { margin: 4px 0 0; padding-left: 18px; }
.iqs-f-saved { color: #7bd88f; }
.iqs-f-confirm { border: 1px solid #ffb74d; border-radius: 4px; padding: 6px 10px; background: #2a1f0d; }
.iqs-f-retired ul { margin: 4px 0 0; padding-left: 18px; }
.iqs-f-retired li { margin: 4px 0; }
.iqs-f-actions { display: flex; gap: 8px; flex-wrap: wrap; }
/* Dutch words kept whole (part K): a label wraps between words, after a hyphen, or where the browser's
   hyphenation for the root's lang (IQS's page and panels set it) puts one, never at an arbitrary letter.
   overflow-wrap: anywhere let a grid or flex column shrink below its longest word: the image facts' label column
   (45% of the panel) cut "Dosis-oppervlakteproduct" to "Dosis-oppervlakteproduc t". break-word still breaks a
   word wider than the whole panel rather than let it overflow; values (UIDs, names) keep anywhere. */
.iqs-panel, .iqs-page { hyphens: auto; -webkit-hyphens: auto; }
.iqs-facts { grid-template-columns: fit-content(55%) minmax(0, 1fr); }
.iqs-fact dt, .iqs-worklist h2, .iqs-worklist-procedure, .iqs-scoring-header h2, .iqs-criterion-label, .iqs-reject-reason-label,
.iqs-reject-item-main { overflow-wrap: break-word; }
/* the language of a whole viewer panel, without a box of its own (panels/getPanelModule.tsx) */
.iqs-k-lang-root { display: contents; }
.iqs-k-language-switch { display: inline-flex; gap: 4px; }
.iqs-page .iqs-k-language-switch button { padding: 2px 8px; border-radius: 4px; border: 1px solid #3a5a78; background: transparent;
  color: #d6e4f0; font: inherit; cursor: pointer; }
.iqs-page .iqs-k-language-switch button.iqs-k-language-current { border-color: #5acce6; background: #0e2e45; color: #ffffff; font-weight: 600; }
`;

const STYLE_ID = 'iqs-styles';

export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
