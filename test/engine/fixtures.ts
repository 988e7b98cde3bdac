/**
 * Test-only programs around the project's own, run by the real driver:
 * `fixtures.ts <name> <driver args...>`. Each breaks the program the way a real mistake would,
 * so the tests can show the engine (not the mocks) catches it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { EXIT, parseArgs } from "../../automation/args";
import { projectProgram } from "../../automation/engine";
import { runDriver } from "../../automation/main";
import { VPC_SUBNETS } from "./driver";

const program = projectProgram();

const fixtures: Record<string, PulumiFn> = {
    /** Only an awsx VPC: a remote component, built by the awsx plugin's `construct`. */
    vpc: async () => {
        const awsx: typeof import("@pulumi/awsx") = require("@pulumi/awsx");
        const vpc = new awsx.ec2.Vpc("lake-vpc", { numberOfAvailabilityZones: 2, subnetSpecs: VPC_SUBNETS });
        return { vpcId: vpc.vpcId, privateSubnetIds: vpc.privateSubnetIds, publicSubnetIds: vpc.publicSubnetIds };
    },
    /** The whole lake registered twice: every URN is a duplicate, which only the engine detects. */
    "duplicate-names": async () => {
        await program();
        return program();
    },
    /** Every SQS queue loses its customer managed key (a test-only transformation). */
    "unencrypted-queues": async () => {
        pulumi.runtime.registerResourceTransform((args) =>
            args.type === "aws:sqs/queue:Queue" ? { props: { ...args.props, kmsMasterKeyId: undefined }, opts: args.opts } : undefined,
        );
        return program();
    },
    /** The drop -> raw processor with new code (one file changed): what a code change deploys. */
    "code-change": async () => {
        pulumi.runtime.registerResourceTransform((args) => {
            if (args.type !== "aws:lambda/function:Function" || args.name !== "lake-drop-to-raw-function") return undefined;
            const code = new pulumi.asset.AssetArchive({
                "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ batchItemFailures: [] });\n"),
            });
            return { props: { ...args.props, code }, opts: args.opts };
        });
        return program();
    },
    /**
     * The drop bucket's policy also allows anyone to read: the document names ARNs unknown in
     * preview, so only `up` can judge it (policy/README.md).
     */
    "open-bucket-policy": async () => {
        pulumi.runtime.registerResourceTransform((args) => {
            if (args.type !== "aws:s3/bucketPolicy:BucketPolicy" || args.name !== "lake-drop-policy") return undefined;
            const policy = pulumi.output(args.props.policy).apply((text: string) => {
                const doc = JSON.parse(text);
                doc.Statement.push({ Sid: "OpenRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "*" });
                return JSON.stringify(doc);
            });
            return { props: { ...args.props, policy }, opts: args.opts };
        });
        return program();
    },
};

const [name, ...argv] = process.argv.slice(2);
const fixture = fixtures[name];
if (!fixture) {
    process.stderr.write(`fixtures.ts: unknown fixture "${name}" (one of ${Object.keys(fixtures).join(", ")})\n`);
    process.exit(EXIT.usage);
}
runDriver(parseArgs(argv, {}), undefined, fixture).then((code) => process.exit(code));
