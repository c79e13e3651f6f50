import { isIPv4, isIPv6 } from "node:net";

/**
 * IP addresses and CIDR blocks as EventBridge's `cidr` filter reads them. Addresses compare as bytes, so
 * `2001:db8::1` equals `2001:0db8:0:0:0:0:0:1`.
 */

/** An inclusive range of addresses of one family (4 or 16 bytes). */
export interface AddressRange {
  readonly low: Uint8Array;
  readonly high: Uint8Array;
}

/** The bytes of an IPv4 or IPv6 literal, or `undefined` when `text` is not one. */
export function parseIpAddress(text: string): Uint8Array | undefined {
  if (isIPv4(text)) {
    return Uint8Array.from(text.split(".").map(Number));
  }
  if (isIPv6(text)) {
    const bytes = parseIpv6(text);
    // Like EventBridge's engine (Java's InetAddress), an IPv4-mapped address (::ffff:a.b.c.d) is IPv4.
    const mapped = bytes.slice(0, 10).every((byte) => byte === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
    return mapped ? bytes.slice(12) : bytes;
  }
  return undefined;
}

/**
 * Parses `address/bits`. Throws an `Error` whose message is EventBridge's reason when the block is malformed
 * (EventBridge rejects `/32` for IPv4 and `/128` for IPv6 too: a single address is written without a mask).
 */
export function parseCidr(text: string): AddressRange {
  const parts = javaSplit(text, "/");
  if (parts.length !== 2) {
    throw new Error("Malformed CIDR, one '/' required");
  }
  const [address, mask] = parts as [string, string];
  if (!/^[+-]?\d{1,10}$/.test(mask) || Math.abs(Number(mask)) > 2147483647) {
    throw new Error("Malformed CIDR, mask bits must be an integer");
  }
  const bits = Number(mask);
  if (bits < 0) {
    throw new Error("Malformed CIDR, mask bits must not be negative");
  }
  const bytes = parseIpAddress(address);
  if (bytes === undefined) {
    throw new Error(`Nonstandard IP address: ${address}`);
  }
  if (bytes.length === 4 && bits > 31) {
    throw new Error("IPv4 mask bits must be < 32");
  }
  if (bytes.length === 16 && bits > 127) {
    throw new Error("IPv6 mask bits must be < 128");
  }
  const high = Uint8Array.from(bytes);
  let hostBits = bytes.length * 8 - bits;
  for (let index = high.length - 1; index >= 0 && hostBits > 0; index -= 1) {
    const span = Math.min(8, hostBits);
    high[index] = (high[index] as number) | ((1 << span) - 1);
    hostBits -= span;
  }
  // The lower bound keeps the address as written (EventBridge does not clear host bits either).
  return { low: bytes, high };
}

/** Whether `address` lies within `range` (addresses of another family never do). */
export function inRange(address: Uint8Array, range: AddressRange): boolean {
  return (
    address.length === range.low.length &&
    compareBytes(address, range.low) >= 0 &&
    compareBytes(address, range.high) <= 0
  );
}

/** Whether two addresses are the same address. */
export function sameAddress(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && compareBytes(left, right) === 0;
}

function compareBytes(left: Uint8Array, right: Uint8Array): number {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] as number) - (right[index] as number);
    if (difference !== 0) {
      return difference;
    }
  }
  return 0;
}

function parseIpv6(text: string): Uint8Array {
  let body = text;
  const lastColon = body.lastIndexOf(":");
  const trailing = body.slice(lastColon + 1);
  if (trailing.includes(".")) {
    // An embedded IPv4 address (`::ffff:10.0.0.1`) is the last two 16-bit groups.
    const [a = 0, b = 0, c = 0, d = 0] = trailing.split(".").map(Number);
    body = `${body.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", rest] = body.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const restGroups = rest === undefined || rest === "" ? [] : rest.split(":");
  const missing = 8 - headGroups.length - restGroups.length;
  const groups = [...headGroups, ...new Array<string>(rest === undefined ? 0 : missing).fill("0"), ...restGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = Number.parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** `String.split` as Java does it: trailing empty strings are dropped. */
function javaSplit(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === "") {
    parts.pop();
  }
  return parts;
}
