import { App, TerraformStack } from "cdktf";

// The reference app. It grows into the full Snyk integration stack as the constructs land (see README).
const app = new App();
new TerraformStack(app, "snyk-eventbridge");
app.synth();
