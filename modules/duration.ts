import { Token } from "cdktf";
import { ValidationError } from "../src/errors";

/**
 * A length of time, so that props say `Duration.minutes(5)` instead of a bare number whose unit the reader has
 * to guess.
 */
export class Duration {
  /** `amount` milliseconds. */
  public static millis(amount: number): Duration {
    return new Duration(amount, 1, "milliseconds");
  }

  /** `amount` seconds. */
  public static seconds(amount: number): Duration {
    return new Duration(amount, 1000, "seconds");
  }

  /** `amount` minutes. */
  public static minutes(amount: number): Duration {
    return new Duration(amount, 60_000, "minutes");
  }

  /** `amount` hours. */
  public static hours(amount: number): Duration {
    return new Duration(amount, 3_600_000, "hours");
  }

  /** `amount` days. */
  public static days(amount: number): Duration {
    return new Duration(amount, 86_400_000, "days");
  }

  private readonly amount: number;
  private readonly msPerUnit: number;
  private readonly unit: string;

  private constructor(amount: number, msPerUnit: number, unit: string) {
    if (Token.isUnresolved(amount)) {
      // A token's value is known only to Terraform, so it cannot be converted or checked here.
      throw ValidationError.fromIssues("Duration", [
        { field: `Duration.${unit}()`, rule: "needs a literal number, not a Terraform token" },
      ]);
    }
    if (!Number.isFinite(amount) || amount < 0) {
      throw ValidationError.fromIssues("Duration", [
        { field: `Duration.${unit}()`, rule: "must be a finite number of zero or more", value: amount },
      ]);
    }
    this.amount = amount;
    this.msPerUnit = msPerUnit;
    this.unit = unit;
  }

  /** The duration in whole seconds; throws when it is not a whole number of seconds. */
  public toSeconds(): number {
    const seconds = this.toMilliseconds() / 1000;
    if (!Number.isInteger(seconds)) {
      throw ValidationError.fromIssues("Duration", [
        { field: `Duration.${this.unit}(${this.amount})`, rule: "must be a whole number of seconds here" },
      ]);
    }
    return seconds;
  }

  /** The duration in whole milliseconds (rounded). */
  public toMilliseconds(): number {
    return Math.round(this.amount * this.msPerUnit);
  }

  /** A readable form such as `5 minutes`, for error messages. */
  public toString(): string {
    return `${this.amount} ${this.unit}`;
  }
}
