import { existsSync } from "node:fs";
import { homedir } from "node:os";
import * as path from "node:path";

// Environment variables through which the AWS SDK's default chain finds credentials.
const CREDENTIAL_VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_PROFILE",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
];

/**
 * Tells whether AWS credentials are configured, from environment variables and the shared
 * credentials and config files only. It never asks the instance metadata service, so a
 * machine without credentials plans offline instead of reaching for an AWS host.
 */
export function hasAwsCredentials(
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]))) {
    return true;
  }
  const awsDir = path.join(env.HOME ?? homedir(), ".aws");
  const files = [
    env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(awsDir, "credentials"),
    env.AWS_CONFIG_FILE ?? path.join(awsDir, "config"),
  ];
  return files.some((file) => existsSync(file));
}
