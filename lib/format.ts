/**
 * Amounts and dates as the customer's ESCO shows them: in its currency and its timezone. The
 * locale follows the currency, so a London customer sees £1,234.50 and 22/11/2026.
 */
const localeByCurrency: Record<string, string> = { USD: "en-US", GBP: "en-GB", EUR: "en-IE" };

export function localeFor(currency: string | null | undefined): string {
  return (currency && localeByCurrency[currency]) || "en-US";
}

export function formatMoney(
  amount: number | null | undefined,
  currency: string | null | undefined,
): string {
  if (amount === null || amount === undefined || !currency) return "—";
  return new Intl.NumberFormat(localeFor(currency), { style: "currency", currency }).format(amount);
}

/** A calendar date (YYYY-MM-DD) is a day, not an instant: format it without shifting zones. */
export function formatDate(
  date: string | null | undefined,
  currency?: string | null,
  style: "medium" | "long" | "short" = "medium",
): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat(localeFor(currency), { dateStyle: style, timeZone: "UTC" }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

export function formatInstant(
  instant: string | null | undefined,
  timeZone: string,
  currency?: string | null,
  options: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" },
): string {
  if (!instant) return "—";
  return new Intl.DateTimeFormat(localeFor(currency), { ...options, timeZone }).format(
    new Date(instant),
  );
}

export function formatQuantity(
  value: number | null | undefined,
  unit: string,
  currency?: string | null,
): string {
  if (value === null || value === undefined) return "—";
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  const number = new Intl.NumberFormat(localeFor(currency), {
    maximumFractionDigits: digits,
  }).format(value);
  return `${number} ${unitLabel(unit)}`;
}

const meterTypeNames: Record<string, string> = {
  electric: "Electricity",
  gas: "Gas",
  water: "Water",
};

/** What a meter type measures, as customers name it: "Electricity", "Gas", "Water". */
export function meterTypeName(type: string): string {
  return meterTypeNames[type] ?? type;
}

/** A unit as it is printed: m3 as m³. */
export function unitLabel(unit: string): string {
  return unit === "m3" ? "m³" : unit;
}

/** Change against a previous figure, as a signed percentage; null when there is nothing to compare. */
export function percentChange(current: number, previous: number): number | null {
  if (!previous) return null;
  return ((current - previous) / previous) * 100;
}

/** A change as words, "12% higher", "3% lower" or "the same", for a reader who is not a chart. */
export function describeChange(value: number | null, currency?: string | null): string | null {
  if (value === null) return null;
  const size = new Intl.NumberFormat(localeFor(currency), { maximumFractionDigits: 0 }).format(
    Math.abs(value),
  );
  if (size === "0") return "the same";
  return `${size}% ${value > 0 ? "higher" : "lower"}`;
}

export function accountLabel(account: { nickname: string | null; accountNumber: string }): string {
  return account.nickname ?? `Account ${account.accountNumber}`;
}

interface DueState {
  /** What is owed; without it, the balance when positive. */
  totalDueAmount?: number | null;
  currentBalance?: number | null;
  overdueAmount: number | null;
  nextDueDate: string | null;
  currency: string | null;
}

/**
 * When the next payment is due, in words. A balance that is all overdue says so, and one with
 * nothing to pay says that, instead of leaving a bare dash beside money owed.
 */
export function nextDueText(state: DueState, style: "medium" | "long" = "medium"): string {
  if (state.nextDueDate) return formatDate(state.nextDueDate, state.currency, style);
  if ((state.overdueAmount ?? 0) > 0) return "Overdue now";
  if ((state.totalDueAmount ?? state.currentBalance ?? 0) > 0) return "Due now";
  return "Nothing due";
}
