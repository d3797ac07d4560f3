// A real SMTP server on loopback (smtp-server) that keeps every message it accepts, with the plain
// text body decoded, for tests that follow mail end to end.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface CaughtMail {
  to: string[];
  raw: string;
  subject: string;
  /** The text/plain body, transfer encoding undone, CRLF as LF. */
  text: string;
}

export interface MailCatcher {
  url: string;
  received: CaughtMail[];
  /** Waits until `count` messages arrived (or `attempts` × 100 ms passed); the ones received so far. */
  waitFor(count: number, attempts?: number): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

const header = (head: string, name: string) =>
  new RegExp(`^${name}: (.*(?:\\r\\n[ \\t].*)*)$`, "mi")
    .exec(head)?.[1]
    ?.replace(/\r\n[ \t]/g, " ")
    .trim() ?? "";

function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r\n/g, "").replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** The message's text: the whole body of a single-part text/plain message, as nodemailer writes one. */
export function textOf(raw: string): string {
  const split = raw.indexOf("\r\n\r\n");
  const head = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = header(head, "Content-Transfer-Encoding").toLowerCase();
  const text = encoding === "quoted-printable" ? decodeQuotedPrintable(body) : encoding === "base64" ? Buffer.from(body, "base64").toString("utf8") : body;
  return text.replace(/\r\n/g, "\n");
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const received: CaughtMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, subject: header(head, "Subject"), text: textOf(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    async waitFor(count, attempts = 100) {
      for (let i = 0; i < attempts && received.length < count; i++) await new Promise((r) => setTimeout(r, 100));
      return received;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
