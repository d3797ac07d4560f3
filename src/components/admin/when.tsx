import { formatRelativeTime, formatUtc } from "@/domain/relative-time";

/** A date as "3 hours ago", with the exact UTC time on hover and for assistive tech that reads titles. */
export function When({ date, now }: { date: Date; now: Date }) {
  return (
    <time dateTime={date.toISOString()} title={formatUtc(date)}>
      {formatRelativeTime(date, now)}
    </time>
  );
}
