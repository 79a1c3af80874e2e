import { addDays, addMonths } from "@/lib/calendar";
import { todayIn } from "@/lib/clock";

/**
 * The account's usage, every meter, as a Green Button (NAESB ESPI 4.0) file: the last twelve
 * months up to and including today in the ESCO's timezone.
 */
export function GreenButtonDownload({
  accountId,
  timezone,
}: {
  accountId: string;
  timezone: string;
}) {
  const to = addDays(todayIn(timezone), 1);
  const from = addMonths(to, -12);
  const query = new URLSearchParams({ from, to });
  return (
    <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
      <a
        href={`/api/accounts/${accountId}/greenbutton?${query}`}
        download
        className="inline-flex min-h-11 items-center rounded-md border border-slate-400 px-3 text-sm font-semibold hover:bg-slate-100"
      >
        Download Green Button data
      </a>
      <p className="text-sm text-slate-600">
        Twelve months of usage for every meter on this account, in the Green Button format other
        energy apps can read.
      </p>
    </div>
  );
}
