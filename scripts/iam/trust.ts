import { arn } from "../../stacks/names";
import { resourcesOfType, StackContext, StackPlace } from "../guardrails/stack";
import {
  conditionValues,
  federatedPrincipals,
  servicePrincipals,
  StackPolicy,
  Statement,
} from "./policies";
import { statementLabel } from "./statement-checks";

/** The aws:SourceArn a service sets when it assumes a role, per its documentation. */
interface SourceArnExpectation {
  /** Description of the resources the ARN names, for messages. */
  readonly names: string;
  /** ARNs of the stack's resources the service may act for. */
  readonly arns: (stack: StackContext, place: StackPlace) => string[];
  /** Whether `<ARN>:*`, the ARN with any version or alias qualifier, is accepted too. */
  readonly qualified?: boolean;
}

/**
 * Service principals the project trusts, with the aws:SourceArn each must be limited to,
 * or null where the service sets none that the project can rely on. Every entry also
 * needs aws:SourceAccount.
 */
export const TRUSTED_SERVICES: Readonly<
  Record<string, SourceArnExpectation | null>
> = {
  // EventBridge Scheduler user guide, confused deputy prevention: the schedule group ARN.
  "scheduler.amazonaws.com": {
    names: "a schedule group of this stack",
    arns: (stack, place) =>
      names(stack, "aws_scheduler_schedule_group").map((name) =>
        arn.scheduleGroup(place, name),
      ),
  },
  // Step Functions developer guide, "Prevent cross-service confused deputy issue". A run
  // started through an alias or a version may carry the qualified ARN.
  "states.amazonaws.com": {
    names: "a state machine of this stack",
    qualified: true,
    arns: (stack, place) =>
      names(stack, "aws_sfn_state_machine").map((name) =>
        arn.stateMachine(place, name),
      ),
  },
  // The S3 Tables integration role: the Lake Formation guide limits it by account only.
  "lakeformation.amazonaws.com": null,
};

/**
 * Service principals whose documentation gives the account ID as sts:ExternalId instead
 * of aws:SourceAccount and aws:SourceArn. Firehose developer guide, "Allow Firehose to
 * assume an IAM role": the trust policy requires sts:ExternalId equal to the account.
 */
export const EXTERNAL_ID_SERVICES: readonly string[] = [
  "firehose.amazonaws.com",
];

/** Claims an OIDC identity provider's tokens must carry for a role to trust them. */
interface OidcExpectation {
  /** The only audience the role accepts. */
  readonly audience: string;
  /** Pattern every subject value must match before its first wildcard. */
  readonly subject: RegExp;
  readonly subjectExample: string;
}

/**
 * OIDC providers the project trusts. GitHub Actions tokens must name the STS audience and
 * a subject in one repository (GitHub documentation, configuring OpenID Connect in AWS).
 */
export const TRUSTED_OIDC_PROVIDERS: Readonly<Record<string, OidcExpectation>> =
  {
    "token.actions.githubusercontent.com": {
      audience: "sts.amazonaws.com",
      subject: /^repo:[^*?:/]+\/[^*?:/]+:[^*?]/,
      subjectExample: "repo:<owner>/<name>:environment:<name>",
    },
  };

/**
 * Reports trust statements that let a principal assume the role without the confused
 * deputy conditions: aws:SourceAccount for the stack's account, and aws:SourceArn for
 * the stack's own resource where the service sets it.
 */
export function weakTrust(policy: StackPolicy, stack: StackContext): string[] {
  const place = stack.place;
  if (!place) {
    return ["the stack's AWS provider names no single account and Region"];
  }
  return policy.statements.flatMap((statement, index) =>
    statement.effect === "Allow"
      ? statementProblems(
          statement,
          statementLabel(statement, index),
          stack,
          place,
        )
      : [],
  );
}

