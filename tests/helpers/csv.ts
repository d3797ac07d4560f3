/**
 * A strict RFC 4180 reader for checking exports: records end in CRLF, quoted fields may hold
 * commas, quotes (doubled) and line breaks; a stray quote or an unterminated field throws.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  const endRecord = () => {
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error("unterminated quoted field");
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.length && text[i] !== "," && text[i] !== "\r" && text[i] !== "\n") {
        if (text[i] === '"') throw new Error(`stray quote at ${i}`);
        field += text[i++];
      }
    }
    record.push(field);
    if (text[i] === ",") {
      i++;
      if (i === text.length) throw new Error("record ends with a comma");
    } else if (text.startsWith("\r\n", i)) {
      i += 2;
      endRecord();
    } else if (i < text.length) {
      throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text[i])}`);
    }
  }
  if (record.length) throw new Error("last record is not terminated by CRLF");
  return records;
}

/** Undoes the export's spreadsheet-formula guard: a leading apostrophe before = + - @ tab or CR. */
export function unguardCell(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** CSV text with a header row as objects keyed by the header (guards removed). */
export function csvObjects(text: string): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new Error("no header row");
  return rows.map((row) => {
    if (row.length !== header.length) throw new Error(`record has ${row.length} fields, header has ${header.length}`);
    return Object.fromEntries(header.map((name, i) => [name, unguardCell(row[i] ?? "")]));
  });
}
