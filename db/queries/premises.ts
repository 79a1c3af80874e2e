import { sql } from "drizzle-orm";
import { z } from "zod";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { type Actor, recordChange } from "@/lib/domain/events";
import { notFound } from "@/lib/errors";
import { decryptPii, encryptPii, revealPii } from "@/lib/pii";
import type { PremiseDetail, PremiseList } from "@/lib/schemas/types";
import { type Executor, getDb, queryRows } from "../client";
import { roleGrants } from "./account-sql";
import { lockAccountForChange } from "./accounts";
import { type Addressed, premisesInOrder } from "./addresses";
import { accountLinks } from "./scope";
import { isoDate, isoInstant, quantity } from "./sql-format";

/** A meter's fields as listed under a premise; readings only for roles that may see usage. */
export const meterFields = (roleExpr = sql`l.role`) => sql`
  'meterId', m.id, 'meterNumber', m.meter_number, 'type', m.type, 'status', m.status,
  'unit', m.unit, 'isSmart', m.is_smart, 'installDate', ${isoDate(sql`m.install_date`)},
  'removalDate', ${isoDate(sql`m.removal_date`)},
  'lastReading', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${quantity(sql`last.register_value`)} END,
  'lastReadingAt', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${isoInstant(sql`last.read_at`)} END,
  'lastReadingDate', CASE WHEN ${roleGrants(roleExpr, "usage")} THEN ${isoDate(sql`(last.read_at AT TIME ZONE e.timezone)::date`)} END`;

export const meterJson = (roleExpr = sql`l.role`) =>
  sql`json_build_object(${meterFields(roleExpr)})`;

/** `last`: a meter `m`'s latest read, found backwards on the (meter_id, read_at) key. */
export const lastReading = sql`LEFT JOIN LATERAL (
    SELECT r.register_value, r.read_at FROM meter_readings r
    WHERE r.meter_id = m.id ORDER BY r.read_at DESC LIMIT 1
  ) last ON true`;

const premiseFields = sql`
  'premiseId', p.id, 'accountId', p.account_id, 'street', p.street, 'unit', p.unit,
  'city', p.city, 'state', p.state, 'zip', p.zip, 'country', p.country, 'isPrimary', p.is_primary,
  'esco', json_build_object('code', e.code, 'name', e.name, 'currency', e.currency, 'timezone', e.timezone)`;

/** GET /api/accounts/{accountId}/premises */
export async function listPremises({
  principal,
  accountId,
}: {
  principal: CustomerPrincipal;
  accountId: string;
}) {
  const [row] = await queryRows<{ body: unknown[] }>(
    getDb(),
    sql`SELECT (SELECT coalesce(json_agg(json_build_object(${premiseFields},
                  'meterCount', (SELECT count(*) FROM meters m WHERE m.premise_id = p.id)
                )), '[]'::json)
                FROM premises p JOIN escos e ON e.id = p.esco_id WHERE p.account_id = l.account_id) AS body
        FROM (${accountLinks(principal, "view")}) l
        WHERE l.account_id = ${accountId}::uuid`,
  );
  if (!row) throw notFound("account");
  return { premises: premisesInOrder(row.body as Addressed[]) } as PremiseList;
}

/** GET /api/premises/{premiseId}: the premise with its meters. */
export async function getPremise({
  principal,
  premiseId,
}: {
  principal: CustomerPrincipal;
  premiseId: string;
}) {
  const [row] = await queryRows<{ body: Record<string, unknown> }>(
    getDb(),
    sql`SELECT json_build_object(${premiseFields},
          'meters', (SELECT coalesce(json_agg(${meterJson()} ORDER BY m.meter_number), '[]'::json)
                     FROM meters m ${lastReading} WHERE m.premise_id = p.id)
        ) AS body
        FROM (${accountLinks(principal, "view")}) l
        JOIN premises p ON p.account_id = l.account_id
        JOIN escos e ON e.id = p.esco_id
        WHERE p.id = ${premiseId}::uuid`,
  );
  if (!row) throw notFound("premise");
  return revealPii(row.body) as unknown as PremiseDetail;
}

const text = (max: number) =>
  z.string().trim().min(1, "This cannot be empty").max(max, `Use at most ${max} characters`);

