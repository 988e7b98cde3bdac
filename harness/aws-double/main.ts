/**
 * Plugin entry of the provider double: `main.ts <pkg> <version> <engine address...>`, started by
 * the launcher scripts/setup-pulumi.sh writes under .pulumi/home/plugins/resource-<pkg>-v<version>/.
 */
import { createRequire } from "node:module";
import * as provider from "@pulumi/pulumi/provider";
import { ACCOUNT_ID } from "../mock-state";
import { createDouble } from "./double";
import { EMULATOR_CREDENTIALS_ENV, EMULATOR_ENV, Emulator } from "./emulator";

const [pkg, version, ...engineArgs] = process.argv.slice(2);
if (!pkg || !version) throw new Error("usage: main.ts <pkg> <version> <engine address>");

// The SDK's provider server acknowledges Configure without handing the configuration on; the
// double needs the region the engine configured (`aws:region`) for its ARNs and getRegion, so it
// reads the request on its way in. Same grpc-js instance as the SDK's (resolved from its folder).
let region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1";
const grpc = createRequire(require.resolve("@pulumi/pulumi/package.json"))("@grpc/grpc-js");
const addService = grpc.Server.prototype.addService;
grpc.Server.prototype.addService = function (service: unknown, impl: any) {
    const configure = impl.configure.bind(impl);
    impl.configure = (call: any, callback: unknown) => {
        const args = call.request.getArgs()?.toJavaScript() ?? {};
        region = args.region ?? call.request.getVariablesMap().get(`${pkg}:region`) ?? region;
        configure(call, callback);
    };
    return addService.call(this, service, impl);
};

// Emulator mode (local lake): created on first use, once the engine has configured the region.
const endpoint = process.env[EMULATOR_ENV];
const credentials = process.env[EMULATOR_CREDENTIALS_ENV] ? JSON.parse(process.env[EMULATOR_CREDENTIALS_ENV]) : undefined;
let emulator: Emulator | undefined;
const emulated = endpoint && pkg === "aws" ? () => (emulator ??= new Emulator(endpoint, region, ACCOUNT_ID, credentials)) : undefined;

provider.main(createDouble({ pkg, version, region: () => region, emulator: emulated }), engineArgs);
