import { randomBytes } from "node:crypto";
import { GET, POST } from "@/app/invite/[token]/route";
import { type CallResult, callRoute } from "./routes";
import { PORTAL_ORIGIN, type Registration } from "./session";

/** Opens an invitation link, as the browser does when the invitee clicks it in the email. */
export function openLink(token: string): Promise<CallResult<string>> {
  return callRoute(GET, `/invite/${encodeURIComponent(token)}`, { params: { token } });
}

/** The invitation page's Accept button: a form POST carrying the session cookie. */
export function accept(
  token: string,
  cookie: string,
  headers: Record<string, string> = { origin: PORTAL_ORIGIN },
): Promise<CallResult<string>> {
  return callRoute(POST, `/invite/${encodeURIComponent(token)}`, {
    method: "POST",
    params: { token },
    headers: { cookie, accept: "text/html", ...headers },
    noOrigin: true,
  });
}

/** A person new to the realm, unique to this run. */
export function newPerson(firstName: string, lastName: string): Registration {
  const suffix = randomBytes(4).toString("hex");
  const username = `${firstName}.${lastName}.${suffix}`.toLowerCase();
  return {
    firstName,
    lastName,
    username,
    email: `${username}@example.net`,
    password: `pw-${randomBytes(9).toString("base64url")}`,
  };
}
