import { ValidationError } from "../../../src/errors";
import type { EvalScope, Value } from "../../../src/sandbox/apply/expression-eval";
import { evaluate, functionsOf, referencesOf } from "../../../src/sandbox/apply/expression-eval";
import { parseTemplate } from "../../../src/sandbox/apply/hcl-expression";
import { jsonencode } from "../../../src/sandbox/apply/terraform-functions";

const STATE: Record<string, Value> = {
  "aws_sns_topic.alerts": { arn: "arn:aws:sns:us-east-1:123456789012:alerts", name: "alerts", tags: null },
  "data.aws_caller_identity.me": { account_id: "123456789012" },
  "aws_lambda_invocation.inv": { result: '{"partnerSourceName":"aws.partner/snyk.io/org_1/issues","n":2}' },
  "terraform_data.list": { output: ["a", "b", "c"] },
};

const scope: EvalScope = {
  lookup: (address) => {
    const value = STATE[address];
    if (value === undefined) {
      throw new ValidationError(`unknown ${address}`);
    }
    return value;
  },
};

function run(text: string): Value {
  return evaluate(parseTemplate(text, "test.value"), scope, "test.value");
}

describe("expression evaluation", () => {
  test("a single interpolation keeps the referenced value's type", () => {
    // GIVEN / WHEN
    const value = run("${terraform_data.list.output}");
    // THEN
    expect(value).toEqual(["a", "b", "c"]);
  });

  test("plain interpolation converts to a string inside literal text", () => {
    // WHEN
    const value = run("prefix-${data.aws_caller_identity.me.account_id}-${terraform_data.list.output[1]}");
    // THEN
    expect(value).toBe("prefix-123456789012-b");
  });

  test("escaped $${ stays literal", () => {
    // WHEN / THEN
    expect(run("cost: $${not.a.reference}")).toBe("cost: ${not.a.reference}");
  });

  test("jsonencode of an object with references, nested templates and lists, keys sorted as Terraform does", () => {
    // GIVEN the shape cdktf writes for Fn.jsonencode({...})
    const text =
      '${jsonencode({"Version" = "2012-10-17", "Statement" = [{"Resource" = aws_sns_topic.alerts.arn, ' +
      '"Sid" = "acct-${data.aws_caller_identity.me.account_id}", "Action" = ["sns:Publish"], "n" = 1, "ok" = true}]})}';
    // WHEN
    const value = run(text);
    // THEN
    expect(value).toBe(
      '{"Statement":[{"Action":["sns:Publish"],"Resource":"arn:aws:sns:us-east-1:123456789012:alerts",' +
        '"Sid":"acct-123456789012","n":1,"ok":true}],"Version":"2012-10-17"}',
    );
  });

  test("jsonencode escapes <, > and & like Terraform (Go's encoder)", () => {
    // WHEN / THEN
    expect(jsonencode({ template: "<a> & <b>" })).toBe('{"template":"\\u003ca\\u003e \\u0026 \\u003cb\\u003e"}');
  });

  test("jsondecode(...).attribute and lookup(jsondecode(...), key) read a Lambda result", () => {
    // WHEN
    const byAttribute = run("${jsondecode(aws_lambda_invocation.inv.result).partnerSourceName}");
    const byLookup = run('${lookup(jsondecode(aws_lambda_invocation.inv.result), "partnerSourceName")}');
    const number = run('${lookup(jsondecode(aws_lambda_invocation.inv.result), "n")}');
    // THEN
    expect(byAttribute).toBe("aws.partner/snyk.io/org_1/issues");
    expect(byLookup).toBe("aws.partner/snyk.io/org_1/issues");
    expect(number).toBe(2);
  });

  test("lookup falls back to its default, and fails naming the key without one", () => {
    // WHEN / THEN
    expect(run('${lookup({"a" = 1}, "b", "fallback")}')).toBe("fallback");
    expect(() => run('${lookup({"a" = 1}, "b")}')).toThrow(/lookup\(\) found no key "b" \(keys: a\)/);
  });

  test("jsondecode of text that is not JSON fails naming the function", () => {
    // WHEN / THEN
    expect(() => run('${jsondecode("not json")}')).toThrow(/jsondecode\(\) got text that is not JSON/);
  });

  test("a missing attribute fails naming it and the known ones", () => {
    // WHEN / THEN
    expect(() => run("${aws_sns_topic.alerts.nope}")).toThrow(
      /cannot evaluate aws_sns_topic.alerts.nope: there is no attribute "nope" \(known: arn, name, tags\)/,
    );
  });

  test("interpolating null or an object into text fails as in Terraform", () => {
    // WHEN / THEN
    expect(() => run("x-${aws_sns_topic.alerts.tags}")).toThrow(/the value is null/);
    expect(() => run("x-${terraform_data.list.output}")).toThrow(/Wrap lists and objects in jsonencode\(\)/);
  });

  test("string escapes inside quoted strings", () => {
    // WHEN / THEN
    expect(run('${jsonencode("a\\"b\\n\\u00e9")}')).toBe('"a\\"b\\né"');
  });
});

describe("references and functions", () => {
  test("references name resources, data sources, locals and self with their attributes", () => {
    // GIVEN
    const expr = parseTemplate(
      '${jsonencode({"a" = aws_sns_topic.alerts.arn, "b" = data.aws_region.current.name, "c" = local.x, "d" = self.input.spec})}',
      "t",
    );
    // WHEN
    const references = referencesOf(expr, "t");
    // THEN
    expect(references).toEqual([
      { address: "aws_sns_topic.alerts", attribute: ["arn"] },
      { address: "data.aws_region.current", attribute: ["name"] },
      { address: "local.x", attribute: [] },
      { address: "self", attribute: ["input", "spec"] },
    ]);
    expect(functionsOf(expr)).toEqual(["jsonencode"]);
  });

  test("an incomplete data reference is refused", () => {
    // WHEN / THEN
    expect(() => referencesOf(parseTemplate("${data.aws_region}", "t"), "t")).toThrow(/is incomplete/);
  });
});

describe("refused syntax", () => {
  test.each([
    ['${upper("x")}', /does not support the Terraform function upper\(\)/],
    ["${a.b == 1 ? 2 : 3}", /does not support the operator "=="/],
    ['${aws_sns_topic.alerts.arn != ""}', /does not support the operator "!="/],
    ["${true ? 1 : 2}", /conditional expressions/],
    ["${1 + 2}", /the operator "\+"/],
    ["${aws_sns_topic.alerts[*].arn}", /splat expressions/],
    ["${aws_sns_topic.alerts.*.arn}", /splat expressions/],
    ["${[for x in local.y : x]}", /for expressions/],
    ["%{ if true }yes%{ endif }", /template directives/],
    ["${<<EOT\nx\nEOT\n}", /heredoc strings/],
  ])("%s is refused with a message naming it", (text, message) => {
    // WHEN
    const attempt = (): Value => run(text);
    // THEN
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(message);
  });

  test("a syntax error says where it is", () => {
    // WHEN / THEN
    expect(() => run("${jsonencode(}")).toThrow(/test.value: cannot parse the expression .* at character \d+/);
  });
});
