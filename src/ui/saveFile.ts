/** Hands bytes or a Blob made in the page to the browser's download, under a file name. */

export function saveBytes(bytes: Uint8Array, downloadName: string, type = 'application/octet-stream'): void {
  saveBlob(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), downloadName);
}

export function saveBlob(file: Blob, downloadName: string): void {
  const url = URL.createObjectURL(file);
  const a = document.createElement('a');
  a.href = url;
  a.download = downloadName;
  document.body.append(a);
  a.click();
  a.remove();
  // the download has its own reference to the file by now
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
