import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type {
  InteractionDetails,
  KoaContext,
  Middleware,
  Provider,
  UnknownObject,
} from "oidc-provider";
import { errors } from "oidc-provider";
import type { RealmMail } from "./mail";
import {
  loginPage,
  messagePage,
  type RegistrationErrors,
  type RegistrationValues,
  registrationPage,
} from "./pages";
import type { LoadedRealm, RealmUser } from "./realm";
import type { UserStore } from "./users";

const MAX_FORM_BYTES = 16 * 1024;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export const INTERACTION_SEGMENT = "login-actions";
const ROUTE = new RegExp(
  `^/${INTERACTION_SEGMENT}/([A-Za-z0-9_-]+)(/registration|/verify-email)?/?$`,
);
/** Keycloak's default lifespan of an email verification link (actionTokenGeneratedByUserLifespan). */
const VERIFY_EMAIL_TTL_SECONDS = 300;

async function readForm(ctx: KoaContext): Promise<URLSearchParams> {
  const type = ctx.headers["content-type"] ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return new URLSearchParams();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) {
      throw Object.assign(new Error("Form too large"), { status: 413, expose: true });
    }
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function html(ctx: KoaContext, status: number, body: string): void {
  ctx.status = status;
  ctx.type = "html";
  ctx.set("Cache-Control", "no-store");
  ctx.body = body;
}

function redirect(ctx: KoaContext, location: string): void {
  ctx.status = 303;
  ctx.redirect(location);
}

function validateRegistration(form: URLSearchParams, users: UserStore): RegistrationErrors {
  const value = (name: string) => form.get(name)?.trim() ?? "";
  const problems: RegistrationErrors = {};
  if (!value("firstName")) problems.firstName = "Please specify first name.";
  if (!value("lastName")) problems.lastName = "Please specify last name.";
  if (!value("email")) problems.email = "Please specify email.";
  else if (!EMAIL_PATTERN.test(value("email"))) problems.email = "Invalid email address.";
  else if (users.emailTaken(value("email"))) problems.email = "Email already exists.";
  if (!value("username")) problems.username = "Please specify username.";
  else if (users.usernameTaken(value("username"))) problems.username = "Username already exists.";
  const password = form.get("password") ?? "";
  if (!password) problems.password = "Please specify password.";
  else if (password !== (form.get("password-confirm") ?? "")) {
    problems["password-confirm"] = "Password confirmation doesn't match.";
  }
  return problems;
}

/**
 * The login and registration screens oidc-provider hands the browser to while an
 * authorization request waits for the user (Keycloak's /login-actions).
 */
