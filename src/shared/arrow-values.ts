import { DataType, tableFromIPC, type Table, type Vector } from 'apache-arrow';

/** Field metadata key holding the DuckDB type name (e.g. DECIMAL(18,2)), set by the engine. */
export const DUCKDB_TYPE_METADATA_KEY = 'duckdb_type';

/**
 * A cell as the UI uses it, exact: BIGINT as bigint, DECIMAL as its exact decimal text, DATE as
 * YYYY-MM-DD and TIMESTAMP as YYYY-MM-DD HH:MM:SS[.ffffff] (microseconds kept), text as text.
 */
export type CellValue = null | boolean | number | bigint | string;

export interface DecodedColumn {
  name: string;
  duckdbType: string;
  values: CellValue[];
}

export interface DecodedTable {
  rowCount: number;
  columns: DecodedColumn[];
}

export function decodeArrowIPC(bytes: Uint8Array): DecodedTable {
  const table: Table = tableFromIPC(bytes);
  const columns = table.schema.fields.map((field, index) => {
    const vector = table.getChildAt(index);
    return {
      name: field.name,
      duckdbType: field.metadata.get(DUCKDB_TYPE_METADATA_KEY) ?? String(field.type),
      values: vector ? vectorValues(vector) : new Array<CellValue>(table.numRows).fill(null),
    };
  });
  return { rowCount: table.numRows, columns };
}

function vectorValues(vector: Vector): CellValue[] {
  const out: CellValue[] = [];
  let base = 0;
  for (const data of vector.data) {
    // Choose the reader once per chunk, not per cell: this loop runs for every cell of every page.
    const read = cellReader(vector, data, base);
    const allValid = data.nullCount === 0;
    for (let i = 0; i < data.length; i++) out.push(allValid || data.getValid(i) ? read(i) : null);
    base += data.length;
  }
  return out;
}

function cellReader(vector: Vector, data: Vector['data'][number], base: number): (index: number) => CellValue {
  const type = data.type;
  const values = data.values as ArrayLike<number | bigint>;
  if (DataType.isUtf8(type)) {
    const bytes = data.values as Uint8Array;
    const offsets = data.valueOffsets as Int32Array;
    return (i) => utf8At(bytes, offsets, i);
  }
  if (DataType.isDate(type)) return (i) => formatEpochDays(Number(values[i]));
  if (DataType.isTimestamp(type)) return (i) => formatEpochMicros(BigInt(values[i] as bigint));
  if (DataType.isDecimal(type)) {
    const scale = (type as unknown as { scale: number }).scale;
    return (i) => formatDecimal(values as Uint32Array, i, scale);
  }
  if (DataType.isInt(type) && (type as unknown as { bitWidth: number }).bitWidth === 64) return (i) => BigInt(values[i] as bigint);
  if (DataType.isInt(type) || DataType.isFloat(type)) return (i) => Number(values[i]);
  if (DataType.isBool(type)) return (i) => Boolean(vector.get(base + i));
  return (i) => String(vector.get(base + i));
}

const utf8 = new TextDecoder();

function utf8At(bytes: Uint8Array, offsets: Int32Array, index: number): string {
  const start = offsets[index] ?? 0;
  const end = offsets[index + 1] ?? start;
  return start === end ? '' : utf8.decode(bytes.subarray(start, end));
}

const MS_PER_DAY = 86_400_000;

export function formatEpochDays(days: number): string {
  return new Date(days * MS_PER_DAY).toISOString().slice(0, 10);
}

export function formatEpochMicros(micros: bigint): string {
  let seconds = micros / 1_000_000n;
  let fraction = micros % 1_000_000n;
  if (fraction < 0n) {
    fraction += 1_000_000n;
    seconds -= 1n;
  }
  const text = new Date(Number(seconds) * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return fraction === 0n ? text : `${text}.${fraction.toString().padStart(6, '0')}`;
}

function formatDecimal(words: Uint32Array, index: number, scale: number): string {
  let unscaled = 0n;
  for (let w = 3; w >= 0; w--) unscaled = (unscaled << 32n) | BigInt(words[index * 4 + w] ?? 0);
  unscaled = BigInt.asIntN(128, unscaled);
  const negative = unscaled < 0n;
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0');
  const text = scale > 0 ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return negative ? `-${text}` : text;
}
