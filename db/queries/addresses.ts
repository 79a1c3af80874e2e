import { revealPii } from "@/lib/pii";

export interface Addressed {
  isPrimary: boolean;
  street: string;
  unit: string | null;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Premises with their street and unit decrypted, in the order customers see them: the primary
 * first, then by street and unit (no unit first). Streets are encrypted, so this is sorted here.
 */
export function premisesInOrder<T extends Addressed>(premises: T[]): T[] {
  return revealPii(premises).sort(
    (a, b) =>
      Number(b.isPrimary) - Number(a.isPrimary) ||
      byText(a.street, b.street) ||
      (a.unit === null ? (b.unit === null ? 0 : -1) : b.unit === null ? 1 : byText(a.unit, b.unit)),
  );
}
