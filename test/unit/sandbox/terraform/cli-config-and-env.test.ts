import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { devNull, tmpdir } from "node:os";
import { join } from "node:path";
import { CLI_CONFIG_FILE, LOCAL_PLUGINS_DIR, writeCliConfig } from "../../../../src/sandbox/terraform/cli-config";
import type { ProviderMirror } from "../../../../src/sandbox/terraform/provider-mirror";
import { buildTerraformEnv, secretsOf } from "../../../../src/sandbox/terraform/terraform-env";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cli-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const MIRROR: ProviderMirror = {
  dir: "/mirrors/terraform",
  providers: ["registry.terraform.io/hashicorp/aws", "registry.terraform.io/hashicorp/random"],
  awsVersions: ["5.100.0"],
  foundBy: "search",
};

describe("writeCliConfig", () => {
  test("installs from the stack's terraform.d/plugins, then the mirror, and directly only what the mirror lacks", () => {
    // GIVEN a stack directory and a mirror
    const stackDir = join(dir, "stack");
    const cache = join(dir, "cache");

    // WHEN the CLI configuration is written
    const config = writeCliConfig({ stackDir, mirror: MIRROR, pluginCacheDir: cache });

    // THEN it is JSON in the stack directory, with both mirrors, direct excluded for the mirror's providers,
    // and the shared plugin cache
    expect(config.file).toBe(join(stackDir, CLI_CONFIG_FILE));
    expect(JSON.parse(readFileSync(config.file, "utf8"))).toEqual({
      provider_installation: {
        filesystem_mirror: [
          { path: join(stackDir, LOCAL_PLUGINS_DIR) },
          { path: MIRROR.dir, include: MIRROR.providers },
        ],
        direct: { exclude: MIRROR.providers },
      },
      plugin_cache_dir: cache,
    });
    // AND the directories Terraform refuses to find missing exist
    expect(existsSync(join(stackDir, LOCAL_PLUGINS_DIR))).toBe(true);
    expect(existsSync(cache)).toBe(true);
  });

  test("without a mirror, everything not placed beside the stack is installed directly", () => {
    const config = writeCliConfig({ stackDir: dir, pluginCacheDir: join(dir, "cache") });
    expect(JSON.parse(config.contents).provider_installation).toEqual({
      filesystem_mirror: [{ path: join(dir, LOCAL_PLUGINS_DIR) }],
      direct: {},
    });
  });
});

describe("buildTerraformEnv", () => {
  test("is built explicitly: host basics, the sandbox's variables, and settings that keep Terraform local", () => {
    // GIVEN a host environment with unrelated and dangerous variables, and a sandbox environment
    const hostEnv = {
      PATH: "/usr/bin",
      HOME: "/home/u",
      AWS_PROFILE: "production",
      AWS_ACCESS_KEY_ID: "AKIAREALKEY",
      SNYK_TOKEN: "host-token",
      TF_LOG: "TRACE",
      NODE_OPTIONS: "--inspect",
    };
    const sandboxEnv = {
      SNYK_API_URL: "http://127.0.0.1:1",
      SNYK_TOKEN: "sandbox-token",
      AWS_ENDPOINT_URL_EVENTBRIDGE: "http://127.0.0.1:2",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIASANDBOX",
      AWS_SECRET_ACCESS_KEY: "sandbox-secret",
    };

    // WHEN the environment is built
    const env = buildTerraformEnv({
      sandboxEnv,
      hostEnv,
      cliConfigFile: "/stack/cli.tfrc.json",
      awsEndpoint: "http://127.0.0.1:2",
    });

    // THEN it holds exactly this
    expect(env).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/u",
      ...sandboxEnv,
      AWS_ENDPOINT_URL: "http://127.0.0.1:2",
      AWS_DEFAULT_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_CONFIG_FILE: devNull,
      AWS_SHARED_CREDENTIALS_FILE: devNull,
      TF_CLI_CONFIG_FILE: "/stack/cli.tfrc.json",
      TF_IN_AUTOMATION: "1",
      TF_INPUT: "0",
      CHECKPOINT_DISABLE: "1",
    });
    // AND its secrets are known for redaction
    expect(secretsOf(env)).toEqual(["sandbox-token", "sandbox-secret"]);
  });

  test("extra variables are set last", () => {
    const env = buildTerraformEnv({
      sandboxEnv: {},
      hostEnv: {},
      cliConfigFile: "/c",
      awsEndpoint: "http://127.0.0.1:2",
      extra: { TF_LOG: "DEBUG", TF_IN_AUTOMATION: "" },
    });
    expect(env.TF_LOG).toBe("DEBUG");
    expect(env.TF_IN_AUTOMATION).toBe("");
  });
});
