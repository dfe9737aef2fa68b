import { Testing } from "cdktf";

// Adds cdktf's matchers, such as toHaveResourceWithProperties, to expect.
Testing.setupJest();
