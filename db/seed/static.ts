import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { encryptPii, sealEmail, sealPhone, sealStreet } from "@/lib/pii";
import { discountedRateSql } from "@/lib/tariff";
import type { Executor } from "../client";
import {
  accounts,
  benchmarkTariffs,
  customerAccounts,
  customerEvents,
  customers,
  customerTariffs,
  escos,
  meters,
  meterUnits,
  microgridTariffs,
  preferences,
  premises,
} from "../schema";
import {
  type DemoTariff,
  demoAccounts,
  demoCustomers,
  demoEscos,
  demoLinks,
  demoTariffs,
} from "./demo-data";
import { seedId } from "./ids";

export const escoId = (code: string) => seedId("esco", code);
export const customerId = (key: string) => seedId("customer", key);
export const accountId = (accountNumber: string) => seedId("account", accountNumber);
export const premiseId = (key: string) => seedId("premise", key);
export const meterId = (meterNumber: string) => seedId("meter", meterNumber);

/** Quarter starts (YYYY-MM-01) from about fifteen months before `asOf` up to `asOf`. */
export function quarterStarts(asOf: string): string[] {
  const [year, month] = asOf.split("-").map(Number) as [number, number];
  let y = year;
  let m = month - 15;
  while (m < 1) {
    m += 12;
    y -= 1;
  }
  m = m - ((m - 1) % 3);
  const starts: string[] = [];
  while (y < year || (y === year && m <= month)) {
    starts.push(`${y}-${String(m).padStart(2, "0")}-01`);
    m += 3;
    if (m > 12) {
      m -= 12;
      y += 1;
    }
  }
  return starts;
}

/** A plausible, repeatable price for a quarter: the same quarter always gets the same rate. */
function quarterRate(quarter: string, base: number, spread: number, salt: string): string {
  const n = createHash("sha1").update(`${salt}:${quarter}`).digest().readUInt32BE(0);
  return (base + (n % spread) / 10_000).toFixed(4);
}

/** ESCOs, customers, accounts, premises, meters, preferences and tariffs. */
export async function seedStaticData(tx: Executor, asOf: string): Promise<void> {
  await tx
    .insert(escos)
    .values(
      demoEscos.map((e) => ({
        id: escoId(e.code),
        code: e.code,
        name: e.name,
        currency: e.currency,
        timezone: e.timezone,
      })),
    )
    .onConflictDoNothing();

  await tx
    .insert(customers)
    .values(
      demoCustomers.map((c) => ({
        id: customerId(c.key),
        authSubject: c.authSubject ?? null,
        type: c.type,
        firstName: c.firstName ?? null,
        lastName: c.lastName ?? null,
        businessName: c.businessName ?? null,
        ...sealEmail(c.email),
        ...sealPhone(c.phone ?? null),
        status: c.status,
        createdAt: new Date(c.createdAt),
        updatedAt: new Date(c.createdAt),
      })),
    )
    .onConflictDoNothing();

  await tx
    .insert(accounts)
    .values(
      demoAccounts.map((a) => ({
        id: accountId(a.accountNumber),
        accountNumber: a.accountNumber,
        nickname: a.nickname ?? null,
        type: a.type,
        status: "active" as const,
      })),
    )
    .onConflictDoNothing();

  await tx
    .insert(customerAccounts)
    .values(
      demoLinks.map((l) => ({
        customerId: customerId(l.customer),
        accountId: accountId(l.account),
        role: l.role,
      })),
    )
    .onConflictDoNothing();

  const premiseRows = demoAccounts.flatMap((a) =>
    a.premises.map((p) => ({
      id: premiseId(p.key),
      accountId: accountId(a.accountNumber),
      escoId: escoId(a.esco),
      ...sealStreet(p.street),
      unit: encryptPii("unit", p.unit ?? null),
      city: p.city,
      state: p.state ?? null,
      zip: p.zip,
      country: p.country,
      isPrimary: p.primary,
    })),
  );
  await tx.insert(premises).values(premiseRows).onConflictDoNothing();

  const meterRows = demoAccounts.flatMap((a) =>
    a.premises.flatMap((p) =>
      p.meters.map((m) => ({
        id: meterId(m.meterNumber),
        premiseId: premiseId(p.key),
        meterNumber: m.meterNumber,
        type: m.type,
        unit: meterUnits[m.type],
        status: "active" as const,
        installDate: m.installDate,
        isSmart: m.smart,
      })),
    ),
  );
  await tx.insert(meters).values(meterRows).onConflictDoNothing();

  await tx
    .insert(preferences)
    .values(
      demoCustomers.map((c, i) => ({
        customerId: customerId(c.key),
        billDelivery: i % 3 === 2 ? ("both" as const) : ("email" as const),
        notifyHighUsageAlerts: c.type === "business",
        autoPayEnabled: c.paymentMethod === "direct_debit",
        autoPayPaymentMethodId: c.paymentMethod === "direct_debit" ? `pm_dd_${c.key}` : null,
      })),
    )
    .onConflictDoNothing();

  await tx.execute(sql`
    INSERT INTO ${customerEvents} (customer_id, type, actor_type, actor_id, data, occurred_at)
    SELECT c.id, 'CustomerCreated', 'system', 'seed', jsonb_build_object('status', c.status), c.created_at
    FROM ${customers} c
    WHERE c.id IN (${sql.join(
      demoCustomers.map((c) => sql`${customerId(c.key)}::uuid`),
      sql`, `,
    )})
      AND NOT EXISTS (SELECT 1 FROM ${customerEvents} e WHERE e.customer_id = c.id)`);

  await seedTariffs(tx, asOf);
}

