import type { SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { recordChanges } from "@/lib/domain/record-changes";
import { publicOrigin } from "@/lib/public-origin";
import { readInsertBody, readUpdateBody, type Values } from "./body";
import type { ReadRow } from "./compile-read";
import { revealBody, revealRow, sealValues } from "./encrypted";
import { RestError } from "./errors";
import type { RestRequest } from "./request";
import { contentRange, contentType, notSingular } from "./respond";
import { rulesFor } from "./rules";
import type { WriteContext, WrittenRows } from "./rules/types";
import {
  deleteDml,
  insertDml,
  lockTargets,
  type Row,
  readChanged,
  runWrite,
  updateDml,
} from "./write-sql";

/**
 * POST, PATCH and DELETE. A write is one transaction: lock the target rows (one SELECT ... FOR
 * UPDATE), check them against the table's domain rules, make the change in ONE statement that
 * also returns the representation (a data-modifying CTE), then write the audit entries and
 * integration events (one INSERT each). Erasure is the exception: it takes several statements.
 */

type Method = "insert" | "update" | "delete";

function refuseUnlessAllowed(r: RestRequest, method: Method): void {
  if (r.spec.writes[method]) return;
  const allowed = ["GET", "HEAD"];
  if (r.spec.writes.insert) allowed.push("POST");
  if (r.spec.writes.update) allowed.push("PATCH");
  if (r.spec.writes.delete) allowed.push("DELETE");
  throw new RestError(405, "PGRST117", `Unsupported HTTP method: ${r.req.method}`, {
    details: r.spec.readOnlyReason ?? `${r.spec.name} cannot be changed this way.`,
    headers: { allow: allowed.join(", ") },
  });
}

function refuseUnfiltered(r: RestRequest, verb: "UPDATE" | "DELETE"): void {
  if (r.root.filters.length) return;
  throw new RestError(400, "21000", `${verb} requires a WHERE clause`, {
    details: "This API refuses to change every row of a table at once.",
    hint: "Add a filter, e.g. ?id=eq.<id>.",
  });
}

function options(r: RestRequest) {
  return { count: r.prefs.count !== undefined, single: r.representation === "object" };
}

function locationOf(r: RestRequest, row: Row | undefined): string | null {
  if (!row || !r.spec.primaryKey.length) return null;
  const filters = r.spec.primaryKey.map((k) => `${k}=eq.${encodeURIComponent(row[k] ?? "")}`);
  return `/${r.spec.name}?${filters.join("&")}`;
}

function respond(r: RestRequest, method: Method, result: ReadRow, rows: Row[]): Response {
  const headers: Record<string, string> = {
    "content-range":
      method === "insert"
        ? `*/${r.prefs.count ? rows.length : "*"}`
        : contentRange(0, rows.length, r.prefs.count ? rows.length : null),
  };
  const applied = [
    r.prefs.return && `return=${r.prefs.return}`,
    r.prefs.missing && `missing=${r.prefs.missing}`,
  ];
  if (applied.some(Boolean)) headers["preference-applied"] = applied.filter(Boolean).join(", ");
  if (r.prefs.return === "representation") {
    headers["content-type"] = contentType(r.representation);
    return new Response(revealBody(result.body), {
      status: method === "insert" ? 201 : 200,
      headers,
    });
  }
  if (method === "insert" && r.prefs.return === "headers-only" && rows.length === 1) {
    const location = locationOf(r, rows[0]);
    if (location) headers.location = location;
  }
  return new Response(null, { status: method === "insert" ? 201 : 204, headers });
}

async function recordEvents(ctx: WriteContext, written: WrittenRows): Promise<void> {
  const entries = rulesFor(ctx.spec.name).events?.(written) ?? [];
  if (entries.length) await recordChanges(ctx.tx, ctx.actor, entries);
}

function checkSingular(r: RestRequest, result: ReadRow): void {
  if (r.representation === "object" && result.page_total !== 1)
    throw notSingular(result.page_total);
}

/** No row matched (or an empty array was posted): nothing to write, nothing to record. */
function nothingWritten(r: RestRequest): { result: ReadRow; rows: Row[] } {
  const result = { total: 0, page_total: 0, body: "[]" };
  checkSingular(r, result);
  return { result, rows: [] };
}

export async function handleInsert(r: RestRequest): Promise<Response> {
  refuseUnlessAllowed(r, "insert");
  if (r.prefs.resolution) {
    throw new RestError(
      400,
      "PGRST100",
      "Upserts (Prefer: resolution) are not supported by this API",
    );
  }
  const body = await readInsertBody(r.req, r.spec, {
    columns: r.query.columns,
    missingDefault: r.prefs.missing === "default",
  });
  const { result, rows } = await getDb().transaction(async (tx) => {
    const ctx = contextOf(r, tx);
    if (!body.rows.length) return nothingWritten(r);
    const create = rulesFor(r.spec.name).create;
    if (create) {
      const created = await create(ctx, body.rows);
      const read = await readChanged(tx, r.root, created, options(r));
      checkSingular(r, read);
      return { result: read, rows: created };
    }
    const prepared = (await rulesFor(r.spec.name).insert?.(ctx, body.rows)) ?? body.rows;
    const sealed = Array.isArray(prepared) ? prepared.map((row) => sealValues(r.spec, row)) : null;
    const dml: SQL = sealed ? insertDml(r.spec, columnsOf(sealed), sealed) : (prepared as SQL);
    const written = await runWrite(tx, dml, r.root, options(r));
    checkSingular(r, written);
    const after = reveal(r, written.rows);
    await recordEvents(ctx, { kind: "insert", before: [], after });
    return { result: written, rows: after };
  });
  return respond(r, "insert", result, rows);
}

function contextOf(r: RestRequest, tx: WriteContext["tx"]): WriteContext {
  return { tx, spec: r.spec, actor: r.actor, portalUrl: publicOrigin(r.req.url) };
}

function columnsOf(rows: Values[]): string[] {
  return [...new Set(rows.flatMap((row) => Object.keys(row)))];
}

export async function handleUpdate(r: RestRequest): Promise<Response> {
  refuseUnlessAllowed(r, "update");
  refuseUnfiltered(r, "UPDATE");
  const patch = await readUpdateBody(r.req, r.spec);
  const { result, rows } = await getDb().transaction(async (tx) => {
    const ctx = contextOf(r, tx);
    const targets = reveal(r, await lockTargets(tx, r.root));
    if (!targets.length) return nothingWritten(r);
    const prepared = (await rulesFor(r.spec.name).update?.(ctx, patch, targets)) ?? patch;
    const dml = isSql(prepared)
      ? prepared
      : updateDml(r.spec, sealValues(r.spec, prepared), targets);
    const written = await runWrite(tx, dml, r.root, options(r));
    checkSingular(r, written);
    const after = reveal(r, written.rows);
    const key = (row: Row) => r.spec.primaryKey.map((k) => row[k]).join("|");
    const before = new Map(targets.map((t) => [key(t), t]));
    await recordEvents(ctx, {
      kind: "update",
      before: after.map((row) => before.get(key(row)) ?? row),
      after,
    });
    return { result: written, rows: after };
  });
  return respond(r, "update", result, rows);
}

/** Rows as the rules and events see them: personal data decrypted. */
function reveal(r: RestRequest, rows: Row[]): Row[] {
  return rows.map((row) => revealRow(r.spec, row));
}

function isSql(value: Values | SQL): value is SQL {
  return typeof (value as SQL).getSQL === "function";
}

export async function handleDelete(r: RestRequest): Promise<Response> {
  refuseUnlessAllowed(r, "delete");
  refuseUnfiltered(r, "DELETE");
  const { result, rows } = await getDb().transaction(async (tx) => {
    const ctx = contextOf(r, tx);
    const rules = rulesFor(r.spec.name);
    const targets = reveal(r, await lockTargets(tx, r.root));
    if (rules.remove) {
      if (targets.length) await rules.remove(ctx, targets);
      const read = await readChanged(tx, r.root, targets, options(r));
      checkSingular(r, read);
      return { result: read, rows: targets };
    }
    if (!targets.length) return nothingWritten(r);
    await rules.beforeDelete?.(ctx, targets);
    const written = await runWrite(tx, deleteDml(r.spec, targets), r.root, options(r));
    checkSingular(r, written);
    const before = reveal(r, written.rows);
    await recordEvents(ctx, { kind: "delete", before, after: [] });
    return { result: written, rows: before };
  });
  return respond(r, "delete", result, rows);
}
