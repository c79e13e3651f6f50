import { literalString, parseHclBody } from "../../../../src/sandbox/terraform/hcl-blocks";

describe("parseHclBody", () => {
  test("reads blocks with their labels and bodies, and attributes with their expressions", () => {
    // GIVEN a small configuration
    const text = [
      'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws", version = "5.100.0" }\n  }\n}',
      'provider "aws" { region = "us-east-1" }',
      'provider aws {\n  alias  = "west"\n  region = "us-west-2"\n}',
      "locals { x = 1 }",
    ].join("\n");

    // WHEN it is parsed
    const body = parseHclBody(text);

    // THEN each top-level block is found with its labels and raw body
    expect(body.blocks.map((block) => [block.type, ...block.labels])).toEqual([
      ["terraform"],
      ["provider", "aws"],
      ["provider", "aws"],
      ["locals"],
    ]);
    expect(parseHclBody(body.blocks[2].body).attributes).toEqual([
      { name: "alias", expression: '"west"' },
      { name: "region", expression: '"us-west-2"' },
    ]);
    const required = parseHclBody(parseHclBody(body.blocks[0].body).blocks[0].body).attributes;
    expect(required).toEqual([{ name: "aws", expression: '{ source = "hashicorp/aws", version = "5.100.0" }' }]);
  });

  test("braces and block-like text inside strings, templates, heredocs and comments do not change the structure", () => {
    // GIVEN every place where a brace or a provider block may appear without being one
    const text = [
      '# provider "aws" { alias = "comment" }',
      "// another { comment",
      '/* provider "aws" {\n alias = "block-comment" } */',
      'resource "terraform_data" "x" {',
      '  input = "a } string with ${jsonencode({ a = "}" })} and $${literal} %{ if true }x%{ endif }"',
      "  triggers_replace = <<-EOT",
      '    provider "aws" { alias = "heredoc" }',
      "    }}}",
      "    EOT",
      "  list = [",
      '    "a", # }',
      "  ]",
      "}",
      'provider "aws" {',
      '  alias = "real"',
      "}",
    ].join("\n");

    // WHEN it is parsed
    const blocks = parseHclBody(text).blocks;

    // THEN only the real blocks are found
    expect(blocks.map((block) => [block.type, ...block.labels])).toEqual([
      ["resource", "terraform_data", "x"],
      ["provider", "aws"],
    ]);
    expect(parseHclBody(blocks[1].body).attributes).toEqual([{ name: "alias", expression: '"real"' }]);
    expect(parseHclBody(blocks[0].body).attributes.map((attribute) => attribute.name)).toEqual([
      "input",
      "triggers_replace",
      "list",
    ]);
  });

  test("an unclosed block or string is an error naming the line", () => {
    // GIVEN broken configurations
    // WHEN they are parsed THEN the error says where
    expect(() => parseHclBody('provider "aws" {\n  region = "x"\n')).toThrow(
      /the bracket opened on line 1 is never closed/,
    );
    expect(() => parseHclBody('locals {\n  x = "open\n}')).toThrow(/string opened on line 2/);
    expect(() => parseHclBody("= 1")).toThrow(/line 1: expected a block type/);
  });
});

describe("literalString", () => {
  test("returns the value of a plain quoted string", () => {
    expect(literalString('"west"')).toBe("west");
    expect(literalString('"a \\"quoted\\" \\\\ name"')).toBe('a "quoted" \\ name');
    expect(literalString('"$${not} a template"')).toBe("${not} a template");
  });

  test("returns undefined for anything Terraform would evaluate", () => {
    expect(literalString('"${var.alias}"')).toBeUndefined();
    expect(literalString('"%{ if x }y%{ endif }"')).toBeUndefined();
    expect(literalString("var.alias")).toBeUndefined();
    expect(literalString('"a" + "b"')).toBeUndefined();
  });
});
