import { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { verificationLink } from "./realm-mail";

export const PORTAL_ORIGIN = "http://localhost:3999";

/** A minimal cookie jar: enough for one browser-like sign-in across two sites. */
class Jar {
  private readonly cookies = new Map<string, string>();

  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some(
        (a) => /^\s*max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a),
      );
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Starts from the cookies a Cookie header holds. */
  load(header: string) {
    for (const pair of header.split(";")) {
      const index = pair.indexOf("=");
      if (index > 0) this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

async function portal(jar: Jar, method: string, path: string, form?: Record<string, string>) {
  const headers = new Headers({ cookie: jar.header() });
  if (method !== "GET") headers.set("origin", PORTAL_ORIGIN);
  let body: string | undefined;
  if (form) {
    headers.set("content-type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(form).toString();
  }
  const req = new NextRequest(new URL(path, PORTAL_ORIGIN), { method, headers, body });
  const response = await (method === "GET" ? handlers.GET(req) : handlers.POST(req));
  jar.store(response);
  return response;
}

async function idp(jar: Jar, url: string, form?: Record<string, string>) {
  const response = await fetch(url, {
    method: form ? "POST" : "GET",
    redirect: "manual",
    headers: {
      cookie: jar.header(),
      ...(form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    body: form ? new URLSearchParams(form).toString() : undefined,
  });
  jar.store(response);
  return response;
}

/** A new user of the customer realm, signed up through its registration form. */
export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  username: string;
  password: string;
}

const formAction = (html: string, id: string) =>
  new RegExp(`<form[^>]*id="${id}"[^>]*action="([^"]+)"`).exec(html)?.[1]?.replaceAll("&amp;", "&");

/** Fills the realm's login form, or follows its Register link and fills that form instead. */
async function submitRealmForm(
  jar: Jar,
  page: Response,
  location: string,
  username: string,
  registration?: Registration,
): Promise<Response> {
  const html = await page.text();
  if (!registration) {
    const action = formAction(html, "kc-form-login") ?? page.url;
    return idp(jar, new URL(action, location).toString(), { username, password: username });
  }
  const link = /id="kc-register-link" href="([^"]+)"/.exec(html)?.[1]?.replaceAll("&amp;", "&");
  if (!link) throw new Error("The realm's login page offers no registration");
  const form = await idp(jar, new URL(link, location).toString());
  const action = formAction(await form.text(), "kc-register-form");
  if (!action) throw new Error("The realm's registration page has no form");
  const registered = await idp(jar, new URL(action, location).toString(), {
    ...registration,
    "password-confirm": registration.password,
  });
  if (registered.status !== 200) return registered;
  // The realm asks new users to verify their address: follow the link it emailed.
  if (!(await registered.text()).includes("verify your email address")) {
    throw new Error("The realm's registration did not go through");
  }
  return idp(jar, await verificationLink(new URL(location).origin, registration.email));
}

/**
 * Signs in through the real OpenID Connect flow, as a browser would: the portal's Auth.js
 * handlers send us to the realm, the realm's login form takes the password (or, for a new
 * user, its registration form signs them up), and the callback sets the session cookie.
 * Returns the portal's Cookie header.
 */
export async function signInWithSession(
  username: string,
  options: SignInOptions = {},
): Promise<string> {
  return (await signInWithRealmSession(username, options)).cookie;
}

interface SignInOptions {
  provider?: "keycloak" | "keycloak-staff";
  registration?: Registration;
  callbackUrl?: string;
}

/**
 * The same sign-in, up to the portal's answer to the realm's callback, whatever it is: where a
 * refused sign-in is sent, the cookies the portal set, and the realm's cookies (`realmCookie`),
 * as the browser keeps them: what a logout at the realm needs to find the SSO session it ends.
 */
export async function attemptSignIn(
  username: string,
  options: SignInOptions = {},
): Promise<{ callback: Response; cookie: string; realmCookie: string }> {
  const portalJar = new Jar();
  const idpJar = new Jar();
  const csrf = await portal(portalJar, "GET", "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const start = await portal(
    portalJar,
    "POST",
    `/api/auth/signin/${options.provider ?? "keycloak"}`,
    {
      csrfToken,
      callbackUrl: options.callbackUrl ?? "/",
    },
  );
  let location = start.headers.get("location");
  for (let hop = 0; location && !location.startsWith(PORTAL_ORIGIN) && hop < 10; hop++) {
    const response = await idp(idpJar, location);
    if (response.status === 200) {
      const posted = await submitRealmForm(
        idpJar,
        response,
        location,
        username,
        options.registration,
      );
      location = new URL(posted.headers.get("location") ?? "", location).toString();
      continue;
    }
    location = new URL(response.headers.get("location") ?? "", location).toString();
  }
  if (!location?.startsWith(PORTAL_ORIGIN))
    throw new Error(`Sign-in of ${username} did not return to the portal`);
  const callback = await portal(portalJar, "GET", location.slice(PORTAL_ORIGIN.length));
  return { callback, cookie: portalJar.header(), realmCookie: idpJar.header() };
}

/** A sign-in that must succeed, keeping the realm's cookies too. */
export async function signInWithRealmSession(
  username: string,
  options: SignInOptions = {},
): Promise<{ cookie: string; realmCookie: string }> {
  const { callback, cookie, realmCookie } = await attemptSignIn(username, options);
  if (callback.status !== 302 || !cookie.includes("session-token")) {
    throw new Error(
      `The callback did not set a session (${callback.status} ${callback.headers.get("location")})`,
    );
  }
  return { cookie, realmCookie };
}

/**
 * Logs out at the realm, as a browser sent there by another application would: RP-initiated
 * logout with the ID token as hint and the realm's session cookie. Returns the realm's answer.
 */
export async function logOutAtRealm(
  issuer: string,
  realmCookie: string,
  idToken: string,
): Promise<Response> {
  const url = new URL(`${issuer}/protocol/openid-connect/logout`);
  url.searchParams.set("id_token_hint", idToken);
  return fetch(url, { redirect: "manual", headers: { cookie: realmCookie } });
}

/** Signs out through Auth.js's own sign-out route, as the portal's sign-out button does. */
export async function signOutSession(cookie: string): Promise<void> {
  const jar = new Jar();
  jar.load(cookie);
  const csrf = await portal(jar, "GET", "/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await portal(jar, "POST", "/api/auth/signout", { csrfToken });
  if (response.status !== 302) throw new Error(`Sign-out answered ${response.status}`);
}
