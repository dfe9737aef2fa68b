/** Throws when `value` does not match `pattern`, naming the prop, the value and what is allowed. */
export function requireMatch(
  prop: string,
  value: string,
  pattern: RegExp,
  expected: string,
): void {
  if (!pattern.test(value)) {
    throw new Error(`Invalid ${prop} "${value}": expected ${expected}.`);
  }
}

/** Throws when `value` is not a whole number from `min` to `max`. */
export function requireWholeNumber(
  prop: string,
  value: number,
  min: number,
  max: number,
  unit: string,
): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(
      `Invalid ${prop} ${value}: expected a whole number of ${unit} from ${min} to ${max}.`,
    );
  }
}
