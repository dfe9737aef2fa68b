import { REVIEW_PREFIXES } from "../../../stacks/stage-stack";
import {
  coversPrefix,
  enabledLifecycleRules,
  lifecycleDays,
} from "../lifecycle";
import type { Rule } from "../rule";
import { bucketNamed, buckets } from "../s3";
import {
  block,
  blocks,
  resourcesOfType,
  StackContext,
  StackResource,
} from "../stack";
import {
  resultWriterTargets,
  stateMachineDefinitions,
} from "../state-machines";

/** A key prefix that contains objects the pipeline keeps only for a while. */
interface TransientPrefix {
  readonly bucket: string;
  readonly prefix: string;
  readonly holds: string;
}

/** Objects the pipeline writes for a while expire. */
export const S3_LIFECYCLE_EXPIRY: Rule = {
  id: "S3-LIFECYCLE-EXPIRY",
  requirement:
    "Every key prefix that holds transient objects has an enabled lifecycle rule that expires them: Firehose error output, Distributed Map results, and processed forms in the review bucket.",
  rationale:
    "Failed records and processed forms hold personal data that the table already has or that a person reviews once; it must not stay forever.",
  fix: "Add a SecureBucket lifecycle rule with that prefix and expireAfterDays.",
  subjects: (stack) =>
    buckets(stack).filter((bucket) =>
      transientPrefixes(stack).some(
        (transient) => transient.bucket === bucket.body.bucket,
      ),
    ),
  check(bucket, stack) {
    const rules = enabledLifecycleRules(stack, bucket).filter((rule) =>
      lifecycleDays(rule, "expiration", "days"),
    );
    return transientPrefixes(stack)
      .filter((transient) => transient.bucket === bucket.body.bucket)
      .filter(
        (transient) =>
          !rules.some((rule) => coversPrefix(rule, transient.prefix)),
      )
      .map(
        (transient) =>
          `no enabled lifecycle rule expires ${transient.holds} under "${transient.prefix}"`,
      );
  },
};

function transientPrefixes(stack: StackContext): TransientPrefix[] {
  return [
    ...firehoseErrorPrefixes(stack),
    ...stateMachineDefinitions(stack).flatMap(({ definition }) =>
      resultWriterTargets(definition).map((target) => ({
        ...target,
        holds: "Distributed Map results",
      })),
    ),
    ...processedFormsPrefix(stack),
  ];
}

function firehoseErrorPrefixes(stack: StackContext): TransientPrefix[] {
  const found: TransientPrefix[] = [];
  for (const stream of resourcesOfType(
    stack,
    "aws_kinesis_firehose_delivery_stream",
  )) {
    for (const destination of destinationBlocks(stream)) {
      const s3 = block(destination.s3_configuration);
      const bucket = bucketNamed(
        stack,
        s3.bucket_arn ?? destination.bucket_arn,
      );
      const prefixes = [
        s3.error_output_prefix ?? destination.error_output_prefix,
        ...blocks(destination.destination_table_configuration).map(
          (table) => table.s3_error_output_prefix,
        ),
      ];
      for (const prefix of prefixes) {
        if (bucket && typeof prefix === "string" && prefix !== "") {
          found.push({
            bucket: String(bucket.body.bucket),
            prefix: staticPart(prefix),
            holds: "Firehose error output",
          });
        }
      }
    }
  }
  return found;
}

// The review bucket is the one the stage stack names in its `review_bucket` output.
function processedFormsPrefix(stack: StackContext): TransientPrefix[] {
  const reviewBucket = stack.json.output?.review_bucket?.value;
  return typeof reviewBucket === "string"
    ? [
        {
          bucket: reviewBucket,
          prefix: REVIEW_PREFIXES.processed,
          holds: "processed forms",
        },
      ]
    : [];
}

function destinationBlocks(stream: StackResource): Record<string, unknown>[] {
  return Object.entries(stream.body)
    .filter(([key]) => key.endsWith("_configuration"))
    .flatMap(([, value]) => blocks(value));
}

// `delivery-errors/!{firehose:error-output-type}/` expires under `delivery-errors/`.
function staticPart(prefix: string): string {
  const dynamic = prefix.indexOf("!{");
  return dynamic === -1 ? prefix : prefix.slice(0, dynamic);
}
