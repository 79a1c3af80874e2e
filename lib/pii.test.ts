import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  blindIndex,
  decryptPii,
  encryptPii,
  generatePiiKey,
  keyVersionOf,
  PiiConfigError,
  parsePiiKeys,
  reencryptInJson,
  revealPiiInJson,
  streetName,
} from "./pii";

const k1 = generatePiiKey();
const k2 = generatePiiKey();
const indexKey = generatePiiKey();
const v1 = parsePiiKeys({ PII_KEYS: `1:${k1}`, PII_INDEX_KEY: indexKey });
const v12 = parsePiiKeys({ PII_KEYS: `1:${k1}, 2:${k2}`, PII_INDEX_KEY: indexKey });

describe("encryptPii / decryptPii", () => {
  it("round-trips any text, with a fresh IV each time", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 300 }), (plain) => {
        const stored = encryptPii("email", plain, v1);
        expect(stored).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
        expect(decryptPii("email", stored, v1)).toBe(plain);
      }),
    );
    const a = encryptPii("email", "alice@example.com", v1);
    const b = encryptPii("email", "alice@example.com", v1);
    expect(a).not.toBe(b);
    expect(a).not.toContain("alice");
  });

  it("keeps null as null", () => {
    expect(encryptPii("phone", null, v1)).toBeNull();
    expect(decryptPii("phone", null, v1)).toBeNull();
  });

  it("detects tampering with the ciphertext, the tag or the IV", () => {
    const stored = encryptPii("email", "alice@example.com", v1);
    const [version, iv, body] = stored.split(":") as [string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, "base64url");
      bytes[at] = (bytes[at] as number) ^ 1;
      return bytes.toString("base64url");
    };
    for (const forged of [
      `${version}:${iv}:${flip(body, 0)}`,
      `${version}:${iv}:${flip(body, Buffer.from(body, "base64url").length - 1)}`,
      `${version}:${flip(iv, 0)}:${body}`,
    ]) {
      expect(() => decryptPii("email", forged, v1)).toThrow();
    }
  });

  it("binds a value to its kind: an encrypted email does not decrypt as a phone", () => {
    const stored = encryptPii("email", "alice@example.com", v1);
    expect(() => decryptPii("phone", stored, v1)).toThrow();
  });

  it("refuses a wrong key, an unknown version and plain text", () => {
    const other = parsePiiKeys({ PII_KEYS: `1:${generatePiiKey()}`, PII_INDEX_KEY: indexKey });
    const stored = encryptPii("street", "1 High Street", v1);
    expect(() => decryptPii("street", stored, other)).toThrow();
    const underV2 = encryptPii("street", "1 High Street", v12);
    expect(() => decryptPii("street", underV2, v1)).toThrow(/key version 2/);
    expect(() => decryptPii("street", "1 High Street", v1)).toThrow(/not encrypted/);
  });

  it("encrypts under the highest version and reads every configured one", () => {
    const old = encryptPii("phone", "+442079460018", v1);
    const fresh = encryptPii("phone", "+442079460018", v12);
    expect(keyVersionOf(old)).toBe(1);
    expect(keyVersionOf(fresh)).toBe(2);
    expect(keyVersionOf("not encrypted")).toBeNull();
    expect(decryptPii("phone", old, v12)).toBe("+442079460018");
    expect(decryptPii("phone", fresh, v12)).toBe("+442079460018");
  });
});

describe("revealPiiInJson", () => {
  it("decrypts every encrypted string in a JSON text and leaves the rest, digits included", () => {
    const email = encryptPii("email", "alice@example.com", v1);
    const street = encryptPii("street", '1 "High" Street', v1);
    const lookalike = encryptPii(
      "email",
      "x@y.z",
      parsePiiKeys({ PII_KEYS: `1:${k2}`, PII_INDEX_KEY: indexKey }),
    );
    const text = `{"mail":"${email}","p":[{"street":"${street}"}],"n":12345678901234567890.123,"o":"${lookalike}"}`;
    expect(revealPiiInJson(text, v1)).toBe(
      `{"mail":"alice@example.com","p":[{"street":"1 \\"High\\" Street"}],"n":12345678901234567890.123,"o":"${lookalike}"}`,
    );
  });
});

