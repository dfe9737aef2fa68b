// asl-validator 4 ships no type declarations; this is the shape of its result.
interface AslValidatorResult {
  readonly isValid: boolean;
  readonly errors: readonly {
    readonly "Error code": string;
    readonly Message: string;
  }[];
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (
  definition: unknown,
) => AslValidatorResult;

/** One problem asl-validator found in a definition. */
export interface AslProblem {
  readonly code: string;
  readonly message: string;
}

/** Validates an Amazon States Language definition with asl-validator. */
export function validateAsl(definition: string | object): AslProblem[] {
  let parsed: unknown;
  try {
    // A copy: asl-validator writes default QueryLanguage fields into what it is given.
    parsed = JSON.parse(
      typeof definition === "string" ? definition : JSON.stringify(definition),
    );
  } catch (error) {
    return [
      { code: "INVALID_JSON_DESCRIPTION", message: (error as Error).message },
    ];
  }
  const result = aslValidator(parsed);
  return result.errors.map((error) => ({
    code: error["Error code"],
    message: error.Message,
  }));
}
