import { requireMatch, requireWholeNumber } from "../../constructs/validation";

describe("requireMatch", () => {
  it("accepts a matching value", () => {
    expect(() =>
      requireMatch("streamName", "records", /^[a-z]+$/, "lowercase letters"),
    ).not.toThrow();
  });

  it("rejects a value that does not match", () => {
    expect(() =>
      requireMatch("streamName", "Records 1", /^[a-z]+$/, "lowercase letters"),
    ).toThrow('Invalid streamName "Records 1": expected lowercase letters.');
  });
});

describe("requireWholeNumber", () => {
  it.each([1, 64, 128])("accepts %s in the range 1 to 128", (value) => {
    expect(() =>
      requireWholeNumber("bufferingSizeMb", value, 1, 128, "MiB"),
    ).not.toThrow();
  });

  it.each([
    ["below the range", 0],
    ["above the range", 129],
    ["a fraction", 1.5],
    ["NaN", Number.NaN],
  ])("rejects %s", (_, value) => {
    expect(() =>
      requireWholeNumber("bufferingSizeMb", value, 1, 128, "MiB"),
    ).toThrow(
      `Invalid bufferingSizeMb ${value}: expected a whole number of MiB from 1 to 128.`,
    );
  });
});
