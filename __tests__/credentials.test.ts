import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { hasAwsCredentials } from "../scripts/lib/credentials";

describe("hasAwsCredentials", () => {
  const home = mkdtempSync(path.join(tmpdir(), "forms-home-"));
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it("finds none in an empty home without variables", () => {
    expect(hasAwsCredentials({ HOME: home })).toBe(false);
  });

  it.each(["AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_WEB_IDENTITY_TOKEN_FILE"])(
    "finds credentials named by %s",
    (name) => {
      expect(hasAwsCredentials({ HOME: home, [name]: "set" })).toBe(true);
    },
  );

  it("finds keys in a shared credentials file", () => {
    const file = path.join(home, "credentials");
    writeFileSync(file, "[default]\naws_access_key_id = AKIAEXAMPLE\n");
    expect(
      hasAwsCredentials({ HOME: home, AWS_SHARED_CREDENTIALS_FILE: file }),
    ).toBe(true);
  });

  it("finds an SSO profile in a config file", () => {
    const file = path.join(home, "sso-config");
    writeFileSync(
      file,
      "[profile dev]\nsso_session = corp\nregion = eu-west-1\n",
    );
    expect(hasAwsCredentials({ HOME: home, AWS_CONFIG_FILE: file })).toBe(true);
  });

  it("ignores a config file with only a region", () => {
    const file = path.join(home, "region-only");
    writeFileSync(file, "[default]\nregion = eu-west-1\n");
    expect(
      hasAwsCredentials({
        HOME: home,
        AWS_CONFIG_FILE: file,
        AWS_SHARED_CREDENTIALS_FILE: path.join(home, "absent"),
      }),
    ).toBe(false);
  });
});
