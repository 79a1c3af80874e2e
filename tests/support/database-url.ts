/** Tests create and drop databases: refuse anything that is not a server on this machine. */
export function assertLocalDatabaseUrl(databaseUrl: string): URL {
  const url = new URL(databaseUrl);
  if (!["localhost", "127.0.0.1", "::1", "[::1]"].includes(url.hostname)) {
    throw new Error(`Refusing to run tests against ${url.hostname}: DATABASE_URL must be local.`);
  }
  return url;
}

export function withDatabase(databaseUrl: string, database: string): string {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}
