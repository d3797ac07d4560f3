import { z } from "zod";
import { hiddenCharacterProblem } from "./visible-text";

// A file name is shown to testers on install pages, in download lists and in Content-Disposition,
// so it must read as what it is (visible-text.ts says which characters would hide something).

/** Why a name cannot be a file name here (one message, naming the first offending character), or null. */
export function filenameProblem(name: string): string | null {
  if (/[/\\]/.test(name)) return "filename must not contain / or \\";
  if (name === "." || name === "..") return "filename must not be . or ..";
  return hiddenCharacterProblem(name, "filename", "they can disguise the file's real extension");
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
