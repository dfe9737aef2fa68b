import type { Rule } from "../rule";
import { tableStacks, templateTables } from "../s3-tables";
import { block, isRecord, resourcesOfType, StackResource } from "../stack";

/** Table maintenance is written out, not left to service defaults. */
export const S3TABLES_MAINTENANCE: Rule = {
  id: "S3TABLES-MAINTENANCE",
  requirement:
    "Every table bucket enables unreferenced file removal with explicit days, and every table enables compaction and snapshot expiry with explicit settings.",
  rationale:
    "Snapshot expiry and file removal decide how long deleted rows of personal data stay readable; the values must be visible and reviewed.",
  fix: "Set maintenance_configuration.iceberg_unreferenced_file_removal on the table bucket, and Compaction and SnapshotManagement (Status enabled, with their settings) in the table's template.",
  subjects: (stack) => [
    ...resourcesOfType(stack, "aws_s3tables_table_bucket"),
    ...tableStacks(stack),
  ],
  check(subject) {
    return subject.type === "aws_s3tables_table_bucket"
      ? checkTableBucket(subject)
      : checkTemplateTables(subject);
  },
};

function checkTableBucket(bucket: StackResource): string[] {
  const removal = block(
    block(bucket.body.maintenance_configuration)
      .iceberg_unreferenced_file_removal,
  );
  const settings = block(removal.settings);
  const messages: string[] = [];
  if (removal.status !== "enabled") {
    messages.push(
      `maintenance_configuration.iceberg_unreferenced_file_removal.status is ${JSON.stringify(removal.status)}, not "enabled"`,
    );
  }
  for (const field of ["unreferenced_days", "non_current_days"]) {
    if (typeof settings[field] !== "number") {
      messages.push(
        `iceberg_unreferenced_file_removal.settings.${field} is not set`,
      );
    }
  }
  return messages;
}

function checkTemplateTables(stackResource: StackResource): string[] {
  const messages: string[] = [];
  for (const table of templateTables(stackResource)) {
    const expected = {
      Compaction: ["TargetFileSizeMB"],
      SnapshotManagement: ["MinSnapshotsToKeep", "MaxSnapshotAgeHours"],
    };
    for (const [property, settings] of Object.entries(expected)) {
      const value = table.properties[property];
      const config = isRecord(value) ? value : {};
      if (config.Status !== "enabled") {
        messages.push(
          `table ${table.logicalId} does not set ${property}.Status to "enabled"`,
        );
      }
      for (const setting of settings) {
        if (typeof config[setting] !== "number") {
          messages.push(
            `table ${table.logicalId} does not set ${property}.${setting}`,
          );
        }
      }
    }
  }
  return messages;
}
