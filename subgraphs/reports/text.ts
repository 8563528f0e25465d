/** One printed block of a report: the HTML and the PDF render the same blocks, and verification reads them back. */
export interface Block {
  style: 'title' | 'subtitle' | 'meta' | 'heading' | 'subheading' | 'item' | 'line' | 'note' | 'break';
  text: string;
}

/** YYYY-MM-DD HH:mm in Taicang (UTC+8, no daylight saving). */
export function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 16);
}
