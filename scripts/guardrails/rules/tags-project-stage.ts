import { PROJECT } from "../../../stacks/stage-config";
import { providerSubjects, Rule } from "../rule";
import { block, isRecord, StackContext, StackResource } from "../stack";
import { isTaggable } from "../taggable";

/** Tag keys every taggable resource carries, with the value each must have. */
function requiredTags(stack: StackContext): Record<string, string | undefined> {
  return { project: PROJECT, stage: stack.name, "managed-by": undefined };
}

/** Every taggable resource carries the project, stage and managed-by tags. */
export const TAGS_PROJECT_STAGE: Rule = {
  id: "TAGS-PROJECT-STAGE",
  requirement:
    "The AWS provider's default_tags set project, stage (the stack name) and managed-by, and no taggable resource overrides them with other values. Resource types without a tags argument are not checked.",
  rationale:
    "Cost reports, access reviews and incident response find a stage's resources by these tags.",
  fix: "Keep the tags in ProjectStack's default_tags, and do not set project, stage or managed-by in a resource's tags.",
  subjects: (stack) => [
    ...providerSubjects(stack, "aws"),
    ...stack.resources.filter(
      (resource) => isTaggable(resource.type) !== false,
    ),
  ],
  check(subject, stack) {
    if (subject.type === "provider") {
      return checkDefaultTags(subject, stack);
    }
    if (isTaggable(subject.type) === undefined) {
      return [
        `cannot tell whether ${subject.type} takes tags: the @cdktf/provider-aws bindings have no class for it`,
      ];
    }
    return checkResourceTags(subject, stack);
  },
};

function checkDefaultTags(
  provider: StackResource,
  stack: StackContext,
): string[] {
  const tags = block(provider.body.default_tags).tags;
  const defaults = isRecord(tags) ? tags : {};
  return Object.entries(requiredTags(stack)).flatMap(([key, expected]) => {
    const value = defaults[key];
    if (typeof value !== "string" || value === "") {
      return [`default_tags has no "${key}" tag`];
    }
    return expected !== undefined && value !== expected
      ? [`default_tags sets "${key}" to "${value}"; expected "${expected}"`]
      : [];
  });
}

function checkResourceTags(
  resource: StackResource,
  stack: StackContext,
): string[] {
  const tags = isRecord(resource.body.tags) ? resource.body.tags : {};
  const defaults = block(
    providerSubjects(stack, "aws")[0]?.body.default_tags,
  ).tags;
  const expectedValues = isRecord(defaults) ? defaults : {};
  return Object.keys(requiredTags(stack))
    .filter((key) => key in tags && tags[key] !== expectedValues[key])
    .map(
      (key) =>
        `tags sets "${key}" to ${JSON.stringify(tags[key])}, which overrides the provider's default "${String(expectedValues[key])}"`,
    );
}
