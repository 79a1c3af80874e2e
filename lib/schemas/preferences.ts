import { z } from "zod";

export const notifications = z
  .object({
    billReady: z.boolean(),
    paymentDue: z.boolean(),
    outageAlerts: z.boolean(),
    highUsageAlerts: z.boolean(),
  })
  .meta({ id: "NotificationSettings" });

export const preferences = z
  .object({
    billDelivery: z.enum(["email", "paper", "both"]),
    notifications,
    autoPay: z.object({ enabled: z.boolean(), paymentMethodId: z.string().nullable() }),
    mailingAddress: z.object({
      sameAsPrimaryPremise: z.boolean(),
      street: z.string().nullable(),
      unit: z.string().nullable(),
      city: z.string().nullable(),
      state: z.string().nullable(),
      zip: z.string().nullable(),
      country: z.string().nullable(),
    }),
  })
  .meta({ id: "Preferences" });
