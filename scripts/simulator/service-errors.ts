import { StatesError } from "./errors";

/**
 * Names an error of the AWS SDK integration as Step Functions does: the service name, a
 * dot and the error code with the suffix `Exception`, added even where the API's own
 * name lacks it (developer guide, AWS SDK integrations). So Textract's
 * `InternalServerError` is caught as `Textract.InternalServerErrorException`.
 */
export function sdkError(
  service: string,
  code: string,
  cause: string,
): StatesError {
  const name = code.endsWith("Exception") ? code : `${code}Exception`;
  return new StatesError(`${service}.${name}`, cause);
}
