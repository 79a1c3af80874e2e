import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor, getDb, queryRows } from "@/db/client";
import { getPremise } from "@/db/queries/premises";
import { accountLinks } from "@/db/queries/scope";
import type { CustomerPrincipal } from "@/lib/auth/principal";
import { notFound } from "@/lib/errors";
import { decryptPii, encryptPii, sealStreet } from "@/lib/pii";
import { lockAccountForChange } from "./accounts";
import { type Actor, recordChange } from "./events";

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
          if (f === "street" && value !== null) {
            const sealed = sealStreet(value);
            return sql`street = ${sealed.street}, street_index = ${sealed.streetIndex}`;
          }
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