export function interactionRoutes(
  provider: Provider,
  realm: LoadedRealm,
  users: UserStore,
  mail: RealmMail,
): Middleware {
  const prefix = new URL(provider.issuer).pathname;
  // Verification links are signed with a key of this process: a restart voids the open ones.
  const linkKey = randomBytes(32);
  const realmName = realm.displayName;

  const loginUrl = (uid: string) => `${prefix}/${INTERACTION_SEGMENT}/${uid}`;
  const registrationUrl = (uid: string) =>
    realm.definition.registrationAllowed ? `${loginUrl(uid)}/registration` : undefined;

  const linkMac = (uid: string, userId: string, email: string, exp: number) =>
    createHmac("sha256", linkKey).update(`${uid}\n${userId}\n${email}\n${exp}`).digest();

  /**
   * Keycloak's "Verify Email" required action: an unverified user who signs in (or has just
   * registered) gets a link at their address, and the login continues once it is followed.
   */
  async function requireEmailVerification(
    ctx: KoaContext,
    details: InteractionDetails,
    user: RealmUser,
  ): Promise<void> {
    const email = user.email ?? "";
    const exp = Math.floor(Date.now() / 1000) + VERIFY_EMAIL_TTL_SECONDS;
    const key = `${user.id}.${exp}.${linkMac(details.uid, user.id, email, exp).toString("base64url")}`;
    const link = new URL(`${loginUrl(details.uid)}/verify-email`, provider.issuer);
    link.searchParams.set("key", key);
    await mail.send({
      to: email,
      subject: "Verify email",
      text: [
        `Someone has created a ${realmName} account with this email address. If this was you, click the link below to verify your email address`,
        "",
        link.href,
        "",
        `This link will expire within ${VERIFY_EMAIL_TTL_SECONDS / 60} minutes.`,
        "",
        "If you didn't create this account, just ignore this message.",
      ].join("\n"),
    });
    html(
      ctx,
      200,
      messagePage(
        realmName,
        "Email verification",
        `You need to verify your email address to activate your account. An email with instructions to verify your email address has been sent to your address ${email}.`,
        "info",
      ),
    );
  }

  /** The link of a verification email: the address is verified, and the login continues. */
  async function verifyEmail(
    ctx: KoaContext,
    uid: string,
    details: InteractionDetails | undefined,
  ): Promise<void> {
    const key = new URL(ctx.url, provider.issuer).searchParams.get("key") ?? "";
    const [userId = "", expText = "", mac = ""] = key.split(".");
    const exp = Number(expText);
    const user = users.findById(userId);
    const expected = user ? linkMac(uid, userId, user.email ?? "", exp) : undefined;
    const given = Buffer.from(mac, "base64url");
    const valid =
      user &&
      expected &&
      Number.isInteger(exp) &&
      exp > Date.now() / 1000 &&
      given.length === expected.length &&
      timingSafeEqual(given, expected);
    if (!valid) {
      const message = "The link you clicked is no longer valid. It may have expired.";
      return html(ctx, 400, messagePage(realmName, "We are sorry...", message, "error"));
    }
    await users.markEmailVerified(user.id);
    if (details?.uid === uid) return finishLogin(ctx, user.id);
    html(
      ctx,
      200,
      messagePage(realmName, "Email verified", "Your email address has been verified.", "info"),
    );
  }

  const needsVerification = (user: RealmUser) =>
    realm.definition.verifyEmail === true && !user.emailVerified;

  async function finishLogin(ctx: KoaContext, accountId: string): Promise<void> {
    const result = { login: { accountId, amr: ["pwd"] } };
    redirect(
      ctx,
      await provider.interactionResult(ctx.req, ctx.res, result, {
        mergeWithLastSubmission: false,
      }),
    );
  }

  // First-party clients never show a consent screen: whatever the request still lacks is
  // granted on the spot, as Keycloak does for clients with consent turned off.
  async function finishConsent(ctx: KoaContext, details: InteractionDetails): Promise<void> {
    const accountId = details.session?.accountId;
    const clientId = String(details.params.client_id);
    if (!accountId) throw new errors.SessionNotFound("interaction without an account");
    const existing = details.grantId ? await provider.Grant.find(details.grantId) : undefined;
    const grant = existing ?? new provider.Grant({ accountId, clientId });
    const missing = details.prompt.details as {
      missingOIDCScope?: string[];
      missingOIDCClaims?: string[];
      missingResourceScopes?: Record<string, string[]>;
    };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(" "));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    for (const [resource, scopes] of Object.entries(missing.missingResourceScopes ?? {})) {
      grant.addResourceScope(resource, scopes.join(" "));
    }
    const grantId = await grant.save();
    const result: UnknownObject = { consent: { grantId } };
    redirect(ctx, await provider.interactionResult(ctx.req, ctx.res, result));
  }

  async function showLogin(ctx: KoaContext, details: InteractionDetails): Promise<void> {
    if (details.prompt.name === "consent") return finishConsent(ctx, details);
    const hint =
      typeof details.params.login_hint === "string" ? details.params.login_hint : undefined;
    html(
      ctx,
      200,
      loginPage({
        realmName,
        action: loginUrl(details.uid),
        registrationUrl: registrationUrl(details.uid),
        username: hint,
      }),
    );
  }

  async function submitLogin(ctx: KoaContext, details: InteractionDetails): Promise<void> {
    const form = await readForm(ctx);
    const username = form.get("username") ?? "";
    const outcome = await users.authenticate(username, form.get("password") ?? "");
    if (outcome.ok) {
      if (needsVerification(outcome.user)) {
        return requireEmailVerification(ctx, details, outcome.user);
      }
      return finishLogin(ctx, outcome.user.id);
    }
    const error =
      outcome.reason === "disabled"
        ? "Account is disabled, contact your administrator."
        : "Invalid username or password.";
    html(
      ctx,
      200,
      loginPage({
        realmName,
        action: loginUrl(details.uid),
        registrationUrl: registrationUrl(details.uid),
        username,
        error,
      }),
    );
  }

  async function handleRegistration(ctx: KoaContext, details: InteractionDetails): Promise<void> {
    const page = {
      realmName,
      action: `${loginUrl(details.uid)}/registration`,
      loginUrl: loginUrl(details.uid),
    };
    if (ctx.method !== "POST") return html(ctx, 200, registrationPage(page));

    const form = await readForm(ctx);
    const values: RegistrationValues = {
      firstName: form.get("firstName") ?? "",
      lastName: form.get("lastName") ?? "",
      email: form.get("email") ?? "",
      username: form.get("username") ?? "",
    };
    const problems = validateRegistration(form, users);
    if (Object.keys(problems).length > 0) {
      return html(ctx, 200, registrationPage({ ...page, values, errors: problems }));
    }
    const user = await users.register({ ...values, password: form.get("password") ?? "" });
    if (needsVerification(user)) return requireEmailVerification(ctx, details, user);
    return finishLogin(ctx, user.id);
  }

  return async function loginActions(ctx, next) {
    const match = ROUTE.exec(ctx.path);
    if (!match) return next();
    const [, uid = "", action] = match;
    if (ctx.method !== "GET" && ctx.method !== "POST") {
      ctx.status = 405;
      return;
    }

    const details = await provider.interactionDetails(ctx.req, ctx.res).catch((error: unknown) => {
      if (error instanceof errors.SessionNotFound) return undefined;
      throw error;
    });
    // A verification link works in any browser; only the one that signed in continues the login.
    if (action === "/verify-email") return verifyEmail(ctx, uid, details);
    if (!details || details.uid !== uid) {
      const message = "Your login attempt timed out. Login will start from the beginning.";
      return html(ctx, 400, messagePage(realmName, "Page has expired", message, "error"));
    }

    if (action === "/registration") {
      if (!realm.definition.registrationAllowed) {
        return html(
          ctx,
          404,
          messagePage(realmName, "We are sorry...", "Registration not allowed", "error"),
        );
      }
      return handleRegistration(ctx, details);
    }
    return ctx.method === "POST" ? submitLogin(ctx, details) : showLogin(ctx, details);
  };
}
