import { policyDocument, serviceTrustPolicy } from "../../constructs/policy";
import { parsePolicy } from "../support/construct-synth";

describe("policyDocument", () => {
  it("wraps the statements in a 2012-10-17 document", () => {
    const statement = {
      Effect: "Allow" as const,
      Action: ["sqs:SendMessage"],
      Resource: ["arn:aws:sqs:eu-central-1:123456789012:queue"],
    };
    expect(parsePolicy(policyDocument([statement]))).toEqual({
      Version: "2012-10-17",
      Statement: [statement],
    });
  });
});

describe("serviceTrustPolicy", () => {
  it("lets only the service assume the role", () => {
    const [statement] = parsePolicy(
      serviceTrustPolicy("states.amazonaws.com", "123456789012"),
    ).Statement;
    expect(statement.Effect).toBe("Allow");
    expect(statement.Principal).toEqual({ Service: "states.amazonaws.com" });
    expect(statement.Action).toBe("sts:AssumeRole");
  });

  it("limits the caller to the account without a source ARN", () => {
    const policy = parsePolicy(
      serviceTrustPolicy("states.amazonaws.com", "123456789012"),
    );
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("limits the caller to the source ARN when given", () => {
    const sourceArn =
      "arn:aws:scheduler:eu-central-1:123456789012:schedule-group/forms";
    const [statement] = parsePolicy(
      serviceTrustPolicy("scheduler.amazonaws.com", "123456789012", sourceArn),
    ).Statement;
    expect(statement.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
      ArnLike: { "aws:SourceArn": sourceArn },
    });
  });
});
