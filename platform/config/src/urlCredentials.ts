/**
 * URLs as IQS shows them: in logs, errors, labels and pages a URL never carries the user name and password that
 * may be written into it (IQS_DICOMWEB_URL=http://user:pass@pacs/…, DATABASE_URL=postgres://iqs:secret@db/iqs).
 */

/** The URL without its user name and password (replaced by ***), or the text unchanged when it is not a URL. */
export function withoutCredentials(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // not parsable: still never show what looks like user:password@ after a scheme
    return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/iu, '$1***@');
  }
  if (!url.username && !url.password) return text;
  url.username = '';
  url.password = '';
  const shown = url.href.replace(/^([a-z][a-z0-9+.-]*:\/\/)/iu, '$1***@');
  // URL.href adds a slash after a bare host: keep the text's own ending
  return text.endsWith('/') || !shown.endsWith('/') || url.pathname !== '/' ? shown : shown.slice(0, -1);
}