/** The parts of a service address a customer may correct. */
export const premiseUpdateSchema = z
  .strictObject({
    street: text(200).optional(),
    unit: text(50).nullable().optional(),
    city: text(100).optional(),
    state: text(100).nullable().optional(),
    zip: text(16).optional(),
  })
  .meta({ id: "PremiseUpdate" });

const premiseColumns = {
  street: "street",
  unit: "unit",
  city: "city",
  state: "state",
  zip: "zip",
} as const;

interface LockedPremise {
  id: string;
  account_id: string;
  street: string;
  unit: string | null;
  city: string;
  state: string | null;
  zip: string;
}

async function lockPremise(tx: Executor, principal: CustomerPrincipal, premiseId: string) {
  const [premise] = await queryRows<LockedPremise>(
    tx,
    sql`SELECT p.id, p.account_id, p.street, p.unit, p.city, p.state, p.zip
        FROM (${accountLinks(principal, "view")}) l JOIN premises p ON p.account_id = l.account_id
        WHERE p.id = ${premiseId}::uuid`,
  );
  if (!premise) throw notFound("premise");
  premise.street = decryptPii("street", premise.street);
  premise.unit = decryptPii("unit", premise.unit);
  // The account lock serialises every change to the account's premises, and checks the role.
  const account = await lockAccountForChange(tx, principal, premise.account_id);
  return { premise, account };
}

/** PUT /api/premises/{premiseId}: correct the address. */
export async function updatePremise({
  principal,
  actor,
  premiseId,
  input,
}: {
  principal: CustomerPrincipal;
  actor: Actor;
  premiseId: string;
  input: z.output<typeof premiseUpdateSchema>;
}) {
  await getDb().transaction(async (tx) => {
    const { premise, account } = await lockPremise(tx, principal, premiseId);
    const changed = (Object.keys(premiseColumns) as (keyof typeof premiseColumns)[]).filter(
      (f) => input[f] !== undefined && input[f] !== premise[f],
    );
    if (changed.length === 0) return;
    await tx.execute(
      sql`UPDATE premises SET ${sql.join(
        changed.map((f) => {
          const value = input[f] ?? null;
          const stored = f === "street" || f === "unit" ? encryptPii(f, value) : value;
          return sql`${sql.identifier(premiseColumns[f])} = ${stored}`;
        }),
        sql`, `,
      )}, updated_at = now() WHERE id = ${premiseId}::uuid`,
    );
    await recordChange(tx, {
      customerId: account.customer_id,
      type: "PremiseUpdated",
      actor,
      data: { premiseId, accountId: premise.account_id, fields: changed },
      event: {
        type: "PremiseUpdated",
        aggregateType: "premise",
        aggregateId: premiseId,
        payload: { premiseId, accountId: premise.account_id, fields: changed },
      },
    });
  });
  return getPremise({ principal, premiseId });
}

/**
 * POST /api/premises/{premiseId}/set-primary. Concurrent calls queue on the account's row lock;
 * the flag is cleared before it is set, so the one-primary index never sees two.
 */
export async function setPrimaryPremise({
  principal,
  actor,
  premiseId,
}: {
  principal: CustomerPrincipal;
  actor: Actor;
  premiseId: string;
}) {
  await getDb().transaction(async (tx) => {
    const { premise, account } = await lockPremise(tx, principal, premiseId);
    const [current] = await queryRows<{ is_primary: boolean }>(
      tx,
      sql`SELECT is_primary FROM premises WHERE id = ${premiseId}::uuid`,
    );
    if (current?.is_primary) return;
    await tx.execute(
      sql`UPDATE premises SET is_primary = false, updated_at = now()
          WHERE account_id = ${premise.account_id}::uuid AND is_primary`,
    );
    await tx.execute(
      sql`UPDATE premises SET is_primary = true, updated_at = now() WHERE id = ${premiseId}::uuid`,
    );
    await recordChange(tx, {
      customerId: account.customer_id,
      type: "PrimaryPremiseChanged",
      actor,
      data: { premiseId, accountId: premise.account_id },
      event: {
        type: "PremiseUpdated",
        aggregateType: "premise",
        aggregateId: premiseId,
        payload: { premiseId, accountId: premise.account_id, isPrimary: true },
      },
    });
  });
  return getPremise({ principal, premiseId });
}
