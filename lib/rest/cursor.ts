/** A read position in one query-string value, for the small recursive-descent parsers. */
export class Cursor {
  pos = 0;

  constructor(readonly input: string) {}

  get done(): boolean {
    return this.pos >= this.input.length;
  }

  peek(offset = 0): string {
    return this.input[this.pos + offset] ?? "";
  }

  startsWith(text: string): boolean {
    return this.input.startsWith(text, this.pos);
  }

  /** Consumes `text` if it comes next. */
  eat(text: string): boolean {
    if (!this.startsWith(text)) return false;
    this.pos += text.length;
    return true;
  }

  skipSpaces(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }

  /** Consumes characters while `test` holds and returns them. */
  take(test: (char: string) => boolean): string {
    const start = this.pos;
    while (!this.done && test(this.peek())) this.pos++;
    return this.input.slice(start, this.pos);
  }

  /**
   * A double-quoted string with backslash escapes, as PostgREST reads them: `"a,b"`, `"say \"hi\""`.
   * The cursor must be on the opening quote; returns null when the quote is never closed.
   */
  quoted(): string | null {
    if (!this.eat('"')) return null;
    let out = "";
    while (!this.done) {
      const char = this.peek();
      this.pos++;
      if (char === "\\" && !this.done) {
        out += this.peek();
        this.pos++;
      } else if (char === '"') {
        return out;
      } else {
        out += char;
      }
    }
    return null;
  }

  /** Where the parser stopped, for error details. */
  describe(expected: string): string {
    if (this.done) return `unexpected end of input, expecting ${expected}`;
    return `unexpected "${this.peek()}" at position ${this.pos + 1}, expecting ${expected}`;
  }
}
