/**
 * A small RFC-4180 record splitter for decoded *samples* (detection and preview only — the load
 * itself is DuckDB's read_csv). Quoted fields may hold delimiters, doubled quotes and newlines.
 */
export interface CsvRecord {
  /** 0-based physical line the record starts on. */
  line: number;
  fields: string[];
}

export function splitRecords(text: string, delimiter: string, quote: string, maxRecords = Infinity): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 0;
  let recordLine = 0;
  let fieldStarted = false;
  for (let i = 0; i < text.length && records.length < maxRecords; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (quote !== '' && ch === quote && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if ((field !== '' || fields.length > 0) && records.length < maxRecords) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  return records;
}

/** Drops the last line of a sample when the sample was cut in the middle of it. */
export function completeLines(text: string, cut: boolean): string {
  if (!cut) return text;
  const last = text.lastIndexOf('\n');
  return last < 0 ? text : text.slice(0, last + 1);
}
