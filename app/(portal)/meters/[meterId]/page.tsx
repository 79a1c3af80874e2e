import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { UsageExplorer } from "@/components/meter/usage-explorer";
import { QueryProvider } from "@/components/query-provider";
import { getMeterTariff } from "@/db/queries/meter-tariff";
import { getMeter } from "@/db/queries/meters";
import { localDateOf } from "@/lib/calendar";
import { todayIn } from "@/lib/clock";
import { AppError } from "@/lib/errors";
import { formatInstant, formatQuantity, meterTypeName } from "@/lib/format";
import { currentPrincipal } from "@/lib/page-data";
import { isId } from "@/lib/validation";

export const metadata: Metadata = { title: "Usage history" };

export default async function MeterPage({ params }: { params: Promise<{ meterId: string }> }) {
  const { meterId } = await params;
  if (!isId(meterId)) notFound();
  const principal = await currentPrincipal();
  const [meter, tariff] = await Promise.all([
    getMeter({ principal, meterId }),
    getMeterTariff({ principal, meterId }).catch((error) => {
      // The meter is visible but its usage is not (billing contacts, landlords).
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    }),
  ]).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const address = [meter.premise.unit, meter.premise.street, meter.premise.city]
    .filter(Boolean)
    .join(", ");
  // A read at local midnight covers the day before it: that is the last day with data.
  const lastDataDay = meter.lastReadingAt
    ? localDateOf(new Date(Date.parse(meter.lastReadingAt) - 1000), meter.timezone)
    : todayIn(meter.timezone);

  return (
    <QueryProvider>
      <div className="space-y-6">
        <div>
          <Link
            href={`/accounts/${meter.accountId}`}
            className="text-sm font-medium text-brand-700 underline"
          >
            ‹ Back to the account
          </Link>
          <h1 className="mt-2 text-2xl font-bold sm:text-3xl">
            {meterTypeName(meter.type)} meter {meter.meterNumber}
          </h1>
          <p className="text-slate-700">
            {address}
            {meter.isSmart ? " · smart meter, half-hourly readings" : " · read monthly"}
          </p>
          {meter.lastReading !== null ? (
            <p className="text-sm text-slate-600" data-testid="last-reading">
              Latest reading {formatQuantity(meter.lastReading, meter.unit, meter.currency)} on{" "}
              {formatInstant(meter.lastReadingAt, meter.timezone, meter.currency)}
            </p>
          ) : null}
        </div>
        {tariff ? (
          <UsageExplorer meter={meter} tariff={tariff} defaultEnd={lastDataDay} />
        ) : (
          <p className="rounded-md bg-slate-100 p-4 text-slate-700">
            Usage for this meter is not shared with your role on the account.
          </p>
        )}
      </div>
    </QueryProvider>
  );
}
