/**
 * Sums amounts that are already rounded to the minor unit (as the API sends them) exactly: each
 * is converted to whole minor units (cents, pence) first, so the
 * total of 0.10 + 0.20 is 0.30 and never 0.30000000000000004.
 */
export function sumMoney(amounts: readonly (number | null | undefined)[], minorUnit = 2): number {
  const scale = 10 ** minorUnit;
  const minor = amounts.reduce<number>((total, a) => total + (a ? Math.round(a * scale) : 0), 0);
  return minor / scale;
}
