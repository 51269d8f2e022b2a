/**
 * Saves `blob` as a file named `name` in the browser (H5): the link a person would click, made
 * and clicked for her. The object URL is let go once the click has handed the file over.
 */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
