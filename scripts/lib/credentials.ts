import { existsSync, readFileSync } from "node:fs";
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

// Settings of the shared config and credentials files that give a profile credentials,
// as opposed to settings such as region or output.
const CREDENTIAL_SETTINGS =
  /^\s*(aws_access_key_id|credential_process|credential_source|role_arn|sso_session|sso_start_url|web_identity_token_file|login_session)\s*=/m;

/**
 * Tells whether AWS credentials are configured: an environment variable of the SDK's
 * credential chain, or a shared credentials or config file that sets a credential source
 * (a file with only a region does not count). It never calls the instance metadata
 * service, so a machine without credentials plans offline instead of reaching for it.
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
  return files.some(
    (file) =>
      existsSync(file) && CREDENTIAL_SETTINGS.test(readFileSync(file, "utf8")),
  );
}
