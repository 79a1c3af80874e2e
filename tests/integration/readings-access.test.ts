import { describe, expect, it } from "vitest";
import { GET as getMeterReadings } from "@/app/api/meters/[meterId]/readings/route";
import { GET as getMeter } from "@/app/api/meters/[meterId]/route";
import { getReadings, meterOf, readingsPath } from "./support/readings";
import { callRoute } from "./support/routes";
import { accessToken } from "./support/tokens";

const march = { from: "2026-03-01", to: "2026-03-02", limit: 5 };
const nowhere = "00000000-0000-4000-8000-000000000000";

/** The parts of a problem that must not tell a hidden meter from a missing one. */
function problemOf(result: { status: number; body: any }) {
  const { instance: _instance, requestId: _requestId, ...rest } = result.body;
  return { status: result.status, ...rest };
}

async function missingMeter(user: string) {
  return problemOf(await getReadings(user, nowhere, march));
}

describe("who may read a meter's readings", () => {
  it("lets an occupier read their own meter", async () => {
    const result = await getReadings("alice", meterOf("E-12345678"), march);
    expect(result.status).toBe(200);
    expect(result.body.readings).toHaveLength(5);
  });

  it("lets a UK occupier read both her smart and her gas meter", async () => {
    for (const meter of ["E-UK0000101", "G-UK0000102"]) {
      const result = await getReadings("priya", meterOf(meter), { groupBy: "month" });
      expect(result.status, meter).toBe(200);
    }
  });

  it("lets a managing agent read a meter on an account they manage", async () => {
    const result = await getReadings("carol", meterOf("E-98765001"), march);
    expect(result.status).toBe(200);
    expect(result.body.meterNumber).toBe("E-98765001");
    const warehouse = await getReadings("carol", meterOf("E-55550001"), march);
    expect(warehouse.status).toBe(200);
  });

  it("hides a meter on an account the agent does not manage, like a missing one", async () => {
    const result = await getReadings("carol", meterOf("E-77770001"), march);
    expect(problemOf(result)).toEqual(await missingMeter("carol"));
    expect(result.status).toBe(404);
  });

  it("hides usage from a billing contact, who may still see the meter itself", async () => {
    const meter = meterOf("E-77770001");
    const detail = await callRoute(getMeter as any, `/api/meters/${meter}`, {
      token: await accessToken("dana"),
      params: { meterId: meter },
    });
    expect(detail.status).toBe(200);
    const result = await getReadings("dana", meter, march);
    expect(result.status).toBe(404);
    expect(problemOf(result)).toEqual(await missingMeter("dana"));
  });

  it("hides usage from a landlord, who may still see the meter itself", async () => {
    const meter = meterOf("E-UK0000201");
    const detail = await callRoute(getMeter as any, `/api/meters/${meter}`, {
      token: await accessToken("lena"),
      params: { meterId: meter },
    });
    expect(detail.status).toBe(200);
    const result = await getReadings("lena", meter, march);
    expect(result.status).toBe(404);
    expect(problemOf(result)).toEqual(await missingMeter("lena"));
  });

  it("hides John Smith's meter from another customer", async () => {
    const result = await getReadings("bob", meterOf("E-12345678"), march);
    expect(result.status).toBe(404);
    expect(problemOf(result)).toEqual(await missingMeter("bob"));
    expect(result.body.code).toBe("not_found");
  });

  it("hides it in CSV as well, before any byte of a download is sent", async () => {
    const result = await getReadings("bob", meterOf("E-12345678"), { ...march, format: "csv" });
    expect(result.status).toBe(404);
    expect(result.headers.get("content-type")).toBe("application/problem+json");
  });

  it("answers a malformed id like a missing meter, whatever the query", async () => {
    for (const id of ["not-a-uuid", "123", `${nowhere}x`]) {
      const result = await getReadings("alice", id, { ...march, limit: 99999 });
      expect(problemOf(result), id).toEqual(await missingMeter("alice"));
    }
  });

  it("refuses support staff tokens on this customer route", async () => {
    const meter = meterOf("E-12345678");
    const result = await callRoute(getMeterReadings as any, readingsPath(meter, march), {
      token: await accessToken("jsmith", "ossrep-internal"),
      params: { meterId: meter },
    });
    expect(result.status).toBe(403);
    expect(result.body.code).toBe("forbidden");
  });

  it("asks for a token when there is none", async () => {
    const meter = meterOf("E-12345678");
    const result = await callRoute(getMeterReadings as any, readingsPath(meter, march), {
      params: { meterId: meter },
    });
    expect(result.status).toBe(401);
  });
});
