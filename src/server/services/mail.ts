// Mail: queued in the mail outbox inside the caller's transaction (so a change that rolls back
// sends nothing), sent by the outbox worker through SMTP. Off when SMTP_URL is unset: nothing is
// queued then, and callers see it (mailEnabled, or enqueueMail answering null) and show the link
// on screen instead.
import { createTransport } from "nodemailer";
import type { MailMessage, NewMail } from "@/domain/mail";
import { newMailSchema } from "@/domain/mail";
import { parseOrThrow } from "@/domain/validate";
import type { Store } from "../store/types";
import type { Outbox, SendOutcome } from "./outbox-worker";

export interface MailConfig {
  /** smtp://user:pass@host:587 or smtps://…:465; null turns mail off. */
  smtpUrl: string | null;
  /** The From header, e.g. "Shipyard <shipyard@example.com>". */
  mailFrom: string;
}

export function mailEnabled(config: Pick<MailConfig, "smtpUrl">): boolean {
  return config.smtpUrl !== null;
}

/** Queues a message in `tx`'s transaction; null (nothing queued) when mail is off. */
export async function enqueueMail(tx: Store, config: Pick<MailConfig, "smtpUrl">, raw: NewMail, now = new Date()): Promise<MailMessage | null> {
  const mail = parseOrThrow(newMailSchema, raw, "mail");
  if (!mailEnabled(config)) return null;
  return tx.mail.enqueue({ kind: mail.kind, toAddress: mail.to, subject: mail.subject, text: mail.text }, now);
}

/** The mail outbox for the worker, sending through one pooled SMTP connection. */
export function smtpOutbox(store: Store, config: MailConfig & { smtpUrl: string }): Outbox<MailMessage> {
  const transport = createTransport(config.smtpUrl, { from: config.mailFrom });
  return {
    name: "mail",
    queue: store.mail,
    async send(message): Promise<SendOutcome> {
      try {
        await transport.sendMail({ to: message.toAddress, subject: message.subject, text: message.text });
        return { ok: true };
      } catch (error) {
        // 5xx is the server's final word on this message (unknown mailbox, refused sender): retrying
        // would not change it. 4xx and connection failures are worth another try.
        const code = (error as { responseCode?: number }).responseCode;
        const reason = error instanceof Error ? error.message : String(error);
        return { ok: false, ...(code !== undefined && { status: code }), error: reason, final: code !== undefined && code >= 500 };
      }
    },
  };
}
