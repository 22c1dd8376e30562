/**
 * The dose sections' own styles, beside the shared ones (ui/styles.ts) and the analysis look they share with the
 * reject analysis (rejectAnalysisStyles.ts: filters, notes, tables, grid). The dose sections do not carry the class
 * iqs-reject-analysis: that class is what the reject analysis's print sheet keeps.
 */
const CSS = `
.iqs-dose-analysis .iqs-stats-controls, .iqs-dose-references .iqs-stats-controls { align-items: flex-end; }
.iqs-dose-analysis h3, .iqs-dose-references h3 { font-size: 14px; font-weight: 600; color: #5acce6; margin: 14px 0 6px; }
.iqs-dose-analysis .iqs-share-bar > span:first-child { border-radius: 3px 0 0 3px; }
.iqs-dose-references form .iqs-field { margin-bottom: 0; }
`;

const STYLE_ID = 'iqs-dose-analysis-styles';

export function ensureDoseAnalysisStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
