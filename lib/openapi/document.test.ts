import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./document";

describe("the OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is OpenAPI 3.1 and lists every self-service endpoint", () => {
    expect(doc.openapi).toBe("3.1.0");
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.keys(item ?? {})
        .filter((k) => ["get", "put", "post", "delete", "patch"].includes(k))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        "GET /api/customer",
        "PUT /api/customer",
        "GET /api/customer/summary",
        "GET /api/customer/export",
        "GET /api/customer/access-log",
        "GET /api/customer/erasure-request",
        "POST /api/customer/erasure-request",
        "GET /api/accounts",
        "GET /api/accounts/{accountId}",
        "PUT /api/accounts/{accountId}",
        "GET /api/accounts/{accountId}/summary",
        "GET /api/accounts/{accountId}/premises",
        "GET /api/accounts/{accountId}/bills",
        "GET /api/accounts/{accountId}/payments",
        "GET /api/premises/{premiseId}",
        "PUT /api/premises/{premiseId}",
        "POST /api/premises/{premiseId}/set-primary",
        "GET /api/premises/{premiseId}/meters",
        "GET /api/meters/{meterId}",
        "GET /api/preferences",
        "PUT /api/preferences",
        "GET /api/preferences/notifications",
        "PUT /api/preferences/notifications",
        "GET /api/meters/{meterId}/readings",
        "GET /api/accounts/{accountId}/greenbutton",
        "POST /api/ingest/readings",
        "POST /api/ingest/bills",
        "POST /api/ingest/payments",
      ]),
    );
  });

  it("describes bodies and responses with the validation schemas, as components", () => {
    const schemas = doc.components?.schemas ?? {};
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        "Customer",
        "CustomerExport",
        "AccountDetail",
        "Preferences",
        "PreferencesUpdate",
        "Problem",
      ]),
    );
    const update = schemas.PreferencesUpdate as {
      additionalProperties?: boolean;
      properties?: object;
    };
    expect(update.additionalProperties).toBe(false);
    expect(Object.keys(update.properties ?? {})).toEqual([
      "billDelivery",
      "notifications",
      "autoPay",
      "mailingAddress",
    ]);
  });

  it("offers meter readings and an account's usage as Green Button feeds", () => {
    const readings = doc.paths?.["/api/meters/{meterId}/readings"]?.get?.responses?.["200"];
    const account = doc.paths?.["/api/accounts/{accountId}/greenbutton"]?.get?.responses?.["200"];
    for (const response of [readings, account]) {
      expect(Object.keys((response as { content: object }).content)).toContain(
        "application/atom+xml",
      );
    }
  });
});

describe("every write in the OpenAPI document", () => {
  const doc = buildOpenApiDocument();
  const writes = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    (["put", "post", "patch", "delete"] as const).flatMap((method) => {
      const operation = item?.[method];
      return operation ? [{ name: `${method.toUpperCase()} ${path}`, operation }] : [];
    }),
  );

  it("takes an Idempotency-Key and documents what it adds: 400, 409, 422 and the replay header", () => {
    expect(writes.length).toBeGreaterThan(8);
    for (const { name, operation } of writes) {
      const header = (operation.parameters ?? []).find(
        (p) => "in" in p && p.in === "header" && p.name === "Idempotency-Key",
      );
      expect(header, name).toMatchObject({ schema: { minLength: 1, maxLength: 255 } });
      expect(header && "required" in header && header.required, name).toBeFalsy();
      const responses = operation.responses ?? {};
      expect(responses["400"]?.description, name).toContain("idempotency_key_invalid");
      expect(responses["409"]?.description, name).toContain("idempotency_key_in_progress");
      expect(responses["422"]?.description, name).toContain("idempotency_key_mismatch");
      const success = Object.entries(responses).filter(([status]) => status.startsWith("2"));
      expect(success.length, name).toBeGreaterThan(0);
      for (const [status, response] of success) {
        expect((response as { headers?: object }).headers, `${name} ${status}`).toHaveProperty(
          "Idempotency-Replayed",
        );
      }
    }
  });
});
