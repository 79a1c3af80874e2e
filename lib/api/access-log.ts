import type { AccessCursor, AccessPage } from "@/db/queries/access-audit";
import { cursorKeys, decodeCursor, encodeCursor, nextLink } from "@/lib/pagination";
import { readQuery } from "@/lib/validation";
import { accessLogPageQuery } from "./page-query";

/** The page of the access audit a request asks for: its size and where it starts. */
export function accessLogRequest(req: Request): { limit: number; after: AccessCursor | null } {
  const { limit, cursor } = readQuery(req, accessLogPageQuery);
  return { limit, after: cursor ? decodeCursor(cursor, cursorKeys.instantAndSerial) : null };
}

/** The page as JSON, with the link to the next one. */
export function accessLogResponse(req: Request, page: AccessPage): Response {
  return Response.json({
    entries: page.entries,
    next: nextLink(req, page.next ? encodeCursor(page.next) : null),
  });
}

/** A page's `?cursor=`: a position in the audit, or the newest entries when absent or not ours. */
export function accessCursorParam(value: unknown): AccessCursor | null {
  if (typeof value !== "string" || value.length > 512) return null;
  try {
    return decodeCursor(value, cursorKeys.instantAndSerial);
  } catch {
    return null;
  }
}
