// The letter shown for an app without an icon: the first character a reader sees in its name, a
// grapheme cluster. One UTF-16 unit (slice(0, 1)) cuts "🚀" into a lone surrogate; one code point
// (Array.from) splits a flag "🇫🇷" or a family "👨‍👩‍👧" and drops the accent of "é" typed as e + U+0301.
const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });

function firstGrapheme(text: string): string {
  for (const { segment } of graphemes.segment(text)) return segment;
  return "";
}

/** The first grapheme of the trimmed name, upper-cased where that keeps it one grapheme; "" for a blank name. */
export function initialOf(name: string): string {
  const first = firstGrapheme(name.trim());
  const upper = first.toUpperCase();
  // "ß" upper-cases to "SS": two letters are not an initial.
  return firstGrapheme(upper) === upper ? upper : first;
}
