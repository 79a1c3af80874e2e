import { expect } from "vitest";
import { DELETE, POST } from "@/app/api/staff/impersonation/route";
import { type CallResult, callRoute } from "./routes";

export const VIEW_REASON = "Customer called about a high bill";

/** Starts a view as a customer; returns the Cookie header that carries both sessions. */
export async function viewAs(staffCookie: string, customerId: string): Promise<string> {
  const started = await callRoute(POST, "/api/staff/impersonation", {
    method: "POST",
    headers: { cookie: staffCookie },
    body: { customerId, reason: VIEW_REASON },
  });
  expect(started.status, started.text).toBe(201);
  return `${staffCookie}; ${(started.headers.get("set-cookie") ?? "").split(";")[0]}`;
}

/** The banner's Stop button: ends the staff member's view, from the portal unless told otherwise. */
export function stopViewing(
  cookie: string,
  headers: Record<string, string> = {},
): Promise<CallResult<{ stopped: boolean }>> {
  return callRoute(DELETE, "/api/staff/impersonation", {
    method: "DELETE",
    headers: { cookie, ...headers },
  });
}
