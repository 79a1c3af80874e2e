import type { IntegrationEventType } from "@/lib/domain/events";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import type { Row } from "../write-sql";
import type { TableRules, WrittenRows } from "./types";

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
          event("AccountStatusChanged", "account", row, { from: old.status, to: row.status }),
        );
      }
      const fields = changedColumns(old, row).filter((k) => k !== "status");
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
