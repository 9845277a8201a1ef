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
  for (const data of vector.data) {
    const type = data.type;
    const values = data.values as ArrayLike<number | bigint>;
    for (let i = 0; i < data.length; i++) {
      if (!data.getValid(i)) {
        out.push(null);
        continue;
      }
      if (DataType.isDate(type)) out.push(formatEpochDays(Number(values[i])));
      else if (DataType.isTimestamp(type)) out.push(formatEpochMicros(BigInt(values[i] as bigint)));
      else if (DataType.isDecimal(type)) out.push(formatDecimal(values as Uint32Array, i, (type as unknown as { scale: number }).scale));
      else if (DataType.isInt(type) && (type as unknown as { bitWidth: number }).bitWidth === 64) out.push(BigInt(values[i] as bigint));
      else if (DataType.isInt(type) || DataType.isFloat(type)) out.push(Number(values[i]));
      else if (DataType.isBool(type)) out.push(Boolean(vector.get(offsetOf(vector, data, i))));
      else out.push(String(vector.get(offsetOf(vector, data, i))));
    }
  }
  return out;
}

function offsetOf(vector: Vector, data: Vector['data'][number], index: number): number {
  let offset = 0;
  for (const chunk of vector.data) {
    if (chunk === data) return offset + index;
    offset += chunk.length;
  }
  return index;
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
