import type { Rule } from "../rule";
import {
  block,
  referencedResource,
  resourcesOfType,
  StackContext,
  StackResource,
} from "../stack";

// Destination blocks that deliver through an S3 configuration of their own.
const DESTINATIONS = ["iceberg_configuration", "extended_s3_configuration"];

/** Records Firehose cannot deliver land in S3, and delivery errors are logged. */
export const FIREHOSE_ERROR_OUTPUT: Rule = {
  id: "FIREHOSE-ERROR-OUTPUT",
  requirement:
    "Every Firehose stream sets an S3 error_output_prefix and enables CloudWatch error logging to a log group and log stream of the same stack.",
  rationale:
    "Without them, records that fail to reach the table are lost without a trace, and the alarm on failed records has nothing to point at.",
  fix: "Set error_output_prefix in the destination's s3_configuration and cloudwatch_logging_options { enabled = true, log_group_name, log_stream_name }.",
  subjects: (stack) =>
    resourcesOfType(stack, "aws_kinesis_firehose_delivery_stream"),
  check(stream, stack) {
    const key = DESTINATIONS.find((name) => stream.body[name] !== undefined);
    if (!key) {
      return [
        `destination ${JSON.stringify(stream.body.destination)} is not one this rule knows (${DESTINATIONS.join(", ")}); extend the rule`,
      ];
    }
    const destination = block(stream.body[key]);
    const errorPrefix =
      key === "iceberg_configuration"
        ? block(destination.s3_configuration).error_output_prefix
        : destination.error_output_prefix;
    const messages: string[] = [];
    if (typeof errorPrefix !== "string" || errorPrefix === "") {
      messages.push(`${key} sets no S3 error_output_prefix`);
    }
    messages.push(...loggingProblems(stack, key, destination));
    return messages;
  },
};

function loggingProblems(
  stack: StackContext,
  key: string,
  destination: Record<string, unknown>,
): string[] {
  const logging = block(destination.cloudwatch_logging_options);
  if (logging.enabled !== true) {
    return [`${key}.cloudwatch_logging_options.enabled is not true`];
  }
  const group = logTarget(
    stack,
    logging.log_group_name,
    "aws_cloudwatch_log_group",
  );
  const streamTarget = logTarget(
    stack,
    logging.log_stream_name,
    "aws_cloudwatch_log_stream",
  );
  const messages: string[] = [];
  if (!group) {
    messages.push(
      `${key}.cloudwatch_logging_options.log_group_name names no log group of this stack`,
    );
  }
  if (!streamTarget) {
    messages.push(
      `${key}.cloudwatch_logging_options.log_stream_name names no log stream of this stack`,
    );
  }
  return messages;
}

function logTarget(
  stack: StackContext,
  value: unknown,
  type: string,
): StackResource | undefined {
  const referenced = referencedResource(stack, value);
  if (referenced) {
    return referenced.type === type ? referenced : undefined;
  }
  return resourcesOfType(stack, type).find(
    (resource) => resource.body.name === value,
  );
}
