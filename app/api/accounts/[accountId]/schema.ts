import { z } from "zod";

export const accountUpdateSchema = z
  .strictObject({
    nickname: z
      .string()
      .trim()
      .min(1, "Use at least one character, or null to clear the nickname")
      .max(60, "Use at most 60 characters")
      .nullable(),
  })
  .meta({ id: "AccountUpdate" });
