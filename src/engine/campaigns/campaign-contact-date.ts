import { addDays } from '../sql/window-bounds';

/** The planned date, moved past quiet dates (holidays, blackout days) to the next allowed day. */
export function contactDateOf(plannedDate: string, quietDates: readonly string[]): string {
  const quiet = new Set(quietDates);
  let date = plannedDate;
  // At most 366 quiet dates, so this ends within 367 steps.
  while (quiet.has(date)) date = addDays(date, 1);
  return date;
}
