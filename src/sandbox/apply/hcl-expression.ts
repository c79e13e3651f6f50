import { ValidationError } from "../../errors";

/**
 * A parser for the subset of Terraform's expression language that cdktf writes into `cdk.tf.json`:
 * string templates with `${...}` interpolations, references with attribute and index steps, function calls,
 * string/number/bool/null literals, tuples and objects. Operators, conditionals, splats, `for` expressions
 * and template directives are refused with a message naming them, because evaluating them wrongly would
 * make the harness silently diverge from Terraform.
 */

/** One step after a reference root or a function call: `.name` or `[key]`. */
export type TraversalStep =
  { readonly kind: "attr"; readonly name: string } | { readonly kind: "index"; readonly key: Expr };

/** A parsed expression. */
export type Expr =
  | { readonly kind: "literal"; readonly value: string | number | boolean | null }
  | { readonly kind: "template"; readonly parts: readonly (string | Expr)[] }
  | { readonly kind: "variable"; readonly name: string }
  | { readonly kind: "traversal"; readonly target: Expr; readonly steps: readonly TraversalStep[] }
  | { readonly kind: "call"; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: "tuple"; readonly items: readonly Expr[] }
  | { readonly kind: "object"; readonly entries: readonly { readonly key: Expr; readonly value: Expr }[] };

/**
 * Parses a JSON-syntax string value as Terraform does: every string is a template. A template that is exactly
 * one interpolation keeps the interpolated value's type.
 *
 * @param text the string value from `cdk.tf.json`
 * @param where where it was found (for example `resource.aws_sns_topic.alerts.name`), quoted in errors
 */
export function parseTemplate(text: string, where: string): Expr {
  const parser = new Parser(text, where);
  const parts = parser.templateParts(text.length, false);
  return simplifyTemplate(parts);
}

/** Whether a string value contains anything Terraform would interpret (an interpolation or a directive). */
export function isTemplate(text: string): boolean {
  return text.includes("${") || text.includes("%{");
}

function simplifyTemplate(parts: (string | Expr)[]): Expr {
  if (parts.length === 0) {
    return { kind: "literal", value: "" };
  }
  if (parts.length === 1) {
    const only = parts[0];
    return typeof only === "string" ? { kind: "literal", value: only } : only;
  }
  return { kind: "template", parts };
}

const SIMPLE_ESCAPES: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };

