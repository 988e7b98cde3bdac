/**
 * lambdaExecution on its own, under the mocks: exactly three resources (log group, role, inline
 * policy) as children of the given parent with the names the URN snapshot depends on, the log
 * group named after the function with its retention and CMK, Lambda's trust, and the policy built
 * from the log group's own ARN. Recorded inside each test (not in a hook) so Stryker's per-test
 * coverage attributes the module to these tests.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { ACCOUNT_ID, RecordedResource, recordResources } from "../../harness/program";
import { doc } from "../../lib/iam";
import { LambdaExecution, lambdaExecution } from "../../lib/lambda-execution";

const logsKeyArn = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/logs`;

class Parent extends pulumi.ComponentResource {
    constructor(name: string, build: (parent: pulumi.Resource) => void) {
        super("datalake:test:Parent", name, {}, {});
        build(this);
        this.registerOutputs({});
    }
}

/** Records lambdaExecution(prefix, ...) under a Parent; the policy names the ARN it was given. */
async function record(
    prefix: string,
    functionName: string,
    logRetentionDays: number,
    tracing = false,
): Promise<{ res: RecordedResource[]; returned: string[]; tracingConfig: LambdaExecution["tracingConfig"] }> {
    let built: LambdaExecution | undefined;
    const recorded = await recordResources("dev", () => {
        new Parent("owner", (parent) => {
            built = lambdaExecution(
                prefix,
                {
                    functionName,
                    description: `Role of ${functionName}`,
                    logRetentionDays,
                    logsKeyArn,
                    tracing,
                    policy: (logGroupArn) =>
                        logGroupArn.apply((arn) =>
                            doc({ Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: arn }),
                        ),
                },
                parent,
            );
        });
    });
    // What it returns is what the callers wire up (the function's role, its dependsOn on the policy).
    const returned = await new Promise<string[]>((resolve) => pulumi.all([built!.logGroup.urn, built!.role.urn, built!.policy.urn]).apply(resolve));
    // Registrations complete in any order: by name (logs, policy, role).
    const res = recorded.filter((r) => r.type !== "datalake:test:Parent").sort((a, b) => a.name.localeCompare(b.name));
    return { res, returned, tracingConfig: built!.tracingConfig };
}

const urn = (type: string, name: string) => `urn:pulumi:dev::datalake::datalake:test:Parent$${type}::${name}`;

describe("lib/lambda-execution", function () {
    this.timeout(60_000);

    for (const [prefix, functionName, days] of [
        ["lake-raw-processor", "datalake-dev-raw-processor", 30],
        ["lake-ingest-api-fn", "datalake-prod-ingest", 365],
    ] as const) {
        it(`${prefix}: exactly its log group, role and policy under the parent (${functionName}, ${days} days)`, async () => {
            const { res, returned, tracingConfig } = await record(prefix, functionName, days);
            expect(tracingConfig).to.deep.equal({ mode: "PassThrough" });
            const logGroupArn = `arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:/aws/lambda/${functionName}`;
            const roleName = `${prefix}-role-a1b2c3d`;
            expect(res.map((r) => ({ type: r.type, name: r.name, urn: r.urn, custom: r.custom, props: r.props }))).to.deep.equal([
                {
                    type: "aws:cloudwatch/logGroup:LogGroup",
                    name: `${prefix}-logs`,
                    urn: urn("aws:cloudwatch/logGroup:LogGroup", `${prefix}-logs`),
                    custom: true,
                    props: { name: `/aws/lambda/${functionName}`, retentionInDays: days, kmsKeyId: logsKeyArn },
                },
                {
                    type: "aws:iam/rolePolicy:RolePolicy",
                    name: `${prefix}-policy`,
                    urn: urn("aws:iam/rolePolicy:RolePolicy", `${prefix}-policy`),
                    custom: true,
                    props: {
                        role: roleName,
                        policy: JSON.stringify(
                            doc({ Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: logGroupArn }),
                        ),
                    },
                },
                {
                    type: "aws:iam/role:Role",
                    name: `${prefix}-role`,
                    urn: urn("aws:iam/role:Role", `${prefix}-role`),
                    custom: true,
                    props: {
                        description: `Role of ${functionName}`,
                        assumeRolePolicy: JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Sid: "LambdaAssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
                        }),
                    },
                },
            ]);
            expect(returned).to.deep.equal([
                urn("aws:cloudwatch/logGroup:LogGroup", `${prefix}-logs`),
                urn("aws:iam/role:Role", `${prefix}-role`),
                urn("aws:iam/rolePolicy:RolePolicy", `${prefix}-policy`),
            ]);
        });
    }

    it("with tracing: the function traces (Active) and its role may write traces, on * as X-Ray requires", async () => {
        const { res, tracingConfig } = await record("lake-traced", "datalake-dev-traced", 30, true);
        expect(tracingConfig).to.deep.equal({ mode: "Active" });
        const policy = JSON.parse(res.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")!.props.policy);
        expect(policy.Statement.map((s: { Sid: string }) => s.Sid)).to.deep.equal(["WriteOwnLogs", "WriteTraces"]);
        expect(policy.Statement[1]).to.deep.equal({
            Sid: "WriteTraces",
            Effect: "Allow",
            Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"],
            Resource: "*",
        });
    });
});
