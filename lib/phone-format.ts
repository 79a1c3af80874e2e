import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/min";

/**
 * A stored E.164 phone number as people write it: in national format where it belongs to the
 * reader's country (or, with no country given, to its own), else in international format.
 * Kept apart from lib/contact.ts so pages that only show a number load the small metadata.
 */
export function formatPhone(e164: string | null | undefined, country?: string | null): string {
  if (!e164) return "";
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return e164;
  if (country && phone.country !== (country as CountryCode)) return phone.formatInternational();
  return phone.formatNational();
}