function statementProblems(
  statement: Statement,
  label: string,
  stack: StackContext,
  place: StackPlace,
): string[] {
  const federated = federatedPrincipals(statement);
  if (federated.length > 0) {
    return federated.flatMap((principal) =>
      oidcProblems(statement, label, principal, place),
    );
  }
  const services = servicePrincipals(statement);
  if (services.length === 0) {
    return [
      `${label}: trusts ${JSON.stringify(statement.principal)}, which is neither an AWS service nor a trusted OIDC provider`,
    ];
  }
  if (services.every((service) => EXTERNAL_ID_SERVICES.includes(service))) {
    const ids = conditionValues(statement, "StringEquals", "sts:ExternalId");
    return ids?.length === 1 && ids[0] === place.accountId
      ? []
      : [`${label}: has no StringEquals sts:ExternalId = "${place.accountId}"`];
  }
  const messages: string[] = [];
  const accounts = conditionValues(
    statement,
    "StringEquals",
    "aws:SourceAccount",
  );
  if (accounts?.length !== 1 || accounts[0] !== place.accountId) {
    messages.push(
      `${label}: has no StringEquals aws:SourceAccount = "${place.accountId}"`,
    );
  }
  for (const service of services) {
    if (!(service in TRUSTED_SERVICES)) {
      messages.push(
        `${label}: trusts ${service}, which has no entry in TRUSTED_SERVICES; add what it sets as aws:SourceArn`,
      );
      continue;
    }
    const expectation = TRUSTED_SERVICES[service];
    if (expectation) {
      messages.push(
        ...sourceArnProblems(statement, label, expectation, stack, place),
      );
    }
  }
  return messages;
}

function sourceArnProblems(
  statement: Statement,
  label: string,
  expectation: SourceArnExpectation,
  stack: StackContext,
  place: StackPlace,
): string[] {
  const values = [
    ...(conditionValues(statement, "ArnLike", "aws:SourceArn") ?? []),
    ...(conditionValues(statement, "ArnEquals", "aws:SourceArn") ?? []),
  ];
  if (values.length === 0) {
    return [
      `${label}: has no ArnLike or ArnEquals aws:SourceArn for ${expectation.names}`,
    ];
  }
  const expected = expectation.arns(stack, place);
  const accepted = expectation.qualified
    ? [...expected, ...expected.map((arn) => `${arn}:*`)]
    : expected;
  return values
    .filter((value) => !accepted.includes(value))
    .map(
      (value) =>
        `${label}: aws:SourceArn "${value}" is not exactly ${expectation.names} (${accepted.join(", ") || "none found"})`,
    );
}

function oidcProblems(
  statement: Statement,
  label: string,
  principal: string,
  place: StackPlace,
): string[] {
  const match = /^arn:aws[a-z-]*:iam::(\d{12}):oidc-provider\/(.+)$/.exec(
    principal,
  );
  const expectation = match ? TRUSTED_OIDC_PROVIDERS[match[2]] : undefined;
  if (!match || !expectation) {
    return [
      `${label}: trusts ${principal}, which is not a trusted OIDC provider`,
    ];
  }
  const [, account, host] = match;
  const messages: string[] = [];

  if (account !== place.accountId) {
    messages.push(
      `${label}: trusts an OIDC provider of account ${account}, not ${place.accountId}`,
    );
  }

  const audiences = conditionValues(statement, "StringEquals", `${host}:aud`);
  if (audiences?.length !== 1 || audiences[0] !== expectation.audience) {
    messages.push(
      `${label}: has no StringEquals ${host}:aud = "${expectation.audience}"`,
    );
  }

  const subjects = [
    ...(conditionValues(statement, "StringEquals", `${host}:sub`) ?? []),
    ...(conditionValues(statement, "StringLike", `${host}:sub`) ?? []),
  ];
  if (subjects.length === 0) {
    messages.push(
      `${label}: has no StringEquals or StringLike condition on ${host}:sub`,
    );
  }
  for (const subject of subjects.filter(
    (value) => !expectation.subject.test(value),
  )) {
    messages.push(
      `${label}: ${host}:sub "${subject}" does not name one repository; expected ${expectation.subjectExample}`,
    );
  }
  return messages;
}

function names(stack: StackContext, type: string): string[] {
  return resourcesOfType(stack, type)
    .map((resource) => resource.body.name)
    .filter((name): name is string => typeof name === "string");
}