describe("reencryptInJson", () => {
  it("moves values under older keys to the newest and leaves current ones alone", () => {
    const old = encryptPii("phone", "+442079460018", v1);
    const current = encryptPii("email", "a@b.co", v12);
    const { text, count } = reencryptInJson(`{"from": "${old}", "to": "${current}", "n": 1}`, v12);
    expect(count).toBe(1);
    const parsed = JSON.parse(text);
    expect(keyVersionOf(parsed.from)).toBe(2);
    expect(decryptPii("phone", parsed.from, v12)).toBe("+442079460018");
    expect(parsed.to).toBe(current);
    expect(reencryptInJson(text, v12).count).toBe(0);
  });
});

describe("blindIndex", () => {
  it("matches normalised emails and phones, and nothing else", () => {
    expect(blindIndex("email", " Alice@Example.COM ", v1)).toBe(
      blindIndex("email", "alice@example.com", v1),
    );
    expect(blindIndex("phone", "+44 20 7946 0018", v1)).toBe(
      blindIndex("phone", "+442079460018", v1),
    );
    expect(blindIndex("email", "alice@example.com", v1)).not.toBe(
      blindIndex("email", "alice@example.org", v1),
    );
    expect(blindIndex("email", "+1", v1)).not.toBe(blindIndex("phone", "+1", v1));
  });

  it("indexes a phone's tail by its last seven digits, however the number was written", () => {
    const tail = blindIndex("phone_tail", "+19725550142", v1);
    for (const written of ["5550142", "(972) 555-0142", "+1 972 555 0142", "214.555.0142"]) {
      expect(blindIndex("phone_tail", written, v1), written).toBe(tail);
    }
    expect(blindIndex("phone_tail", "5550143", v1)).not.toBe(tail);
    // A tail is its own kind: it never equals the whole number's index.
    expect(blindIndex("phone_tail", "+5550142", v1)).not.toBe(blindIndex("phone", "+5550142", v1));
  });

  it("indexes a street by its name: no house number, case, punctuation or abbreviation", () => {
    expect(streetName("123 Main Street")).toBe("main street");
    expect(streetName("12b  Main St.")).toBe("main street");
    expect(streetName("10-12 Coldharbour Ln")).toBe("coldharbour lane");
    expect(streetName("St John's Road")).toBe("st john s road");
    expect(streetName("1600")).toBe("1600");
    expect(blindIndex("street", "Main Street", v1)).toBe(blindIndex("street", "500 main st", v1));
    expect(blindIndex("street", "Main Street", v1)).not.toBe(
      blindIndex("street", "Main Plaza", v1),
    );
  });

  it("does not change when encryption keys rotate, only with the index key", () => {
    expect(blindIndex("email", "a@b.co", v1)).toBe(blindIndex("email", "a@b.co", v12));
    const otherIndex = parsePiiKeys({ PII_KEYS: `1:${k1}`, PII_INDEX_KEY: generatePiiKey() });
    expect(blindIndex("email", "a@b.co", otherIndex)).not.toBe(blindIndex("email", "a@b.co", v1));
  });
});

describe("parsePiiKeys", () => {
  it("says what is wrong with the configuration", () => {
    expect(() => parsePiiKeys({ PII_INDEX_KEY: indexKey })).toThrow(/PII_KEYS is not set/);
    expect(() => parsePiiKeys({ PII_KEYS: `1:${k1}` })).toThrow(/PII_INDEX_KEY is not set/);
    expect(() => parsePiiKeys({ PII_KEYS: k1, PII_INDEX_KEY: indexKey })).toThrow(
      /<version>:<base64 key>/,
    );
    expect(() => parsePiiKeys({ PII_KEYS: "1:c2hvcnQ=", PII_INDEX_KEY: indexKey })).toThrow(
      /32 random bytes.*5 bytes/,
    );
    expect(() => parsePiiKeys({ PII_KEYS: `1:${k1},1:${k2}`, PII_INDEX_KEY: indexKey })).toThrow(
      /twice/,
    );
    expect(() => parsePiiKeys({ PII_KEYS: "", PII_INDEX_KEY: "" })).toThrow(PiiConfigError);
  });
});
