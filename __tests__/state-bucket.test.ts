import {
  distinctStateLocations,
  stateBucketCommands,
  stateBucketPolicy,
} from "../stacks/state-bucket";

const LOCATION = {
  stateBucket: "acme-tfstate",
  region: "eu-west-1",
  accountId: "123456789012",
};

describe("stateBucketPolicy", () => {
  it("denies every request made without TLS", () => {
    expect(JSON.parse(stateBucketPolicy("acme-tfstate"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyRequestsWithoutTls",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [
            "arn:aws:s3:::acme-tfstate",
            "arn:aws:s3:::acme-tfstate/*",
          ],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ],
    });
  });
});

describe("stateBucketCommands", () => {
  const commands = stateBucketCommands(LOCATION);

  it("creates the bucket with ownership enforced in its Region", () => {
    expect(commands[0]).toBe(
      "aws s3api create-bucket --bucket acme-tfstate --region eu-west-1 --create-bucket-configuration LocationConstraint=eu-west-1 --object-ownership BucketOwnerEnforced",
    );
  });

  it("omits the location constraint in us-east-1", () => {
    const [create] = stateBucketCommands({ ...LOCATION, region: "us-east-1" });
    expect(create).not.toContain("LocationConstraint");
  });

  it("blocks all four kinds of public access", () => {
    expect(commands[1]).toContain(
      "BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    );
  });

  it("turns on versioning and default encryption", () => {
    expect(commands[2]).toContain("--versioning-configuration Status=Enabled");
    expect(commands[3]).toContain('"SSEAlgorithm":"AES256"');
  });

  it("checks the expected bucket owner on every change", () => {
    for (const command of commands.slice(1)) {
      expect(command).toContain("--expected-bucket-owner 123456789012");
    }
  });

  it("passes the TLS-only policy as one quoted argument", () => {
    expect(commands[4]).toContain(
      `--policy '${stateBucketPolicy("acme-tfstate")}'`,
    );
  });
});

describe("distinctStateLocations", () => {
  it("lists a bucket shared by stacks once", () => {
    expect(distinctStateLocations([LOCATION, LOCATION])).toEqual([LOCATION]);
  });

  it("rejects one bucket named in two Regions", () => {
    expect(() =>
      distinctStateLocations([LOCATION, { ...LOCATION, region: "us-east-1" }]),
    ).toThrow(
      'Invalid stateBucket "acme-tfstate": stacks name it in 123456789012/eu-west-1 and in 123456789012/us-east-1',
    );
  });
});
