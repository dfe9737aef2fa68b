import type { Rule } from "../rule";
import { tableStacks } from "../s3-tables";
import {
  isRecord,
  resourcesOfType,
  StackContext,
  StackResource,
} from "../stack";
import { PROD_STACK } from "./sfn-no-execution-data";

// Resource types that contain data of record. A CloudFormation stack also does when its
// template declares a table.
const DATA_TYPES = [
  "aws_s3_bucket",
  "aws_s3tables_table_bucket",
  "aws_s3tables_namespace",
  "aws_s3tables_table",
];

/** Terraform cannot destroy prod data. */
export const PROD_PREVENT_DESTROY: Rule = {
  id: "PROD-PREVENT-DESTROY",
  requirement:
    "In prod, every data-holding resource (S3 buckets, table buckets, namespaces, tables and CloudFormation stacks that declare tables) has lifecycle.prevent_destroy = true and no force_destroy = true.",
  rationale:
    "A renamed construct id or a mistaken plan must fail instead of deleting the forms and the table of record.",
  fix: "Pass preventDestroy: true for prod to SecureBucket and FormsTable, and leave force_destroy unset or false.",
  subjects: (stack) => (stack.name === PROD_STACK ? dataResources(stack) : []),
  check(resource) {
    const messages: string[] = [];
    const lifecycle = isRecord(resource.body.lifecycle)
      ? resource.body.lifecycle
      : {};
    if (lifecycle.prevent_destroy !== true) {
      messages.push("lifecycle.prevent_destroy is not true");
    }
    if (resource.body.force_destroy === true) {
      messages.push("force_destroy is true");
    }
    return messages;
  },
};

function dataResources(stack: StackContext): StackResource[] {
  return [
    ...DATA_TYPES.flatMap((type) => resourcesOfType(stack, type)),
    ...tableStacks(stack),
  ];
}
