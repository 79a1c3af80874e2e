import { createHash } from "node:crypto";
import { XMLBuilder } from "fast-xml-parser";
import { currencyCode, DELTA_DATA, FORWARD, readingCodes, readingQuality } from "./espi";
import { type LocalTimeParameters, localTimeParameters } from "./local-time";

/*
 * A Green Button "Download My Data" feed (NAESB ESPI 4.0 in Atom): per meter a UsagePoint,
 * its MeterReading and ReadingType, one IntervalBlock per local day (per month for meters read
 * monthly), and a UsageSummary per bill; one LocalTimeParameters per timezone. Times are Unix
 * seconds, money hundred-thousandths of the currency, values thousandths of the meter's unit.
 */

const ATOM = "http://www.w3.org/2005/Atom";
const ESPI = "http://naesb.org/espi";

/** [start, duration, value, cost or null, source]: one read and the period it closes. */
export type FeedReading = [
  number,
  number,
  number,
  number | null,
  "actual" | "estimated" | "customer",
];

export interface FeedBlock {
  start: number;
  duration: number;
  readings: FeedReading[];
}

export interface FeedBill {
  billNumber: string;
  start: number;
  duration: number;
  /** The account's bill, in hundred-thousandths. */
  amount: number;
  /** When it was issued: the summary's status time. */
  issuedAt: number;
  /** This meter's use over the bill's period, in thousandths of its unit; null without reads. */
  consumption: number | null;
}

export interface FeedMeter {
  meterId: string;
  meterNumber: string;
  type: "electric" | "gas" | "water";
  /** Seconds between reads for interval meters; null for meters read monthly. */
  intervalLength: number | null;
  timezone: string;
  currency: string;
  blocks: FeedBlock[];
  bills: FeedBill[];
}

export interface FeedInput {
  /** Names the feed: the same data always gets the same ids. */
  key: string;
  title: string;
  /** The portal's account id, under which the resources' paths are written. */
  accountId: string;
  selfHref: string;
  /** ISO 8601 instant the feed was made, by the portal's clock. */
  updated: string;
  meters: FeedMeter[];
}

/** A stable urn:uuid for a resource: name-based (SHA-1, RFC 9562 version 5 layout). */
function entryId(...parts: string[]): string {
  const hash = createHash("sha1").update(parts.join("|")).digest();
  hash[6] = ((hash[6] ?? 0) & 0x0f) | 0x50;
  hash[8] = ((hash[8] ?? 0) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const link = (rel: string, href: string) => ({ "@_rel": rel, "@_href": href });

function entry(
  input: FeedInput,
  self: string,
  up: string,
  title: string,
  content: Record<string, unknown>,
  related: string[] = [],
) {
  return {
    id: entryId(input.key, self),
    link: [link("self", self), link("up", up), ...related.map((href) => link("related", href))],
    title,
    content,
    published: input.updated,
    updated: input.updated,
  };
}

const interval = (start: number, duration: number) => ({ duration, start });

function intervalReading([start, duration, value, cost, source]: FeedReading) {
  const quality = readingQuality[source];
  return {
    ...(cost === null ? {} : { cost }),
    ...(quality === null ? {} : { ReadingQuality: { quality } }),
    timePeriod: interval(start, duration),
    value,
  };
}

function localTimeEntry(input: FeedInput, href: string, zone: string, params: LocalTimeParameters) {
  return entry(input, href, "/espi/1_1/resource/LocalTimeParameters", `Local time: ${zone}`, {
    LocalTimeParameters: {
      "@_xmlns": ESPI,
      dstEndRule: params.dstEndRule,
      dstOffset: params.dstOffset,
      dstStartRule: params.dstStartRule,
      tzOffset: params.tzOffset,
    },
  });
}

function meterEntries(input: FeedInput, meter: FeedMeter, timeHref: string) {
  const codes = readingCodes[meter.type];
  const currency = currencyCode(meter.currency);
  const base = `/espi/1_1/resource/RetailCustomer/${input.accountId}/UsagePoint`;
  const point = `${base}/${meter.meterId}`;
  const reading = `${point}/MeterReading/01`;
  const readingType = `/espi/1_1/resource/ReadingType/${meter.meterId}`;
  const summaries = `${point}/UsageSummary`;
  const blocks = `${reading}/IntervalBlock`;
  const unit = meter.type === "electric" ? "energy" : "volume";
  const read = meter.intervalLength ? `${meter.intervalLength / 60}-minute` : "Monthly";

  return [
    entry(
      input,
      point,
      base,
      `Meter ${meter.meterNumber}`,
      { UsagePoint: { "@_xmlns": ESPI, ServiceCategory: { kind: codes.serviceKind } } },
      [`${point}/MeterReading`, summaries, timeHref],
    ),
    entry(
      input,
      reading,
      `${point}/MeterReading`,
      `${read} ${unit} of meter ${meter.meterNumber}`,
      { MeterReading: { "@_xmlns": ESPI } },
      [blocks, readingType],
    ),
    entry(input, readingType, "/espi/1_1/resource/ReadingType", "Type of meter reading data", {
      ReadingType: {
        "@_xmlns": ESPI,
        accumulationBehaviour: DELTA_DATA,
        commodity: codes.commodity,
        currency,
        flowDirection: FORWARD,
        ...(meter.intervalLength ? { intervalLength: meter.intervalLength } : {}),
        kind: codes.kind,
        powerOfTenMultiplier: codes.powerOfTenMultiplier,
        uom: codes.uom,
      },
    }),
    ...meter.blocks.map((block) =>
      entry(input, `${blocks}/${block.start}`, blocks, "", {
        IntervalBlock: {
          "@_xmlns": ESPI,
          interval: interval(block.start, block.duration),
          IntervalReading: block.readings.map(intervalReading),
        },
      }),
    ),
    ...meter.bills.map((bill) =>
      entry(input, `${summaries}/${bill.billNumber}`, summaries, `Bill ${bill.billNumber}`, {
        UsageSummary: {
          "@_xmlns": ESPI,
          billingPeriod: interval(bill.start, bill.duration),
          billLastPeriod: bill.amount,
          currency,
          ...(bill.consumption === null
            ? {}
            : {
                overallConsumptionLastPeriod: {
                  powerOfTenMultiplier: codes.powerOfTenMultiplier,
                  uom: codes.uom,
                  value: bill.consumption,
                },
              }),
          statusTimeStamp: bill.issuedAt,
          commodity: codes.commodity,
        },
      }),
    ),
  ];
}

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  format: true,
  indentBy: "  ",
  suppressEmptyNode: true,
});

/** The feed as an XML document. */
export function greenButtonFeed(input: FeedInput): string {
  const year = new Date(input.updated).getUTCFullYear();
  const zones = [...new Set(input.meters.map((m) => m.timezone))];
  const timeHref = (zone: string) =>
    `/espi/1_1/resource/LocalTimeParameters/${zones.indexOf(zone) + 1}`;
  const entries = [
    ...zones.map((zone) =>
      localTimeEntry(input, timeHref(zone), zone, localTimeParameters(zone, year)),
    ),
    ...input.meters.flatMap((meter) => meterEntries(input, meter, timeHref(meter.timezone))),
  ];
  return builder.build({
    "?xml": { "@_version": "1.0", "@_encoding": "UTF-8" },
    feed: {
      "@_xmlns": ATOM,
      id: entryId(input.key),
      title: input.title,
      updated: input.updated,
      link: link("self", input.selfHref),
      entry: entries,
    },
  });
}
