import { TerraformVariable } from "cdktf";
import { Duration } from "../../../modules/duration";
import { newStack } from "./helpers";

describe("Duration", () => {
  test.each([
    [Duration.millis(1500), 1500],
    [Duration.seconds(90), 90_000],
    [Duration.minutes(2), 120_000],
    [Duration.hours(1), 3_600_000],
    [Duration.days(1), 86_400_000],
  ])("%s is %d ms", (duration, ms) => {
    expect(duration.toMilliseconds()).toBe(ms);
  });

  test("converts to whole seconds, and refuses a fraction", () => {
    expect(Duration.minutes(1.5).toSeconds()).toBe(90);
    expect(() => Duration.millis(1500).toSeconds()).toThrow(
      /Duration\.milliseconds\(1500\) must be a whole number of seconds here/,
    );
  });

  test("rejects negative, non-finite and token amounts", () => {
    // GIVEN
    const token = new TerraformVariable(newStack(), "seconds", { type: "number" }).numberValue;
    // THEN
    expect(() => Duration.seconds(-1)).toThrow(/must be a finite number of zero or more \(got -1\)/);
    expect(() => Duration.hours(Number.NaN)).toThrow(/must be a finite number of zero or more/);
    expect(() => Duration.seconds(token)).toThrow(/needs a literal number, not a Terraform token/);
  });

  test("reads as amount and unit", () => {
    expect(Duration.minutes(5).toString()).toBe("5 minutes");
  });
});
