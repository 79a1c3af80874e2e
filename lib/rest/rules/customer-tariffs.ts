import { type SQL, sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { meterTypes } from "@/db/schema/meters";
import { todayIn } from "@/lib/clock";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import { BASIS_POINTS, discountedRateSql } from "@/lib/tariff";
import type { Value, Values } from "../body";
import { RestError, ruleViolation } from "../errors";
import { primaryKeyIn, type Row } from "../write-sql";
import type { TableRules, WriteContext, WrittenRows } from "./types";

/**
 * A customer's tariff for a fuel from `period_start`: benchmark rate × (1 − discount / 10000),
 * computed in SQL. Without a discount the customer inherits the tariff their ESCO has for that
 * fuel in force on that date (the ESCO of the premises they occupy); with one, it is an override.
 * The fuel is the one sent, else the benchmark's, else electricity.
 */

const given = (value: Value | undefined): value is string => typeof value === "string";

function basisPoints(value: string): string {
  const n = Number(value);
  if (!/^\d{1,5}$/.test(value.trim()) || n > BASIS_POINTS) {
    throw ruleViolation(
      400,
      `discount_rate_basis_points must be a whole number from 0 to ${BASIS_POINTS}.`,
      {
        constraint: "customer_tariffs_discount_range",
      },
    );
  }
  return String(n);
}

function fuelOf(value: string): string {
  if (!(meterTypes as readonly string[]).includes(value)) {
    throw ruleViolation(400, `fuel must be one of ${meterTypes.join(", ")}.`, { code: "22P02" });
  }
  return value;
}

interface Source {
  customer_status: string | null;
  escos: number;
  microgrid_id: string | null;
  microgrid_benchmark: string | null;
  microgrid_bp: number | null;
  benchmark_id: string | null;
  fuel: string;
}

const unprocessable = (code: string, message: string, hint?: string) =>
  new RestError(422, code, message, { hint: hint ?? null });

async function insert(ctx: WriteContext, rows: Values[]): Promise<SQL> {
  const requests = rows.map((row) => {
    if (!given(row.customer_id) || !given(row.period_start)) {
      throw ruleViolation(400, "A customer tariff needs customer_id and period_start.", {
        code: "23502",
      });
    }
    const bp = given(row.discount_rate_basis_points)
      ? basisPoints(row.discount_rate_basis_points)
      : null;
    const benchmark = given(row.benchmark_tariff_id) ? row.benchmark_tariff_id : null;
    const fuel = given(row.fuel) ? fuelOf(row.fuel) : null;
    return { customer: row.customer_id, start: row.period_start, bp, benchmark, fuel };
  });
  const sources = await queryRows<Source>(
    ctx.tx,
    sql`SELECT c.status AS customer_status, coalesce(e.n, 0) AS escos, m.id AS microgrid_id,
          m.benchmark_tariff_id AS microgrid_benchmark, m.discount_rate_basis_points AS microgrid_bp,
          b.id AS benchmark_id, f.fuel
        FROM (VALUES ${sql.join(
          requests.map(
            (r, i) =>
              sql`(${i}::int, ${r.customer}::uuid, ${r.start}::date, ${r.benchmark}::uuid, ${r.fuel}::meter_type)`,
          ),
          sql`, `,
        )}) AS v(i, customer_id, period_start, benchmark_tariff_id, fuel)
        CROSS JOIN LATERAL (
          SELECT coalesce(v.fuel, (SELECT g.fuel FROM benchmark_tariffs g WHERE g.id = v.benchmark_tariff_id),
                          'electric') AS fuel) f
        LEFT JOIN customers c ON c.id = v.customer_id
        LEFT JOIN LATERAL (
          SELECT count(DISTINCT p.esco_id)::int AS n, (array_agg(DISTINCT p.esco_id))[1] AS esco_id
          FROM customer_accounts ca JOIN premises p ON p.account_id = ca.account_id
          WHERE ca.customer_id = v.customer_id AND ca.role = 'occupier') e ON true
        LEFT JOIN LATERAL (
          SELECT mt.* FROM microgrid_tariffs mt
          WHERE e.n = 1 AND mt.esco_id = e.esco_id AND mt.fuel = f.fuel
            AND mt.period_start <= v.period_start
          ORDER BY mt.period_start DESC LIMIT 1) m ON true
        LEFT JOIN benchmark_tariffs b ON b.id = coalesce(v.benchmark_tariff_id, m.benchmark_tariff_id)
        ORDER BY v.i`,
  );
  const values = requests.map((r, i) => {
    const source = sources[i] as Source;
    if (!source.customer_status) {
      throw new RestError(409, "23503", `There is no customer ${r.customer}.`);
    }
    if (source.customer_status === "closed") {
      throw ruleViolation(409, "An erased customer cannot be given a tariff.", {
        code: "erased_customer",
      });
    }
    const needsMicrogrid = r.bp === null || r.benchmark === null;
    if (needsMicrogrid && source.escos !== 1) {
      throw unprocessable(
        source.escos ? "ambiguous_esco" : "no_esco",
        source.escos
          ? "This customer occupies premises of several ESCOs, so there is no one microgrid tariff to inherit."
          : "This customer occupies no premises, so there is no ESCO tariff to inherit.",
        "Send discount_rate_basis_points and benchmark_tariff_id to set an override.",
      );
    }
    if (needsMicrogrid && !source.microgrid_id) {
      throw unprocessable(
        "no_microgrid_tariff",
        `The customer's ESCO has no ${source.fuel} tariff in force on ${r.start}.`,
        "Send discount_rate_basis_points and benchmark_tariff_id to set an override.",
      );
    }
    if (!source.benchmark_id) {
      throw new RestError(409, "23503", `There is no benchmark tariff ${r.benchmark}.`);
    }
    const inherited = r.bp === null;
    return sql`(${r.customer}::uuid, ${r.start}::date, ${source.fuel}::meter_type, ${source.benchmark_id}::uuid,
      ${inherited ? source.microgrid_id : null}::uuid,
      ${inherited ? String(source.microgrid_bp) : r.bp}::integer, ${!inherited}::boolean)`;
  });
  return sql`INSERT INTO customer_tariffs (customer_id, period_start, fuel, benchmark_tariff_id,
      microgrid_tariff_id, discount_rate_basis_points, is_override, computed_unit_rate,
      computed_standing_charge)
    SELECT v.customer_id, v.period_start, v.fuel, b.id, v.microgrid_tariff_id, v.bp, v.is_override,
      ${discountedRateSql(sql`b.unit_rate`, sql`v.bp::numeric`)},
      ${discountedRateSql(sql`b.standing_charge`, sql`v.bp::numeric`)}
    FROM (VALUES ${sql.join(values, sql`, `)})
      AS v(customer_id, period_start, fuel, benchmark_tariff_id, microgrid_tariff_id, bp, is_override)
    JOIN benchmark_tariffs b ON b.id = v.benchmark_tariff_id
    RETURNING *`;
}

/** A tariff that has started explains bills already issued: add a new period instead. */
function refuseStarted(targets: Row[], verb: string): void {
  const today = todayIn("UTC");
  if (targets.some((t) => (t.period_start as string) <= today)) {
    throw ruleViolation(409, `A tariff that has started cannot be ${verb}.`, {
      code: "tariff_started",
      hint: "Add a tariff with a later period_start instead.",
    });
  }
}

async function update(_ctx: WriteContext, patch: Values, targets: Row[]): Promise<SQL> {
  const value = patch.discount_rate_basis_points;
  if (!given(value)) {
    throw ruleViolation(400, "Send the new discount_rate_basis_points (0 to 10000).", {
      code: "23502",
    });
  }
  refuseStarted(targets, "changed");
  const bp = basisPoints(value);
  return sql`UPDATE customer_tariffs AS t SET discount_rate_basis_points = ${bp}::integer,
      is_override = true, microgrid_tariff_id = NULL,
      computed_unit_rate = ${discountedRateSql(sql`b.unit_rate`, sql`${bp}::numeric`)},
      computed_standing_charge = ${discountedRateSql(sql`b.standing_charge`, sql`${bp}::numeric`)}
    FROM benchmark_tariffs b
    WHERE b.id = t.benchmark_tariff_id AND ${primaryKeyIn(_ctx.spec, "t", targets)}
    RETURNING t.*`;
}

async function beforeDelete(_ctx: WriteContext, targets: Row[]): Promise<void> {
  refuseStarted(targets, "deleted");
}

function tariffEntry(change: "added" | "updated" | "removed", row: Row, extra = {}): ChangeEntry {
  const data = {
    change,
    tariff_id: row.id,
    period_start: row.period_start,
    discount_rate_basis_points: Number(row.discount_rate_basis_points),
    is_override: row.is_override === "true",
    computed_unit_rate: row.computed_unit_rate,
    computed_standing_charge: row.computed_standing_charge,
    ...extra,
  };
  return {
    customerId: row.customer_id as string,
    type: "TariffChanged",
    data,
    event: {
      type: "TariffChanged",
      aggregateType: "customer",
      aggregateId: row.customer_id as string,
      payload: { customerId: row.customer_id, ...data },
    },
  };
}

function events({ kind, before, after }: WrittenRows): ChangeEntry[] {
  if (kind === "insert") return after.map((row) => tariffEntry("added", row));
  if (kind === "delete") return before.map((row) => tariffEntry("removed", row));
  return after.map((row, i) =>
    tariffEntry("updated", row, {
      previous_discount_rate_basis_points: Number(before[i]?.discount_rate_basis_points),
    }),
  );
}

export const customerTariffRules: TableRules = { insert, update, beforeDelete, events };
