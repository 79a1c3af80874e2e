import "server-only";
import { z } from "zod";
import { PiiConfigError, parsePiiKeys } from "./pii";

const schema = z.object({
  AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters"),
  KEYCLOAK_ISSUER: z.url().default("http://127.0.0.1:8080/realms/ossrep"),
  KEYCLOAK_STAFF_ISSUER: z.url().default("http://127.0.0.1:8080/realms/ossrep-internal"),
  KEYCLOAK_CLIENT_ID: z.string().min(1).default("portal"),
  KEYCLOAK_CLIENT_SECRET: z.string().min(1),
  /** Clients whose access tokens the API accepts (Keycloak's `azp`). */
  KEYCLOAK_API_CLIENTS: z
    .string()
    .default("portal,portal-cli")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  /** Confidential clients of the staff realm whose service accounts deliver the feeds. */
  KEYCLOAK_SERVICE_CLIENTS: z
    .string()
    .default("meter-service,billing-service")
    .transform((v) =>
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
});

export type ServerEnv = z.infer<typeof schema>;

let cached: ServerEnv | undefined;

/**
 * Server configuration, validated once, with the keys that encrypt personal data (`lib/pii.ts`).
 * Nothing here is ever sent to the browser.
 */
export function serverEnv(): ServerEnv {
  if (!cached) {
    const parsed = schema.safeParse(process.env);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
      throw new Error(`Invalid server configuration:\n  ${problems.join("\n  ")}`);
    }
    try {
      parsePiiKeys(process.env);
    } catch (error) {
      if (error instanceof PiiConfigError)
        throw new Error(`Invalid server configuration:\n  ${error.message}`);
      throw error;
    }
    cached = parsed.data;
  }
  return cached;
}

const outboxSchema = z.object({
  /** Days a published outbox row is kept before the relay deletes it. */
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(0).default(7),
});

/** The outbox relay's configuration; it needs none of the portal's secrets. */
export function outboxEnv(env: Record<string, string | undefined> = process.env) {
  const parsed = outboxSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid outbox configuration: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}

const shutdownSchema = z.object({
  /** How long a stopping server lets the requests in flight finish before it drops them. */
  SHUTDOWN_DRAIN_MS: z.coerce.number().int().min(0).default(10_000),
});

/** How the portal stops (lib/http/shutdown.ts), read as the server starts. */
export function shutdownEnv(env: Record<string, string | undefined> = process.env) {
  const parsed = shutdownSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid shutdown configuration: ${parsed.error.issues[0]?.message}`);
  }
  return parsed.data;
}
