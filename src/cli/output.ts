/** Where the CLI writes: results on stdout (parseable), everything for humans on stderr. */
export interface Output {
  /** The command's result, one value per line (e.g. a token, a URL). */
  result(line: string): void;
  /** Machine output for --json. */
  json(value: unknown): void;
  /** Messages for people; never parsed. */
  info(line: string): void;
  /** Progress redraws (a TTY status line); silent when stderr is not a terminal. */
  progress(line: string, done?: boolean): void;
}

export function consoleOutput(): Output {
  const tty = Boolean(process.stderr.isTTY);
  return {
    result: (line) => process.stdout.write(`${line}\n`),
    json: (value) => process.stdout.write(`${JSON.stringify(value, null, 2)}\n`),
    info: (line) => process.stderr.write(`${line}\n`),
    progress(line, done = false) {
      if (tty) {
        process.stderr.write(`\r\x1b[2K${line}${done ? "\n" : ""}`);
      } else if (done) {
        process.stderr.write(`${line}\n`);
      }
    },
  };
}
