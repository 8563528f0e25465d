/** One printed block of a report: the HTML and the PDF render the same blocks, and verification reads them back. */
export interface Block {
  style: 'title' | 'subtitle' | 'meta' | 'heading' | 'subheading' | 'item' | 'line' | 'note' | 'break';
  text: string;
}
