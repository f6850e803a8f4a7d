/** A timestamp (ISO string or epoch ms) in the viewer's locale; '' when absent. */
export function formatTime(value: string | number | undefined | null, language?: string): string {
  if (value === undefined || value === null || value === '') return '';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  return date.toLocaleString(language);
}
