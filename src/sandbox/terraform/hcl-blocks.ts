/**
 * Just enough of HCL's native syntax to read a configuration's block structure: the blocks and attributes of
 * a body, with each block's labels and body text and each attribute's expression text. Strings (with their
 * `${ }` and `%{ }` templates), heredocs and the three comment styles are skipped correctly, so braces inside
 * them never confuse the structure. Expressions are not evaluated: {@link literalString} recognises the only
 * kind of value the runner reads (a quoted string without templates, such as a provider's `alias`).
 */

/** A block such as `provider "aws" { ... }`. */
export interface HclBlock {
  /** The block type, for example `provider`. */
  readonly type: string;
  /** The labels, unquoted, for example `["aws"]`. */
  readonly labels: readonly string[];
  /** The text between the braces. */
  readonly body: string;
}

/** An attribute such as `alias = "west"`. */
export interface HclAttribute {
  readonly name: string;
  /** The expression's text, trimmed. */
  readonly expression: string;
}

/** The items of one body. */
export interface HclBody {
  readonly blocks: readonly HclBlock[];
  readonly attributes: readonly HclAttribute[];
}

/**
 * Reads the blocks and attributes of a body (a whole `.tf` file, or a block's body).
 * @throws Error with the line number when the structure is broken (an unclosed brace or string)
 */
export function parseHclBody(text: string): HclBody {
  const scanner = new Scanner(text);
  const blocks: HclBlock[] = [];
  const attributes: HclAttribute[] = [];
  for (;;) {
    scanner.skipTrivia(true);
    if (scanner.done()) {
      return { blocks, attributes };
    }
    const name = scanner.identifier();
    scanner.skipTrivia(false);
    if (scanner.peek() === "=" && scanner.peek(1) !== "=") {
      scanner.advance(1);
      const start = scanner.position;
      scanner.skipExpression();
      attributes.push({ name, expression: text.slice(start, scanner.position).trim() });
      continue;
    }
    const labels: string[] = [];
    while (scanner.peek() !== "{") {
      labels.push(scanner.peek() === '"' ? scanner.quotedLabel() : scanner.identifier());
      scanner.skipTrivia(false);
    }
    const open = scanner.position;
    scanner.skipBalanced();
    blocks.push({ type: name, labels, body: text.slice(open + 1, scanner.position - 1) });
  }
}

/** The value of a quoted string literal without template sequences, or `undefined` for any other expression. */
export function literalString(expression: string): string | undefined {
  if (!/^"(?:[^"\\$%]|\\.|\$(?!\{)|%(?!\{)|\$\$\{|%%\{)*"$/.test(expression)) {
    return undefined;
  }
  try {
    return (JSON.parse(expression.replace(/\\u\{([0-9a-fA-F]+)\}/g, "\\u$1")) as string)
      .replace(/\$\$\{/g, "${")
      .replace(/%%\{/g, "%{");
  } catch {
    // An escape JSON does not know (HCL has a few more): not a literal this reader can vouch for.
    return undefined;
  }
}

class Scanner {
  public position = 0;

  constructor(private readonly text: string) {}

  public done(): boolean {
    return this.position >= this.text.length;
  }

  public peek(offset = 0): string {
    return this.text.charAt(this.position + offset);
  }

  public advance(count: number): void {
    this.position += count;
  }

  /** Skips spaces and comments, and newlines too when `newlines` is true. */
  public skipTrivia(newlines: boolean): void {
    while (!this.done()) {
      const char = this.peek();
      if (char === " " || char === "\t" || char === "\r" || (newlines && char === "\n")) {
        this.position += 1;
      } else if (char === "#" || (char === "/" && this.peek(1) === "/")) {
        this.skipLineComment();
      } else if (char === "/" && this.peek(1) === "*") {
        this.skipBlockComment();
      } else {
        return;
      }
    }
  }

  public identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.position));
    if (match === null) {
      this.fail(`expected a block type, a label or an attribute name, found ${JSON.stringify(this.peek())}`);
    }
    this.position += match[0].length;
    return match[0];
  }

  public quotedLabel(): string {
    const start = this.position;
    this.skipString();
    const value = literalString(this.text.slice(start, this.position));
    if (value === undefined) {
      this.fail("a block label must be a plain quoted string");
    }
    return value;
  }

  /** Skips an attribute's expression: up to the newline that ends it outside brackets, strings and heredocs. */
  public skipExpression(): void {
    while (!this.done()) {
      const char = this.peek();
      if (char === "\n" || char === "#" || (char === "/" && this.peek(1) === "/")) {
        return;
      }
      this.skipToken();
    }
  }

  /** Skips from an opening bracket to just past its matching closing bracket. */
  public skipBalanced(): void {
    const closing = ({ "{": "}", "[": "]", "(": ")" } as Record<string, string>)[this.peek()];
    const line = this.line();
    this.position += 1;
    for (;;) {
      this.skipTrivia(true);
      if (this.done()) {
        this.fail(`the bracket opened on line ${line} is never closed`);
      }
      if (this.peek() === closing) {
        this.position += 1;
        return;
      }
      this.skipToken();
    }
  }

  private skipToken(): void {
    const char = this.peek();
    if (char === '"') {
      this.skipString();
    } else if (char === "{" || char === "[" || char === "(") {
      this.skipBalanced();
    } else if (char === "<" && this.peek(1) === "<" && /^<<-?[A-Za-z_]/.test(this.text.slice(this.position))) {
      this.skipHeredoc();
    } else if (char === "/" && this.peek(1) === "*") {
      this.skipBlockComment();
    } else {
      this.position += 1;
    }
  }

  private skipString(): void {
    const line = this.line();
    this.position += 1;
    while (!this.done()) {
      const char = this.peek();
      if (char === "\\") {
        this.position += 2;
      } else if (char === '"') {
        this.position += 1;
        return;
      } else if (char === "\n") {
        break;
      } else if ((char === "$" || char === "%") && this.peek(1) === char && this.peek(2) === "{") {
        this.position += 3;
      } else if ((char === "$" || char === "%") && this.peek(1) === "{") {
        this.position += 1;
        this.skipBalanced();
      } else {
        this.position += 1;
      }
    }
    this.fail(`the string opened on line ${line} is not closed on that line`);
  }

  private skipHeredoc(): void {
    const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.position));
    if (match === null) {
      this.fail("a heredoc marker must end its line");
    }
    const line = this.line();
    this.position += match[0].length;
    const marker = match[2];
    while (!this.done()) {
      const end = this.text.indexOf("\n", this.position);
      const lineEnd = end === -1 ? this.text.length : end;
      const content = this.text.slice(this.position, lineEnd).replace(/\r$/, "");
      this.position = lineEnd;
      if (content.trim() === marker) {
        return;
      }
      this.position += 1;
    }
    this.fail(`the heredoc ${marker} opened on line ${line} is never closed`);
  }

  private skipLineComment(): void {
    const end = this.text.indexOf("\n", this.position);
    this.position = end === -1 ? this.text.length : end;
  }

  private skipBlockComment(): void {
    const end = this.text.indexOf("*/", this.position + 2);
    if (end === -1) {
      this.fail("a /* comment is never closed");
    }
    this.position = end + 2;
  }

  private line(): number {
    return this.text.slice(0, this.position).split("\n").length;
  }

  private fail(message: string): never {
    throw new Error(`line ${this.line()}: ${message}`);
  }
}
