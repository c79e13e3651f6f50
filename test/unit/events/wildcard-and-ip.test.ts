import { inRange, parseCidr, parseIpAddress, sameAddress } from "../../../src/events/ip-address";
import {
  WILDCARD_COMPLEXITY_LIMIT,
  compileWildcard,
  wildcardComplexity,
  wildcardSyntaxError,
} from "../../../src/events/wildcard";

describe("wildcards", () => {
  test.each([
    ["*.png", "photo.png", true],
    ["*.png", "photo.png.bak", false],
    ["a*b*c", "abc", true],
    ["a*b*c", "aXbYc", true],
    ["a*b*c", "acb", false],
    ["", "", true],
    ["", "x", false],
    ["*", "", true],
    ["\\*", "*", true],
    ["\\*", "x", false],
    ["[a]+", "[a]+", true],
  ])("%j against %j is %s", (pattern, value, expected) => {
    // GIVEN / WHEN / THEN
    expect(compileWildcard(pattern)(value)).toBe(expected);
  });

  test("syntax errors give EventBridge's position (from the opening quote)", () => {
    // GIVEN / WHEN / THEN
    expect(wildcardSyntaxError("ab**")).toBe("Consecutive wildcard characters at pos 3");
    expect(wildcardSyntaxError("a\\b")).toBe("Invalid escape character at pos 2");
    expect(wildcardSyntaxError("a\\")).toBe("Invalid escape character at pos 2");
    expect(wildcardSyntaxError("a\\**")).toBeUndefined();
  });

  test("complexity grows with stars and with repetition after a star", () => {
    // GIVEN the calibration points recorded from AWS
    // WHEN / THEN
    expect(wildcardComplexity(["*:*:*:*:*:event-bus/*"])).toBeGreaterThan(WILDCARD_COMPLEXITY_LIMIT);
    expect(wildcardComplexity(["/Users/*/dir/dir/dir/dir/dir/doc.txt"])).toBeLessThanOrEqual(WILDCARD_COMPLEXITY_LIMIT);
    expect(wildcardComplexity(["arn:aws:events:us-east-1:*:event-bus/*"])).toBeLessThanOrEqual(
      WILDCARD_COMPLEXITY_LIMIT,
    );
    expect(wildcardComplexity(["no-stars"])).toBeLessThanOrEqual(1);
    expect(wildcardComplexity(["*.a", "*.b", "*.c"])).toBeGreaterThan(wildcardComplexity(["*.a"]));
  });
});

describe("IP addresses and CIDR blocks", () => {
  test("parses IPv4, IPv6 (compressed, full, embedded IPv4) and treats IPv4-mapped IPv6 as IPv4", () => {
    // GIVEN / WHEN / THEN
    expect(Array.from(parseIpAddress("10.1.2.3") ?? [])).toEqual([10, 1, 2, 3]);
    expect(parseIpAddress("2001:db8::1")?.length).toBe(16);
    expect(
      sameAddress(parseIpAddress("2001:db8::1") as Uint8Array, parseIpAddress("2001:0db8:0:0:0:0:0:1") as Uint8Array),
    ).toBe(true);
    expect(
      sameAddress(parseIpAddress("64:ff9b::1.2.3.4") as Uint8Array, parseIpAddress("64:ff9b::102:304") as Uint8Array),
    ).toBe(true);
    expect(Array.from(parseIpAddress("::ffff:10.0.0.1") ?? [])).toEqual([10, 0, 0, 1]);
    expect(parseIpAddress("10.0.0.256")).toBeUndefined();
    expect(parseIpAddress("host.example")).toBeUndefined();
  });

  test("a CIDR block covers its host range", () => {
    // GIVEN
    const block = parseCidr("192.168.4.0/22");
    // WHEN / THEN
    expect(inRange(parseIpAddress("192.168.7.255") as Uint8Array, block)).toBe(true);
    expect(inRange(parseIpAddress("192.168.8.0") as Uint8Array, block)).toBe(false);
    expect(inRange(parseIpAddress("::1") as Uint8Array, block)).toBe(false);
  });

  test.each([
    ["10.0.0.0", "Malformed CIDR, one '/' required"],
    ["10.0.0.0/", "Malformed CIDR, one '/' required"],
    ["10.0.0.0/8/8", "Malformed CIDR, one '/' required"],
    ["10.0.0.0/x", "Malformed CIDR, mask bits must be an integer"],
    ["10.0.0/8", "Nonstandard IP address: 10.0.0"],
  ])("rejects %j with %j", (text, message) => {
    // GIVEN / WHEN / THEN
    expect(() => parseCidr(text)).toThrow(message);
  });
});
