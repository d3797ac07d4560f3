import { z } from "zod";

// A file name is shown to testers on install pages, in download lists and in Content-Disposition,
// so it must read as what it is. Bidi controls reorder what follows them: "setup\u202Ekpa.exe"
// displays as "setupexe.apk". Invisible format characters make two names look identical, and
// control characters or line separators break headers and logs. Zero-width (non-)joiners stay
// allowed: scripts such as Persian and Devanagari, and emoji sequences, need them.

/** Every character the Unicode Bidirectional Algorithm treats as an explicit formatting control. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u;
const CONTROL = /\p{Cc}/u;
const LINE_SEPARATOR = /[\p{Zl}\p{Zp}]/u;
const JOINERS = new Set(["\u200C", "\u200D"]);
const FORMAT = /\p{Cf}/u;

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;

function loneSurrogate(name: string): string | null {
  for (const c of name) {
    const cp = c.codePointAt(0) ?? 0;
    if (cp >= 0xd800 && cp <= 0xdfff) return c;
  }
  return null;
}

/** Why a name cannot be a file name here (one message, naming the first offending character), or null. */
export function filenameProblem(name: string): string | null {
  const lone = loneSurrogate(name);
  if (lone) return `filename must be valid Unicode (found a lone surrogate ${codePoint(lone)})`;
  if (/[/\\]/.test(name)) return "filename must not contain / or \\";
  if (name === "." || name === "..") return "filename must not be . or ..";
  for (const c of name) {
    if (BIDI_CONTROL.test(c)) {
      return `filename must not contain bidirectional control characters (found ${codePoint(c)}): they can disguise the file's real extension`;
    }
    if (CONTROL.test(c)) return `filename must not contain control characters (found ${codePoint(c)})`;
    if (LINE_SEPARATOR.test(c)) return `filename must not contain line or paragraph separators (found ${codePoint(c)})`;
    if (FORMAT.test(c) && !JOINERS.has(c)) return `filename must not contain invisible formatting characters (found ${codePoint(c)})`;
  }
  return null;
}

/** A file name as shown to testers and sent in Content-Disposition: one path segment, visible characters only. */
export const filenameSchema = z
  .string({ error: "filename must be a string" })
  .min(1, "filename must not be empty")
  .max(255, "filename must be at most 255 characters")
  .superRefine((name, ctx) => {
    const problem = filenameProblem(name);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
