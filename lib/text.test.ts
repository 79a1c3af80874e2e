import { describe, expect, it } from "vitest";
import { findUnstorableText, isUnstorableText, withArticle } from "./text";

describe("unstorable text", () => {
  it("refuses NUL and lone surrogates, keeps paired ones", () => {
    expect(isUnstorableText("A\u0000B")).toBe(true);
    expect(isUnstorableText("\uD800")).toBe(true);
    expect(isUnstorableText("x\uDC00")).toBe(true);
    expect(isUnstorableText("\uDC00\uD800")).toBe(true);
    expect(isUnstorableText("emoji \uD83D\uDE00 ok")).toBe(false);
    expect(isUnstorableText("Zoë, 東京")).toBe(false);
  });

  it("names the field where it is found", () => {
    expect(findUnstorableText({ firstName: "ok", address: { street: "1\u0000" } })).toBe(
      "address.street",
    );
    expect(findUnstorableText({ list: ["a", "\uD800"] })).toBe("list.1");
    expect(findUnstorableText("\u0000")).toBe("(body)");
    expect(findUnstorableText({ a: 1, b: [true, null] })).toBeNull();
  });
});

describe("withArticle", () => {
  it("puts an before vowels and a before consonants, capitalised on request", () => {
    expect(withArticle("onboarding", true)).toBe("An onboarding");
    expect(withArticle("inactive")).toBe("an inactive");
    expect(withArticle("live", true)).toBe("A live");
    expect(withArticle("prelive")).toBe("a prelive");
  });
});
