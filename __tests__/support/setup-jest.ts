import { Testing } from "cdktf";
// Declares the types of the matchers that setupJest adds.
import "cdktf/lib/testing/adapters/jest";

// Adds cdktf's matchers, such as toHaveResourceWithProperties, to expect.
Testing.setupJest();
