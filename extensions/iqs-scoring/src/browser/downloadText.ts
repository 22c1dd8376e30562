/** Saves a Blob as a file through the browser (a temporary link). */
function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // revoked once the download has surely taken the URL
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Saves text as a file through the browser. */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  downloadBlob(fileName, new Blob([text], { type }));
}

/** Saves bytes as a file through the browser (a lesson's KOS: application/dicom). */
export function downloadBytes(fileName: string, bytes: Uint8Array, type = 'application/dicom'): void {
  // a copy in a fresh ArrayBuffer: a view into a larger (or shared) buffer would save the whole buffer
  downloadBlob(fileName, new Blob([bytes.slice().buffer as ArrayBuffer], { type }));
}
