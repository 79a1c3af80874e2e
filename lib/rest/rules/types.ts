import type { SQL } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { Actor } from "@/lib/domain/events";
import type { ChangeEntry } from "@/lib/domain/record-changes";
import type { Values } from "../body";
import type { TableSpec } from "../tables";
import type { Row } from "../write-sql";

export interface WriteContext {
  tx: Executor;
  spec: TableSpec;
  actor: Actor;
  /** The portal's public origin, for links a write sends out (invitation emails). */
  portalUrl: string;
}

export interface WrittenRows {
  kind: "insert" | "update" | "delete";
  /** The rows as they were (update, delete), in the same order as `after` for updates. */
  before: Row[];
  /** The rows as written (insert, update). */
  after: Row[];
}

/**
 * A table's domain rules on admin writes. Each hook runs inside the write's transaction, before
 * (checks, completing values) or after (the audit entries and integration events) the change.
 */
export interface TableRules {
  /** Checks and completes the rows of a POST, or returns the INSERT itself (derived columns). */
  insert?(ctx: WriteContext, rows: Values[]): Promise<Values[] | SQL>;
  /**
   * Replaces the INSERT (invites: the domain makes the token and queues its email) and records
   * its own events; returns the new rows' keys, read back afterwards for the representation.
   */
  create?(ctx: WriteContext, rows: Values[]): Promise<Row[]>;
  /** Checks a PATCH against the locked rows; returns the columns to set, or the UPDATE itself. */
  update?(ctx: WriteContext, patch: Values, targets: Row[]): Promise<Values | SQL>;
  /** Checks before a DELETE of the locked rows. */
  beforeDelete?(ctx: WriteContext, targets: Row[]): Promise<void>;
  /** Replaces the DELETE (erasure): the rows are read back afterwards for the representation. */
  remove?(ctx: WriteContext, targets: Row[]): Promise<void>;
  events?(written: WrittenRows): ChangeEntry[];
}