async function seedTariffs(tx: Executor, asOf: string): Promise<void> {
  const quarters = quarterStarts(asOf);
  const benchmarkId = (t: DemoTariff, q: string) => seedId("benchmark", `${t.code}:${q}`);
  const escoTariffId = (t: DemoTariff, q: string) =>
    t.fuel === "electric"
      ? seedId("microgrid", `${t.esco}:${q}`)
      : seedId("microgrid", `${t.esco}:${t.fuel}:${q}`);
  await tx
    .insert(benchmarkTariffs)
    .values(
      demoTariffs.flatMap((t) =>
        quarters.map((q) => ({
          id: benchmarkId(t, q),
          code: t.code,
          name: t.name,
          fuel: t.fuel,
          currency: t.currency,
          periodStart: q,
          unitRate: t.quarterly ? quarterRate(q, Number(t.unitRate), 400, "unit") : t.unitRate,
          standingCharge: t.quarterly
            ? quarterRate(q, Number(t.standing), 800, "standing")
            : t.standing,
        })),
      ),
    )
    .onConflictDoNothing();

  await tx
    .insert(microgridTariffs)
    .values(
      demoTariffs.flatMap((t) =>
        quarters.map((q) => ({
          id: escoTariffId(t, q),
          escoId: escoId(t.esco),
          benchmarkTariffId: benchmarkId(t, q),
          fuel: t.fuel,
          periodStart: q,
          discountRateBasisPoints: t.discountBasisPoints,
        })),
      ),
    )
    .onConflictDoNothing();

  // A customer holds electricity tariff rows per quarter where they are a member of a microgrid
  // (its discount) or have agreed their own discount (an override); everyone else pays their
  // ESCO's tariff as published.
  for (const t of demoTariffs.filter((t) => t.fuel === "electric")) {
    const holders = demoCustomers.filter(
      (c) =>
        c.status === "live" &&
        (t.members || c.discountOverrideBasisPoints !== undefined) &&
        demoLinks.some(
          (l) =>
            l.customer === c.key &&
            l.role === "occupier" &&
            demoAccounts.find((a) => a.accountNumber === l.account)?.esco === t.esco,
        ),
    );
    for (const c of holders) {
      const override = c.discountOverrideBasisPoints;
      const bp = override ?? t.discountBasisPoints;
      await tx.execute(sql`
        INSERT INTO ${customerTariffs} (id, customer_id, period_start, fuel, benchmark_tariff_id,
          microgrid_tariff_id, discount_rate_basis_points, is_override, computed_unit_rate,
          computed_standing_charge)
        SELECT md5('customer-tariff:' || ${c.key} || ':' || m.period_start::text)::uuid,
               ${customerId(c.key)}::uuid, m.period_start, m.fuel, b.id,
               ${override === undefined ? sql`m.id` : sql`NULL::uuid`},
               ${bp}::int, ${override !== undefined},
               ${discountedRateSql(sql`b.unit_rate`, bp)},
               ${discountedRateSql(sql`b.standing_charge`, bp)}
        FROM ${microgridTariffs} m
        JOIN ${benchmarkTariffs} b ON b.id = m.benchmark_tariff_id
        WHERE m.esco_id = ${escoId(t.esco)}::uuid AND m.fuel = ${t.fuel}
        ON CONFLICT (customer_id, fuel, period_start) DO NOTHING`);
    }
  }
}
