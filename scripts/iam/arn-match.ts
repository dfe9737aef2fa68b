// Values tried for each `*` of a policy ARN: a `*` can stand for one name, or for a
// stretch of an ARN with ':' and '/' in it, such as a child execution's `LABEL:ID`.
const WILDCARD_SAMPLES = ["x", "x/x", "x:x", "x/x:x"];
const MAX_WILDCARDS = 4;

// Variables of ARN formats whose values are narrower or wider than "no ':'": bucket names
// have no '/', object keys may hold anything.
const VARIABLE_PATTERNS: Readonly<Record<string, string>> = {
  "${BucketName}": "[^:/]+",
  "${TableBucketName}": "[^:/]+",
  "${AccessPointName}": "[^:/]+",
  "${ObjectName}": ".+",
};

/**
 * Tells whether a resource ARN of a policy, which may contain `*` and `?`, can name a
 * resource of the type whose format the IAM service reference gives, such as
 * `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
 *
 * It tries sample values for each wildcard against the format, with each variable as one
 * or more characters other than ':' (a bucket name also has no '/', and an object key may
 * hold anything). That is a test on examples, not a proof, so an unusual wildcard can be
 * misjudged.
 */
export function arnMatchesFormat(
  policyArn: string,
  arnFormat: string,
): boolean {
  const format = formatRegExp(arnFormat);
  return candidates(policyArn).some((candidate) => format.test(candidate));
}

/** Tells whether a condition key matches a key of the reference, which may hold a variable. */
export function conditionKeyMatches(
  referenceKey: string,
  key: string,
): boolean {
  const source = referenceKey
    .split(/(\$\{[^}]+\}|<[^>]+>)/)
    .map((part, index) =>
      index % 2 === 1 ? ".+" : part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
    )
    .join("");
  return new RegExp(`^${source}$`, "i").test(key);
}

function formatRegExp(arnFormat: string): RegExp {
  const source = arnFormat
    .split(/(\$\{[A-Za-z]+\})/)
    .map((part) => {
      if (part === "${Partition}") {
        return "aws[a-z-]*";
      }
      if (part in VARIABLE_PATTERNS) {
        return VARIABLE_PATTERNS[part];
      }
      if (/^\$\{[A-Za-z]+\}$/.test(part)) {
        return "[^:]+";
      }
      return part.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

function candidates(policyArn: string): string[] {
  const wildcards = (policyArn.match(/[*?]/g) ?? []).length;
  if (wildcards === 0) {
    return [policyArn];
  }
  if (wildcards > MAX_WILDCARDS) {
    return [policyArn.replace(/[*?]/g, "x")];
  }
  let results = [""];
  for (const char of policyArn) {
    if (char === "*") {
      results = results.flatMap((prefix) =>
        WILDCARD_SAMPLES.map((sample) => prefix + sample),
      );
    } else if (char === "?") {
      results = results.map((prefix) => `${prefix}x`);
    } else {
      results = results.map((prefix) => prefix + char);
    }
  }
  return results;
}
