import {
  isRecord,
  resourcesOfType,
  StackContext,
  StackResource,
} from "./stack";

/** An `AWS::S3Tables::Table` declared in an `aws_cloudformation_stack` template. */
export interface TemplateTable {
  readonly logicalId: string;
  readonly properties: Record<string, unknown>;
}

/**
 * Lists the S3 Tables tables a CloudFormation stack resource declares. hashicorp/aws 5.100
 * cannot give `aws_s3tables_table` a schema, so the project declares tables this way.
 */
export function templateTables(stackResource: StackResource): TemplateTable[] {
  const body = stackResource.body.template_body;
  if (typeof body !== "string") {
    return [];
  }
  let template: unknown;
  try {
    template = JSON.parse(body);
  } catch {
    return [];
  }
  const resources = isRecord(template) ? template.Resources : undefined;
  if (!isRecord(resources)) {
    return [];
  }
  return Object.entries(resources).flatMap(([logicalId, resource]) =>
    isRecord(resource) && resource.Type === "AWS::S3Tables::Table"
      ? [
          {
            logicalId,
            properties: isRecord(resource.Properties)
              ? resource.Properties
              : {},
          },
        ]
      : [],
  );
}

/** Lists the CloudFormation stack resources that declare at least one S3 Tables table. */
export function tableStacks(stack: StackContext): StackResource[] {
  return resourcesOfType(stack, "aws_cloudformation_stack").filter(
    (resource) => templateTables(resource).length > 0,
  );
}
