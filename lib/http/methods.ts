/** Methods that change nothing: no same-origin check, no read-only refusal, no write limit. */
export const SAFE_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

export function isWrite(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}
