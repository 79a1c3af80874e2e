import { z } from "zod";
import { address, isoDate, isoInstant, uuid } from "./common";

const esco = z.object({
  code: z.string(),
  name: z.string(),
  currency: z.string(),
  timezone: z.string(),
});

const premiseBase = z.object({
  premiseId: uuid,
  accountId: uuid,
  ...address,
  isPrimary: z.boolean(),
  esco,
});

/** Reading fields are null where the customer's role does not include usage. */
export const meter = z
  .object({
    meterId: uuid,
    meterNumber: z.string(),
    type: z.enum(["electric", "gas", "water"]),
    status: z.enum(["active", "inactive", "removed"]),
    unit: z.string(),
    isSmart: z.boolean(),
    installDate: isoDate,
    removalDate: isoDate.nullable(),
    lastReading: z.number().nullable(),
    lastReadingAt: isoInstant.nullable(),
    lastReadingDate: isoDate.nullable(),
  })
  .meta({ id: "Meter" });

export const premiseList = z
  .object({ premises: z.array(premiseBase.extend({ meterCount: z.number().int() })) })
  .meta({ id: "PremiseList" });

export const premiseDetail = premiseBase.extend({ meters: z.array(meter) }).meta({ id: "Premise" });

export const meterList = z.object({ meters: z.array(meter) }).meta({ id: "MeterList" });

export const meterDetail = meter
  .extend({
    accountId: uuid,
    timezone: z.string(),
    currency: z.string(),
    premise: z.object({ premiseId: uuid, ...address }),
  })
  .meta({ id: "MeterDetail" });

export const meterTariff = z
  .object({
    meterId: uuid,
    currency: z.string(),
    minorUnit: z.number().int(),
    periods: z.array(
      z.object({
        periodStart: isoDate,
        unitRate: z.number().meta({
          description: "Per unit (kWh, or m³ of gas or water), in the currency's major unit",
        }),
        standingCharge: z.number().meta({ description: "Per day" }),
        discountRateBasisPoints: z.number().int(),
        isOverride: z.boolean(),
      }),
    ),
  })
  .meta({ id: "MeterTariff" });
