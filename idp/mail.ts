import { readdir } from "node:fs/promises";
import path from "node:path";
import { readJsonIfExists, writeJsonAtomic } from "./files";

/** An email the realm sent, as a local mail catcher keeps it. */
export interface CaughtMail {
  realm: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/**
 * Where a realm's emails go: Keycloak sends them over the realm's SMTP server; this server has
 * none, so, like a development mail catcher, it keeps them in `${dataDir}/mail/{realm}.json`,
 * lists them at `GET /mail` and prints them unless quiet.
 */
export class RealmMail {
  private constructor(
    private readonly realm: string,
    private readonly file: string,
    private readonly mails: CaughtMail[],
    private readonly quiet: boolean,
  ) {}

  static async open(realm: string, dataDir: string, quiet = false): Promise<RealmMail> {
    const file = path.join(dataDir, "mail", `${realm}.json`);
    const stored = await readJsonIfExists<CaughtMail[]>(file);
    return new RealmMail(realm, file, stored ?? [], quiet);
  }

  async send(mail: Omit<CaughtMail, "realm" | "sentAt">): Promise<void> {
    this.mails.push({ ...mail, realm: this.realm, sentAt: new Date().toISOString() });
    await writeJsonAtomic(this.file, this.mails);
    if (!this.quiet)
      console.log(`[idp:${this.realm}] email to ${mail.to}: ${mail.subject}\n${mail.text}`);
  }
}

/** Every realm's caught emails, oldest first. */
export async function caughtMail(dataDir: string): Promise<CaughtMail[]> {
  const dir = path.join(dataDir, "mail");
  const files = await readdir(dir).catch(() => [] as string[]);
  const lists = await Promise.all(
    files
      .filter((name) => name.endsWith(".json"))
      .map((name) => readJsonIfExists<CaughtMail[]>(path.join(dir, name))),
  );
  return lists.flatMap((list) => list ?? []).sort((a, b) => a.sentAt.localeCompare(b.sentAt));
}
