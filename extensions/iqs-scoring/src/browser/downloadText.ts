/** Saves text as a file through the browser (a Blob and a temporary link). */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // revoked once the download has surely taken the URL
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
