/**
 * roleWithPolicy on its own, under the mocks: the role `<prefix>-role` and its inline policy
 * `<prefix>-policy` (or the name given) under the parent, a service role's trust or any role's
 * args, and a policy that may name the role it belongs to. Also withTraceWriting, which composes a
 * document without re-parsing it.
 */
import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { RecordedResource, recordResources } from "../../harness/program";
import { doc, WRITE_TRACES, withTraceWriting } from "../../lib/iam";
import { RoleWithPolicyArgs, roleWithPolicy } from "../../lib/service-role";

class Parent extends pulumi.ComponentResource {
    constructor(name: string, build: (parent: pulumi.Resource) => void) {
        super("datalake:test:Parent", name, {}, {});
        build(this);
        this.registerOutputs({});
    }
}

/** The role and policy roleWithPolicy records for `args` under a Parent. */
async function record(prefix: string, args: RoleWithPolicyArgs): Promise<{ role: RecordedResource; policy: RecordedResource }> {
    const recorded = await recordResources("dev", () => new Parent("owner", (parent) => roleWithPolicy(prefix, args, parent)));
    const parent = recorded.find((r) => r.type === "datalake:test:Parent")!;
    const children = recorded.filter((r) => r.parent === parent.urn);
    expect(children.map((r) => r.type).sort()).to.deep.equal(["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]);
    return { role: children.find((r) => r.type === "aws:iam/role:Role")!, policy: children.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy")! };
}

const readQueue = (queueArn: string) => JSON.stringify(doc({ Sid: "ReadQueue", Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: queueArn }));

describe("lib/service-role roleWithPolicy", function () {
    this.timeout(60_000);

    it("a service role <prefix>-role with the service's trust, and its policy <prefix>-policy attached by the role's name", async () => {
        const { role, policy } = await record("lake-x", {
            role: { service: "scheduler.amazonaws.com", description: "X", accountId: "123456789012" },
            policy: readQueue("arn:aws:sqs:eu-west-1:123456789012:q"),
        });
        expect([role.name, policy.name]).to.deep.equal(["lake-x-role", "lake-x-policy"]);
        expect(JSON.parse(role.props.assumeRolePolicy).Statement[0]).to.deep.include({
            Principal: { Service: "scheduler.amazonaws.com" },
            Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
        });
        expect(policy.props).to.deep.equal({ role: role.outputs.name, policy: readQueue("arn:aws:sqs:eu-west-1:123456789012:q") });
    });

    it("any role's args (a persona's), a policy name of its own, and a policy built from the role", async () => {
        const trust = JSON.stringify(doc({ Sid: "People", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "sts:AssumeRole" }));
        const { role, policy } = await record("lake-y", {
            role: { description: "Y", assumeRolePolicy: trust, maxSessionDuration: 3600 },
            policy: (r) => r.name.apply((n) => readQueue(`arn:aws:sqs:eu-west-1:123456789012:${n}`)),
            policyName: "lake-y-role-policy",
        });
        expect(role.props).to.deep.equal({ description: "Y", assumeRolePolicy: trust, maxSessionDuration: 3600 });
        expect(policy.name).to.equal("lake-y-role-policy");
        expect(policy.props.policy).to.equal(readQueue(`arn:aws:sqs:eu-west-1:123456789012:${role.outputs.name}`));
    });
});

describe("lib/iam withTraceWriting", () => {
    it("appends WriteTraces to the document's statements and leaves the document as it was", () => {
        const own = { Sid: "WriteOwnLogs", Effect: "Allow" as const, Action: "logs:PutLogEvents", Resource: "arn:aws:logs:eu-west-1:123456789012:log-group:g" };
        const document = doc(own);
        expect(withTraceWriting(document)).to.deep.equal(doc(own, WRITE_TRACES));
        expect(document).to.deep.equal(doc(own));
    });
});