class Parser {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly where: string,
  ) {}

  /** Reads template text until `end` (or, when `quoted`, until the closing quote). */
  public templateParts(end: number, quoted: boolean): (string | Expr)[] {
    const parts: (string | Expr)[] = [];
    let literal = "";
    while (this.pos < end) {
      const char = this.text[this.pos];
      if (quoted && char === '"') {
        break;
      }
      if (this.text.startsWith("$${", this.pos) || this.text.startsWith("%%{", this.pos)) {
        literal += `${char}{`;
        this.pos += 3;
      } else if (this.text.startsWith("${", this.pos)) {
        if (literal !== "") {
          parts.push(literal);
          literal = "";
        }
        this.pos += 2;
        this.skipSpace();
        if (this.text[this.pos] === "~") {
          this.pos += 1;
        }
        parts.push(this.expression());
        this.skipSpace();
        if (this.text[this.pos] === "~") {
          this.pos += 1;
        }
        this.expect("}");
      } else if (this.text.startsWith("%{", this.pos)) {
        throw this.refuse("template directives (%{ if }, %{ for })");
      } else if (quoted && char === "\\") {
        literal += this.escape();
      } else {
        literal += char;
        this.pos += 1;
      }
    }
    if (literal !== "") {
      parts.push(literal);
    }
    return parts;
  }

  private expression(): Expr {
    const expr = this.postfix(this.primary());
    this.skipSpace();
    const operator = /^(==|!=|<=|>=|&&|\|\||[?+\-*/%<>!])/.exec(this.text.slice(this.pos));
    if (operator !== null) {
      throw this.refuse(operator[0] === "?" ? "conditional expressions (? :)" : `the operator "${operator[0]}"`);
    }
    return expr;
  }

  private primary(): Expr {
    this.skipSpace();
    const char = this.text[this.pos];
    if (char === undefined) {
      throw this.syntax("an expression was expected but the text ended");
    }
    if (char === '"') {
      this.pos += 1;
      const parts = this.templateParts(this.text.length, true);
      this.expect('"');
      return simplifyTemplate(parts);
    }
    if (char === "(") {
      this.pos += 1;
      const inner = this.expression();
      this.skipSpace();
      this.expect(")");
      return inner;
    }
    if (char === "[") {
      return this.tuple();
    }
    if (char === "{") {
      return this.object();
    }
    if (char === "<" && this.text.startsWith("<<", this.pos)) {
      throw this.refuse("heredoc strings");
    }
    if (char === "-" || (char >= "0" && char <= "9")) {
      return this.number();
    }
    if (char === "!") {
      throw this.refuse('the operator "!"');
    }
    const name = this.identifier();
    if (name === "true" || name === "false") {
      return { kind: "literal", value: name === "true" };
    }
    if (name === "null") {
      return { kind: "literal", value: null };
    }
    this.skipSpace();
    if (this.text[this.pos] === "(") {
      this.pos += 1;
      return { kind: "call", name, args: this.list(")") };
    }
    return { kind: "variable", name };
  }

  private postfix(target: Expr): Expr {
    const steps: TraversalStep[] = [];
    for (;;) {
      const char = this.text[this.pos];
      if (char === "." && this.text[this.pos + 1] === "*") {
        throw this.refuse("splat expressions (.*)");
      }
      if (char === ".") {
        this.pos += 1;
        const digits = /^\d+/.exec(this.text.slice(this.pos));
        if (digits !== null) {
          this.pos += digits[0].length;
          steps.push({ kind: "index", key: { kind: "literal", value: Number(digits[0]) } });
        } else {
          steps.push({ kind: "attr", name: this.identifier() });
        }
      } else if (char === "[") {
        this.pos += 1;
        this.skipSpace();
        if (this.text[this.pos] === "*") {
          throw this.refuse("splat expressions ([*])");
        }
        const key = this.expression();
        this.skipSpace();
        this.expect("]");
        steps.push({ kind: "index", key });
      } else {
        break;
      }
    }
    return steps.length === 0 ? target : { kind: "traversal", target, steps };
  }

  private tuple(): Expr {
    this.pos += 1;
    this.skipSpace();
    if (/^for\s/.test(this.text.slice(this.pos))) {
      throw this.refuse("for expressions");
    }
    return { kind: "tuple", items: this.list("]") };
  }

  private object(): Expr {
    this.pos += 1;
    this.skipSpace();
    if (/^for\s/.test(this.text.slice(this.pos))) {
      throw this.refuse("for expressions");
    }
    const entries: { key: Expr; value: Expr }[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.text[this.pos] === "}") {
        this.pos += 1;
        return { kind: "object", entries };
      }
      const rawKey = this.primary();
      const key: Expr = rawKey.kind === "variable" ? { kind: "literal", value: rawKey.name } : rawKey;
      this.skipSpace();
      const separator = this.text[this.pos];
      if (separator !== "=" && separator !== ":") {
        throw this.syntax('"=" or ":" was expected after an object key');
      }
      this.pos += 1;
      entries.push({ key, value: this.expression() });
      this.skipSpace(true);
      if (this.text[this.pos] === ",") {
        this.pos += 1;
      }
    }
  }

  private list(close: string): Expr[] {
    const items: Expr[] = [];
    for (;;) {
      this.skipSpace(true);
      if (this.text[this.pos] === close) {
        this.pos += 1;
        return items;
      }
      items.push(this.expression());
      this.skipSpace(true);
      if (this.text.startsWith("...", this.pos)) {
        throw this.refuse("argument expansion (...)");
      }
      if (this.text[this.pos] === ",") {
        this.pos += 1;
      } else if (this.text[this.pos] !== close) {
        throw this.syntax(`"," or "${close}" was expected`);
      }
    }
  }

  private number(): Expr {
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (match === null) {
      throw this.refuse('the operator "-"');
    }
    this.pos += match[0].length;
    return { kind: "literal", value: Number(match[0]) };
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos));
    if (match === null) {
      throw this.syntax(`a name was expected, found ${JSON.stringify(this.text.slice(this.pos, this.pos + 10))}`);
    }
    this.pos += match[0].length;
    return match[0];
  }

  private escape(): string {
    const next = this.text[this.pos + 1];
    if (next !== undefined && SIMPLE_ESCAPES[next] !== undefined) {
      this.pos += 2;
      return SIMPLE_ESCAPES[next];
    }
    if (next === "u" || next === "U") {
      const length = next === "u" ? 4 : 8;
      const hex = this.text.slice(this.pos + 2, this.pos + 2 + length);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) {
        throw this.syntax(`invalid unicode escape \\${next}${hex}`);
      }
      this.pos += 2 + length;
      return String.fromCodePoint(parseInt(hex, 16));
    }
    throw this.syntax(`invalid escape \\${next ?? ""}`);
  }

  private skipSpace(newlines = true): void {
    while (this.pos < this.text.length && (newlines ? /\s/ : /[ \t]/).test(this.text[this.pos])) {
      this.pos += 1;
    }
  }

  private expect(char: string): void {
    if (this.text[this.pos] !== char) {
      const found = this.pos < this.text.length ? JSON.stringify(this.text[this.pos]) : "the end of the text";
      throw this.syntax(`"${char}" was expected, found ${found}`);
    }
    this.pos += 1;
  }

  private refuse(feature: string): ValidationError {
    return new ValidationError(
      `${this.where}: the sandbox apply harness does not support ${feature} (in ${JSON.stringify(this.text)}). ` +
        "It evaluates only references, string interpolation and the functions jsonencode, jsondecode and lookup; " +
        "apply this stack with Terraform instead.",
      [{ field: this.where, rule: `must not use ${feature}`, value: this.text }],
    );
  }

  private syntax(problem: string): ValidationError {
    return new ValidationError(
      `${this.where}: cannot parse the expression ${JSON.stringify(this.text)} at character ${this.pos}: ${problem}. ` +
        "Check the synthesized cdk.tf.json.",
      [{ field: this.where, rule: "must be a valid Terraform expression", value: this.text }],
    );
  }
}
