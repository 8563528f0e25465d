import { fileURLToPath } from 'node:url';
import { openSync, type Font } from 'fontkit';

/** Noto Sans SC from an npm package (OFL-1.1): Chinese renders on any machine, no system fonts needed. */
export const FONT_FILE = fileURLToPath(new URL('../fonts/NotoSansHans-Regular.otf', import.meta.resolve('@embedpdf/fonts-sc')));

const RADICALS = { from: 0x2e80, to: 0x2fdf };
const isIdeograph = (cp: number) => (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf);

let equivalents: Map<string, string> | undefined;

/**
 * The ideograph each CJK radical stands for in the report's font. The font draws 页 and the radical ⻚
 * (U+2EDA) with one glyph, and a printer that writes the glyph's text back (Chromium's PDFs do) may
 * write the radical. Kangxi radicals (U+2F00…) have compatibility decompositions, most of the CJK
 * Radicals Supplement (U+2E80…) have none: this table, read from the font's own character map, says
 * which ideograph shares the glyph. Read once, when first needed.
 */
export function radicalEquivalents(): Map<string, string> {
  if (equivalents) return equivalents;
  const font = openSync(FONT_FILE) as Font;
  const byGlyph = new Map<number, number[]>();
  for (const cp of font.characterSet) {
    const glyph = font.glyphForCodePoint(cp).id;
    byGlyph.set(glyph, [...(byGlyph.get(glyph) ?? []), cp]);
  }
  equivalents = new Map();
  for (const cps of byGlyph.values()) {
    const ideograph = cps.find(isIdeograph);
    if (ideograph === undefined) continue;
    for (const cp of cps)
      if (cp >= RADICALS.from && cp <= RADICALS.to) equivalents.set(String.fromCodePoint(cp), String.fromCodePoint(ideograph));
  }
  return equivalents;
}
