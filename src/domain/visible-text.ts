// Text that people read as a promise of what it is (file names, app names on install pages) must
// show every character it holds. Bidi controls reorder what follows them ("setup\u202Ekpa.exe"
// displays as "setupexe.apk"), invisible format characters make two names look identical, and
// control characters or line separators break headers and logs. Zero-width (non-)joiners stay
// allowed: scripts such as Persian and Devanagari, and emoji sequences, need them.

/** Every character the Unicode Bidirectional Algorithm treats as an explicit formatting control. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const CONTROL = /\p{Cc}/u;
const LINE_SEPARATOR = /[\p{Zl}\p{Zp}]/u;
const JOINERS = new Set(["\u200C", "\u200D"]);
const FORMAT = /\p{Cf}/u;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

function loneSurrogate(text: string): string | null {
  for (const c of text) {
    const cp = c.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return c;
  }
  return null;
}

/**
 * Why `text` would not read as what it holds, as "<what> must …" naming the first offending
 * character, or null. `bidiHarm` says what a bidi control could do to this kind of text.
 */
export function hiddenCharacterProblem(text: string, what: string, bidiHarm: string): string | null {
  const lone = loneSurrogate(text);
  if (lone) return `${what} must be valid Unicode (found a lone surrogate ${codePoint(lone)})`;
  for (const c of text) {
    if (BIDI_CONTROL.test(c)) return `${what} must not contain bidirectional control characters (found ${codePoint(c)}): ${bidiHarm}`;
    if (CONTROL.test(c)) return `${what} must not contain control characters (found ${codePoint(c)})`;
    if (LINE_SEPARATOR.test(c)) return `${what} must not contain line or paragraph separators (found ${codePoint(c)})`;
    if (FORMAT.test(c) && !JOINERS.has(c)) return `${what} must not contain invisible formatting characters (found ${codePoint(c)})`;
  }
  return null;
}

// The same characters, for text that was stored before (or without) these checks and is shown
// anyway: recorded audit values, names of actors, what a URL parameter held.
const HIDDEN = /[\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job.
const HIDDEN_BUT_NEWLINE = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/**
 * Text as it may be shown: every control, separator and bidi control replaced by U+FFFD. Line
 * breaks may stay for multi-line text the page lays out itself (pretty-printed JSON).
 */
export function visibleText(value: string, options: { keepNewlines?: boolean } = {}): string {
  return value.replace(options.keepNewlines ? HIDDEN_BUT_NEWLINE : HIDDEN, "\uFFFD");
}
