import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import { inflateRawSync } from "node:zlib";
import { ValidationError } from "../../errors";

/**
 * Extracts a zip archive (a Lambda deployment package written by cdktf's `TerraformAsset`) into a directory.
 * Only what such packages use is supported: stored and deflated entries, no ZIP64, no encryption. Written
 * with `node:zlib` so the harness needs no `unzip` binary and no extra dependency.
 */
export function extractZip(zipFile: string, targetDir: string): string[] {
  const data = readFileSync(zipFile);
  const end = findEndOfCentralDirectory(data, zipFile);
  const count = data.readUInt16LE(end + 10);
  let offset = data.readUInt32LE(end + 16);
  const written: string[] = [];
  for (let index = 0; index < count; index += 1) {
    if (data.readUInt32LE(offset) !== 0x02014b50) {
      throw corrupt(zipFile, "a central directory entry is damaged");
    }
    const flags = data.readUInt16LE(offset + 8);
    const method = data.readUInt16LE(offset + 10);
    const compressedSize = data.readUInt32LE(offset + 20);
    const nameLength = data.readUInt16LE(offset + 28);
    const extraLength = data.readUInt16LE(offset + 30);
    const commentLength = data.readUInt16LE(offset + 32);
    const localOffset = data.readUInt32LE(offset + 42);
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString("utf8");
    offset += 46 + nameLength + extraLength + commentLength;
    if ((flags & 1) !== 0) {
      throw corrupt(zipFile, `the entry ${name} is encrypted`);
    }
    const relative = normalize(name);
    if (relative.startsWith("..") || relative.startsWith(sep) || /^[A-Za-z]:/.test(relative)) {
      throw corrupt(zipFile, `the entry ${name} points outside the archive`);
    }
    if (name.endsWith("/")) {
      mkdirSync(join(targetDir, relative), { recursive: true });
      continue;
    }
    const localNameLength = data.readUInt16LE(localOffset + 26);
    const localExtraLength = data.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const raw = data.subarray(start, start + compressedSize);
    let content: Buffer;
    if (method === 0) {
      content = raw;
    } else if (method === 8) {
      content = inflateRawSync(raw);
    } else {
      throw corrupt(zipFile, `the entry ${name} uses compression method ${method} (only stored and deflate are read)`);
    }
    const target = join(targetDir, relative);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
    written.push(relative);
  }
  return written;
}

function findEndOfCentralDirectory(data: Buffer, zipFile: string): number {
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 22 - 0xffff); offset -= 1) {
    if (data.readUInt32LE(offset) === 0x06054b50) {
      if (data.readUInt32LE(offset + 16) === 0xffffffff) {
        throw corrupt(zipFile, "it is a ZIP64 archive");
      }
      return offset;
    }
  }
  throw corrupt(zipFile, "it is not a zip archive");
}

function corrupt(zipFile: string, problem: string): ValidationError {
  return new ValidationError(
    `cannot read the Lambda package ${zipFile}: ${problem}. Re-synthesize the stack (cdktf writes the zip) ` +
      "after `npm run build`.",
    [{ field: "filename", rule: "must be a readable zip archive", value: zipFile }],
  );
}
