import { z } from "zod";
import type { OutboxState } from "./outbox";

// Mail Shipyard sends (invitations, password resets, "new build" notices), queued in the mail
// outbox by the change that causes it and sent by the worker through SMTP_URL.

export const MAIL_KINDS = ["invitation", "password_reset", "release_notice", "test"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export interface MailMessage {
  id: string;
  kind: MailKind;
  toAddress: string;
  subject: string;
  text: string;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: Date | null;
  leaseUntil: Date | null;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export const newMailSchema = z.object({
  kind: z.enum(MAIL_KINDS),
  to: z.email("not an email address").max(254),
  // A line break in a subject would be a header injection; nodemailer folds it, this refuses it.
  subject: z
    .string()
    .min(1)
    .max(200)
    .refine((s) => !/[\r\n]/.test(s), { message: "a subject is one line" }),
  text: z.string().max(100_000),
});
export type NewMail = z.input<typeof newMailSchema>;
