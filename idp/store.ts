import type { Adapter, AdapterPayload } from "oidc-provider";
import { readJsonIfExists, writeJsonAtomic } from "./files";

interface Entry {
  payload: AdapterPayload;
  /** Epoch milliseconds; absent for entries that never expire. */
  expiresAt?: number;
}

interface Snapshot {
  version: 1;
  entries: [string, Entry][];
}

// Models whose records carry a grantId and must disappear when the grant is revoked.
const GRANTABLE = new Set([
  "AccessToken",
  "AuthorizationCode",
  "RefreshToken",
  "DeviceCode",
  "BackchannelAuthenticationRequest",
]);

const WRITE_DELAY_MS = 250;

/**
 * oidc-provider's sessions, grants, codes, refresh tokens and interactions for one realm.
 * Everything is served from memory; the map is written to a JSON file shortly after each
 * change and on close, and read back on start, so restarts keep users signed in.
 */
export class FileStore {
  private readonly entries = new Map<string, Entry>();
  private readonly sessionsByUid = new Map<string, string>();
  private readonly byUserCode = new Map<string, string>();
  private readonly byGrant = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private constructor(private readonly file: string) {}

  static async open(file: string): Promise<FileStore> {
    const store = new FileStore(file);
    const snapshot = await readJsonIfExists<Snapshot>(file);
    const now = Date.now();
    for (const [key, entry] of snapshot?.entries ?? []) {
      if (entry.expiresAt === undefined || entry.expiresAt > now) store.put(key, entry);
    }
    return store;
  }

  adapter(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.remove(key(id));
        const expiresAt = expiresIn === undefined ? undefined : Date.now() + expiresIn * 1000;
        this.put(key(id), { payload, expiresAt });
        this.changed();
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => {
        const id = this.sessionsByUid.get(uid);
        return id === undefined ? undefined : this.get(key(id));
      },
      findByUserCode: async (userCode) => {
        const id = this.byUserCode.get(userCode);
        return id === undefined ? undefined : this.get(key(id));
      },
      consume: async (id) => {
        const payload = this.get(key(id));
        if (!payload) return;
        payload.consumed = Math.floor(Date.now() / 1000);
        this.changed();
      },
      destroy: async (id) => {
        this.remove(key(id));
        this.changed();
      },
      revokeByGrantId: async (grantId) => {
        for (const member of [...(this.byGrant.get(grantId) ?? [])]) {
          if (member.startsWith(`${model}:`)) this.remove(member);
        }
        this.changed();
      },
    };
  }

  /** Ids of the live SSO sessions whose payload `match` accepts. */
  sessionIds(match: (payload: AdapterPayload) => boolean): string[] {
    const ids: string[] = [];
    for (const [key, entry] of this.entries) {
      if (!key.startsWith("Session:")) continue;
      if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) continue;
      if (match(entry.payload)) ids.push(key.slice("Session:".length));
    }
    return ids;
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.remove(key);
      this.changed();
      return undefined;
    }
    return entry.payload;
  }

  private put(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    const model = key.slice(0, key.indexOf(":"));
    const id = key.slice(model.length + 1);
    const { uid, userCode, grantId } = entry.payload;
    if (model === "Session" && uid) this.sessionsByUid.set(uid, id);
    if (userCode) this.byUserCode.set(userCode, id);
    if (grantId && GRANTABLE.has(model)) {
      const members = this.byGrant.get(grantId) ?? new Set<string>();
      members.add(key);
      this.byGrant.set(grantId, members);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const id = key.slice(key.indexOf(":") + 1);
    const { uid, userCode, grantId } = entry.payload;
    if (uid && this.sessionsByUid.get(uid) === id) this.sessionsByUid.delete(uid);
    if (userCode && this.byUserCode.get(userCode) === id) this.byUserCode.delete(userCode);
    if (grantId) {
      const members = this.byGrant.get(grantId);
      members?.delete(key);
      if (members?.size === 0) this.byGrant.delete(grantId);
    }
  }

  private changed(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch((error: Error) => {
        console.error(`Could not persist ${this.file}: ${error.message}`);
      });
    }, WRITE_DELAY_MS);
    // A pending write must not keep a finished process alive; close() flushes explicitly.
    this.timer.unref();
  }

  /** Writes are chained so two flushes never race on the same temp-and-rename. */
  flush(): Promise<void> {
    // A failed write must not wedge the chain: the next change retries with fresh data.
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        const now = Date.now();
        const entries = [...this.entries].filter(
          ([, entry]) => entry.expiresAt === undefined || entry.expiresAt > now,
        );
        try {
          await writeJsonAtomic(this.file, { version: 1, entries } satisfies Snapshot);
        } catch (error) {
          this.dirty = true;
          throw error;
        }
      });
    return this.writing;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}
