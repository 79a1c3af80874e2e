import { type CountryCode, parsePhoneNumberFromString } from "libphonenumber-js/max";
import { z } from "zod";

/** Email as stored: trimmed, at most 254 characters, a plausible address. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, "Use at most 254 characters")
  .pipe(z.email("Enter a valid email address"));

/**
 * A phone number in any common notation, stored in E.164. National numbers are read in the
 * customer's own country (that of their primary premise).
 */
export function phoneSchema(defaultCountry: CountryCode = "US") {
  return z
    .string()
    .trim()
    .min(1, "Enter a phone number")
    .max(32, "Use at most 32 characters")
    .transform((value, ctx) => {
      const phone = parsePhoneNumberFromString(value, defaultCountry);
      if (!phone?.isValid()) {
        ctx.addIssue({ code: "custom", message: "Enter a valid phone number" });
        return z.NEVER;
      }
      return phone.number;
    });
}

export function toCountryCode(value: string | null | undefined): CountryCode {
  return (value && /^[A-Z]{2}$/.test(value) ? value : "US") as CountryCode;
}
