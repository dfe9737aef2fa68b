import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";

// The baseline of the benchmark: a cdktf app with one provider and one bucket, imported
// the same way as the real stacks.
const app = new App();
const stack = new TerraformStack(app, "baseline");
new AwsProvider(stack, "aws", { region: "eu-west-1" });
new S3Bucket(stack, "bucket", { bucket: "forms-to-tables-benchmark-baseline" });
app.synth();
