import { closeAccount } from "@/lib/domain/account-closure";
import type { IntegrationEventType } from "@/lib/domain/events";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import { DEFAULT, type Values } from "../body";
import { ruleViolation } from "../errors";
import type { Row } from "../write-sql";
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
   * Closing goes through the domain's closeAccount, as the staff console's does: the same check
   * of the date (today or earlier in the account's ESCO; today when not sent) and the same
   * entries in every linked customer's audit trail. An account already closed stays as it is
   * unless a date is sent, which closeAccount refuses like a second close. The date is only
   * ever set by closing; reopening an account clears it.
   */
  async update(ctx: WriteContext, patch: Values, targets: Row[]) {
    const { closed_on: closedOn, ...rest } = patch;
    const dated = closedOn !== undefined && closedOn !== DEFAULT;
    if (patch.status === "closed") {
      const { status: _, ...others } = rest;
      for (const target of targets) {
        if (target.status === "closed" && !dated) continue;
        await closeAccount(ctx.tx, {
          accountId: target.id as string,
          closedOn: dated && closedOn !== null ? String(closedOn) : undefined,
          actor: ctx.actor,
        });
      }
      return others;
    }
    if (dated && closedOn !== null) {
      throw ruleViolation(422, "closed_on is set by closing the account.", {
        constraint: "accounts_closed_on_when_closed",
        hint: 'Send it with "status": "closed".',
      });
    }
    if (patch.status !== undefined) return { ...rest, closed_on: null };
    return rest;
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
      // A close is recorded by closeAccount, with the linked customers' audit entries.
      if (old && old.status !== row.status && row.status !== "closed") {
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
