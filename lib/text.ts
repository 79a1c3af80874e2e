/**
 * Text Postgres cannot store: the NUL character (text columns refuse it) and lone UTF-16
 * surrogates (they have no UTF-8 encoding). Input holding either is refused before it reaches
 * a statement, with the field named.
 */
export function isUnstorableText(value: string): boolean {
  return value.includes("\0") || !value.isWellFormed();
}

/** The path of the first string in a JSON value that Postgres could not store, or null. */
export function findUnstorableText(value: unknown, path = ""): string | null {
  if (typeof value === "string") return isUnstorableText(value) ? path || "(body)" : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, path ? `${path}.${i}` : String(i));
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (isUnstorableText(key)) return path ? `${path}.${key}` : key;
      const found = findUnstorableText(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** "a" or "an" before a word, by its first letter: "an onboarding customer", "a live one". */
export function withArticle(word: string, capital = false): string {
  const vowel = /^[aeiou]/i.test(word);
  const article = capital ? (vowel ? "An" : "A") : vowel ? "an" : "a";
  return `${article} ${word}`;
}
