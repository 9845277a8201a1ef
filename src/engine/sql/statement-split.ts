/**
 * Splits an SQL script at the semicolons that end statements — not those inside 'strings',
 * "identifiers", -- line comments, /* block comments *\/ or $tag$ dollar-quoted $tag$ text. The SQL
 * console uses it only to find the script's last statement; DuckDB's own parser stays the judge (the
 * console checks that the pieces prepare to the statements DuckDB found).
 */
export function splitStatements(script: string): string[] {
  const statements: string[] = [];
  let start = 0;
  let i = 0;
  while (i < script.length) {
    const ch = script[i] as string;
    if (ch === "'" || ch === '"') {
      i = skipQuoted(script, i, ch);
    } else if (ch === '-' && script[i + 1] === '-') {
      const end = script.indexOf('\n', i);
      i = end < 0 ? script.length : end + 1;
    } else if (ch === '/' && script[i + 1] === '*') {
      const end = script.indexOf('*/', i + 2);
      i = end < 0 ? script.length : end + 2;
    } else if (ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(script.slice(i))?.[0];
      if (tag) {
        const end = script.indexOf(tag, i + tag.length);
        i = end < 0 ? script.length : end + tag.length;
      } else i++;
    } else if (ch === ';') {
      statements.push(script.slice(start, i));
      start = ++i;
    } else i++;
  }
  statements.push(script.slice(start));
  return statements.filter((s) => !isBlank(s));
}

/** The index after the closing quote; a doubled quote inside is an escaped one. */
function skipQuoted(script: string, open: number, quote: string): number {
  let i = open + 1;
  while (i < script.length) {
    if (script[i] === quote) {
      if (script[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return script.length;
}

/** Only whitespace and comments. */
function isBlank(statement: string): boolean {
  return statement.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim() === '';
}

/** The statement's first keyword, upper-case, after any leading comments and parentheses. */
export function leadingKeyword(statement: string): string {
  const text = statement.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/|\()*/, '');
  return /^[A-Za-z]+/.exec(text)?.[0]?.toUpperCase() ?? '';
}
