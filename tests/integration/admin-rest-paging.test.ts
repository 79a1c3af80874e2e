import { describe, expect, it } from "vitest";
import { customerId } from "@/db/seed/static";
import { read, rest } from "./support/rest";

const exact = { prefer: "count=exact" };

describe("paging with limit and offset", () => {
  it("reports the range without a count, and with one when asked", async () => {
    const plain = await rest("GET", "customers?select=id");
    expect(plain.status).toBe(200);
    expect(plain.headers.get("content-range")).toBe("0-8/*");
    const counted = await rest("GET", "customers?select=id", { headers: exact });
    expect(counted.status).toBe(200);
    expect(counted.headers.get("content-range")).toBe("0-8/9");
  });

  it("answers 206 Partial Content when the exact count shows more rows", async () => {
    const page = await rest("GET", "customers?select=name&order=name&limit=3&offset=3", {
      headers: exact,
    });
    expect(page.status).toBe(206);
    expect(page.headers.get("content-range")).toBe("3-5/9");
    expect(page.body.map((c: { name: string }) => c.name)).toEqual([
      "Grace Hall",
      "John Smith",
      "Lena Okafor",
    ]);
    const uncounted = await rest("GET", "customers?select=name&limit=3");
    expect(uncounted.status).toBe(200);
    expect(uncounted.headers.get("content-range")).toBe("0-2/*");
  });

  it("answers 416 for an offset beyond the counted rows", async () => {
    const result = await rest("GET", "customers?offset=20", { headers: exact });
    expect(result.status).toBe(416);
    expect(result.headers.get("content-range")).toBe("*/9");
    expect(result.body).toEqual({
      code: "PGRST103",
      message: "Requested range not satisfiable",
      details: "An offset of 20 was requested, but there are only 9 rows.",
      hint: null,
    });
  });

  it("writes */0 for an empty result", async () => {
    const counted = await rest("GET", "customers?status=eq.closed", { headers: exact });
    expect(counted.status).toBe(200);
    expect(counted.body).toEqual([]);
    expect(counted.headers.get("content-range")).toBe("*/0");
    const plain = await rest("GET", "customers?status=eq.closed");
    expect(plain.headers.get("content-range")).toBe("*/*");
  });
});

describe("paging with the Range header", () => {
  it("reads an inclusive item range", async () => {
    const result = await rest("GET", "customers?select=name&order=name", {
      headers: { range: "0-3", "range-unit": "items", ...exact },
    });
    expect(result.status).toBe(206);
    expect(result.headers.get("content-range")).toBe("0-3/9");
    expect(result.body).toHaveLength(4);
    const open = await rest("GET", "customers?select=name&order=name", {
      headers: { range: "7-" },
    });
    expect(open.status).toBe(200);
    expect(open.headers.get("content-range")).toBe("7-8/*");
  });

  it("pages through every row exactly once", async () => {
    const seen: string[] = [];
    for (let from = 0; from < 9; from += 4) {
      const page = await read<{ id: string }[]>("customers?select=id", {
        range: `${from}-${from + 3}`,
      });
      seen.push(...page.map((c) => c.id));
    }
    expect(seen).toHaveLength(9);
    expect(new Set(seen).size).toBe(9);
  });

  it("refuses an inverted range with 416", async () => {
    const result = await rest("GET", "customers", { headers: { range: "5-2" } });
    expect(result.status).toBe(416);
    expect(result.body.code).toBe("PGRST103");
  });
});

describe("HEAD", () => {
  it("answers like GET, without a body", async () => {
    const result = await rest("HEAD", "customers?status=eq.live&limit=2", { headers: exact });
    expect(result.status).toBe(206);
    expect(result.headers.get("content-range")).toBe("0-1/8");
    expect(result.text).toBe("");
    expect(result.statements).toHaveLength(1);
  });

  it("answers errors without a body too", async () => {
    const result = await rest("HEAD", "customers?nope=eq.1");
    expect(result.status).toBe(400);
    expect(result.text).toBe("");
  });
});

describe("a single object with Accept: application/vnd.pgrst.object+json", () => {
  const single = { accept: "application/vnd.pgrst.object+json" };

  it("returns the row as an object", async () => {
    const result = await rest("GET", `customers?select=name,status&id=eq.${customerId("acme")}`, {
      headers: single,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^application\/vnd\.pgrst\.object\+json/);
    expect(result.body).toEqual({ name: "Acme Corporation", status: "live" });
  });

  it("answers 406 when there is not exactly one row", async () => {
    const none = await rest("GET", "customers?status=eq.closed", { headers: single });
    expect(none.status).toBe(406);
    expect(none.body).toEqual({
      code: "PGRST116",
      message: "JSON object requested, multiple (or no) rows returned",
      details: "The result contains 0 rows",
      hint: null,
    });
    const many = await rest("GET", "customers?status=eq.live", { headers: single });
    expect(many.status).toBe(406);
    expect(many.body.details).toBe("The result contains 8 rows");
  });

  it("answers 406 for media types it does not produce", async () => {
    const result = await rest("GET", "customers", { headers: { accept: "text/csv" } });
    expect(result.status).toBe(406);
    expect(result.body.code).toBe("PGRST107");
  });
});
