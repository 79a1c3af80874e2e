import { sql } from "drizzle-orm";
import { accountToday } from "@/db/queries/account-sql";
import type { IntegrationEventType } from "@/lib/domain/events";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import { DEFAULT, type Values } from "../body";
import { type Row, updateDml } from "../write-sql";
import type { TableRules, WriteContext, WrittenRows } from "./types";

/**
 * Accounts, premises and meters concern no single customer, so their changes go to the outbox
 * only: the integration events other services consume.
 */
function event(
  type: IntegrationEventType,
  aggregateType: "account" | "premise" | "meter",
  row: Row,
  payload: Record<string, unknown>,
): ChangeEntry {
  return {
    type,
    event: {
      type,
      aggregateType,
      aggregateId: row.id as string,
      payload: { id: row.id, ...payload },
    },
  };
}

const changedColumns = (before: Row | undefined, after: Row) =>
  Object.keys(after).filter((k) => k !== "updated_at" && before?.[k] !== after[k]);

export const accountRules: TableRules = {
  /**
   * Closing an account dates it: the closing date sent, else the one it had, else today in its
   * ESCO. Reopening one clears the date.
   */
  async update(ctx: WriteContext, patch: Values, targets: Row[]) {
    if (patch.status === "closed") {
      const { closed_on: closedOn, ...rest } = patch;
      if (closedOn !== undefined && closedOn !== DEFAULT) return patch;
      return updateDml(ctx.spec, rest, targets, [
        sql`closed_on = coalesce(t.closed_on, ${accountToday("t")})`,
      ]);
    }
    if (patch.status !== undefined) return { ...patch, closed_on: null };
    return patch;
  },
  events({ kind, before, after }: WrittenRows) {
    if (kind === "insert") {
      return after.map((row) =>
        event("AccountCreated", "account", row, {
          accountNumber: row.account_number,
          type: row.type,
          status: row.status,
        }),
      );
    }
    return after.flatMap((row, i) => {
      const old = before[i];
      const entries: ChangeEntry[] = [];
      if (old && old.status !== row.status) {
        entries.push(
          event("AccountStatusChanged", "account", row, {
            from: old.status,
            to: row.status,
            ...(row.closed_on ? { closedOn: row.closed_on } : {}),
          }),
        );
      }
      const fields = changedColumns(old, row).filter((k) => k !== "status" && k !== "closed_on");
      if (fields.length) entries.push(event("AccountUpdated", "account", row, { fields }));
      return entries;
    });
  },
};

export const premiseRules: TableRules = {
  events({ kind, before, after }: WrittenRows) {
    if (kind === "insert") {
      return after.map((row) =>
        event("PremiseAdded", "premise", row, { accountId: row.account_id }),
      );
    }
    return after.flatMap((row, i) => {
      const fields = changedColumns(before[i], row);
      return fields.length
        ? [event("PremiseUpdated", "premise", row, { accountId: row.account_id, fields })]
        : [];
    });
  },
};

export const meterRules: TableRules = {
  events({ kind, before, after }: WrittenRows) {
    if (kind === "insert") {
      return after.map((row) =>
        event("MeterInstalled", "meter", row, {
          premiseId: row.premise_id,
          meterNumber: row.meter_number,
          type: row.type,
        }),
      );
    }
    return after.flatMap((row, i) =>
      row.status === "removed" && before[i]?.status !== "removed"
        ? [
            event("MeterRemoved", "meter", row, {
              premiseId: row.premise_id,
              removalDate: row.removal_date,
            }),
          ]
        : [],
    );
  },
};
