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
`;

const STYLE_ID = 'iqs-styles';

export function ensureStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
