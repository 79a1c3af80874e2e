import type { NextRequest } from "next/server";
import type { StaffPrincipal } from "@/lib/auth/principal";
import type { Actor } from "@/lib/domain/events";
import type { Preferences, ReadQuery } from "./grammar";
import type { QueryNode } from "./resolve";
import type { TableSpec } from "./tables";

/** One admin API request, parsed and checked against the allow-list. */
export interface RestRequest {
  req: NextRequest;
  requestId: string;
  principal: StaffPrincipal;
  actor: Actor;
  spec: TableSpec;
  query: ReadQuery;
  /** The select tree with its filters, order and paging, every name resolved. */
  root: QueryNode;
  prefs: Preferences;
  /** An array of rows, or exactly one object (`Accept: application/vnd.pgrst.object+json`). */
  representation: "array" | "object";
  /** Whose data the request read, for the access audit. */
  customersRead: Set<string>;
}
