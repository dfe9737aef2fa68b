/** A statement of an IAM policy document, in the JSON form IAM reads. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal?:
    "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** Renders IAM policy statements as a policy document (version 2012-10-17). */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Builds the trust policy of a role that one AWS service assumes on behalf of this account.
 * `aws:SourceAccount`, and `aws:SourceArn` where the service sets it, keep another
 * account's resource from using the role (the confused deputy problem).
 */
export function serviceTrustPolicy(
  service: string,
  accountId: string,
  sourceArn?: string | readonly string[],
): string {
  const condition: Record<
    string,
    Record<string, string | readonly string[]>
  > = {
    StringEquals: { "aws:SourceAccount": accountId },
  };
  if (sourceArn) {
    condition.ArnLike = { "aws:SourceArn": sourceArn };
  }
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: condition,
    },
  ]);
}

/**
 * Builds the trust policy of a role that a service assumes with the account ID as its
 * external ID, the form the Firehose developer guide gives for a stream's role
 * ("Allow Firehose to assume an IAM role").
 */
export function externalIdTrustPolicy(
  service: string,
  accountId: string,
): string {
  return policyDocument([
    {
      Effect: "Allow",
      Principal: { Service: service },
      Action: "sts:AssumeRole",
      Condition: { StringEquals: { "sts:ExternalId": accountId } },
    },
  ]);
}
