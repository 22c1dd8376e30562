/**
 * The reject analysis's own styles, beside the shared ones (ui/styles.ts), injected once. Printing: while the
 * section prints it puts the class iqs-print-rejects on <html>; then only the section shows, black on white on A4
 * (ui/styles.ts's @page).
 */
export const PRINT_CLASS = 'iqs-print-rejects';

const CSS = `
.iqs-reject-analysis .iqs-stats-controls { align-items: flex-end; }
.iqs-reject-filters { display: flex; flex-wrap: wrap; gap: 6px 10px; margin: 0 0 10px; align-items: flex-start; }
.iqs-reject-filters > .iqs-field { margin-bottom: 0; }
.iqs-multi { position: relative; border: 1px solid #3a5a78; border-radius: 4px; background: #06121e; font-size: 13px; }
.iqs-multi > summary { cursor: pointer; padding: 4px 8px; color: #d6e4f0; list-style: none; white-space: nowrap; }
.iqs-multi > summary::-webkit-details-marker { display: none; }
.iqs-multi > summary::after { content: ' ▾'; color: #9ab0c4; }
.iqs-multi[open] > summary::after { content: ' ▴'; }
.iqs-multi .iqs-multi-count { color: #5acce6; }
.iqs-multi-options { position: absolute; z-index: 5; top: 100%; left: -1px; min-width: 220px; max-height: 260px; overflow-y: auto; padding: 6px 8px;
  display: flex; flex-direction: column; gap: 3px; background: #0b1a2a; border: 1px solid #3a5a78; border-radius: 4px; box-shadow: 0 4px 12px #000a; }
.iqs-multi-options .iqs-subheading { margin: 6px 0 2px; }
.iqs-reject-toolbar { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 6px 0 10px; }
.iqs-reject-toolbar .iqs-spacer { flex: 1 1 auto; }
.iqs-reject-note { color: #9ab0c4; font-size: 12px; margin: 4px 0; }
.iqs-reject-table td, .iqs-reject-table th { white-space: nowrap; }
.iqs-reject-table tr.iqs-scope-own th, .iqs-reject-table tr.iqs-scope-own td { background: #0e2438; }
.iqs-reject-table tr.iqs-period-first > * { border-top: 2px solid #3a5a78; }
.iqs-reject-table tr.iqs-selected > * { outline: 1px solid #5acce6; outline-offset: -1px; }
.iqs-page .iqs-figure { border: 0; background: none; padding: 0 2px; margin: 0; color: #5acce6; text-decoration: underline dotted; text-underline-offset: 3px;
  font: inherit; cursor: pointer; }
.iqs-page .iqs-figure:hover { color: #ffffff; }
.iqs-flag { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 12px; border: 1px solid currentColor; }
.iqs-flag-above_investigation { color: #ff8a80; }
.iqs-flag-above_target { color: #fff176; }
.iqs-flag-below_investigation { color: #b0bec5; }
.iqs-rate-above_investigation { color: #ff8a80; font-weight: 600; }
.iqs-rate-above_target { color: #fff176; }
.iqs-rate-below_investigation { color: #b0bec5; }
.iqs-reject-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 480px), 1fr)); gap: 12px 20px; margin-top: 12px; }
.iqs-reject-grid > section { min-width: 0; }
.iqs-reject-analysis h3 { font-size: 14px; font-weight: 600; color: #5acce6; margin: 14px 0 6px; }
.iqs-share-cell { display: grid; grid-template-columns: 3.6em minmax(40px, 1fr); gap: 6px; align-items: center; }
.iqs-reject-exposure { margin-top: 16px; }
.iqs-reject-exposure table { max-width: 980px; }
.iqs-reject-drill { margin-top: 12px; padding: 10px; border: 1px solid #5acce6; border-radius: 4px; background: #06121e; }
.iqs-reject-drill header { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.iqs-reject-drill h3 { margin: 0; flex: 1 1 auto; }
.iqs-reject-drill .iqs-table-scroll { max-height: 420px; overflow-y: auto; }
.iqs-print-only { display: none; }

@media print {
  html.${PRINT_CLASS}, html.${PRINT_CLASS} body { background: #ffffff !important; height: auto !important; overflow: visible !important; }
  html.${PRINT_CLASS} body *:not(:has(.iqs-reject-analysis)):not(.iqs-reject-analysis):not(.iqs-reject-analysis *) { display: none !important; }
  html.${PRINT_CLASS} *:has(.iqs-reject-analysis) { display: block !important; position: static !important; overflow: visible !important;
    height: auto !important; min-height: 0 !important; max-height: none !important; width: auto !important; transform: none !important;
    margin: 0 !important; padding: 0 !important; border: 0 !important; background: #ffffff !important; }
  html.${PRINT_CLASS} body * { visibility: hidden; }
  html.${PRINT_CLASS} .iqs-reject-analysis, html.${PRINT_CLASS} .iqs-reject-analysis * { visibility: visible; }
  html.${PRINT_CLASS} .iqs-reject-analysis { position: static; width: 100%; padding: 0; border: 0; color: #000000 !important;
    background: #ffffff !important; font-size: 9.5pt; }
  html.${PRINT_CLASS} .iqs-reject-analysis * { color: #000000 !important; background: transparent !important; border-color: #888888 !important;
    box-shadow: none !important; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-no-print { display: none !important; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-print-only { display: block !important; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-table-scroll { overflow: visible !important; max-height: none !important; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-figure { text-decoration: none; padding: 0; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-chart { height: 220px; break-inside: avoid; }
  /* the charts are drawn for the dark screen: inverted (and their hues turned back) they read on paper */
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-chart canvas { filter: invert(1) hue-rotate(180deg); }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-reject-grid { display: block !important; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-table th, html.${PRINT_CLASS} .iqs-reject-analysis .iqs-table td { padding: 2px 4px; }
  html.${PRINT_CLASS} .iqs-reject-analysis tr { break-inside: avoid; }
  html.${PRINT_CLASS} .iqs-reject-analysis h3 { break-after: avoid; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-share-fill { background: #555555 !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  html.${PRINT_CLASS} .iqs-reject-analysis .iqs-share-bar { background: #dddddd !important; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
`;

const STYLE_ID = 'iqs-reject-analysis-styles';

export function ensureRejectAnalysisStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
