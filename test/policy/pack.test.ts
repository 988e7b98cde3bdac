import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { policies } from "../../policy/rules";
import { badCanaries, Canary, goodVariants } from "./canaries";
import { Lake, goodLake } from "./fixtures";
import { RecordedResource, runProgram } from "../../harness/program";
import { describeViolations, evaluate } from "./harness";

const ruleNames = policies.map((p) => p.name);

async function run(c: Canary) {
    const lake = goodLake(c.stack ?? "dev");
    c.change(lake);
    return { lake, violations: await evaluate(lake.resources, { config: c.config }) };
}

describe("policy pack: canaries", () => {
    for (const stack of ["dev", "prod"]) {
        it(`the good fixture lake (${stack}) has no violations`, async () => {
            const violations = await evaluate(goodLake(stack).resources);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }

    it("policy names are unique across the whole pack", () => {
        const names = allPolicies.map((p) => p.name);
        expect(names.filter((n, i) => names.indexOf(n) !== i)).to.deep.equal([]);
    });

    it("every rule has at least one bad canary, and every canary names a rule", () => {
        const covered = new Set(badCanaries.map((c) => c.rule));
        expect(ruleNames.filter((n) => !covered.has(n)), "rules without a canary").to.deep.equal([]);
        const named = [...badCanaries, ...goodVariants].map((c) => c.rule);
        expect(named.filter((n) => !ruleNames.includes(n)), "canaries naming no rule").to.deep.equal([]);
    });

    for (const c of badCanaries) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const { lake, violations } = await run(c);
            const hits = violations.filter((v) => v.policy === c.rule);
            expect(hits.map((v) => v.urn), describeViolations(violations)).to.include(lake.get(c.flags).urn);
        });
    }

    for (const c of goodVariants) {
        it(`${c.rule} accepts: ${c.case}`, async () => {
            const { violations } = await run(c);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }
});

describe("policy pack: the lake's own stacks under mocks", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: every rule of the pack passes on every recorded resource`, async () => {
            const resources = await runProgram(stack);
            const violations = await evaluate(resources, { policies: allPolicies });
            expect(violations, `\n${describeViolations(violations)}`).to.deep.equal([]);
        });
    }
});

/**
 * The same rules on the real recorded shapes: break one thing across the dev (or prod) stack and
 * the rule flags exactly the resources it should, so a rule that silently matches nothing in the
 * real stack (a side resource it cannot link to its bucket, say) fails here.
 */
interface StackCanary {
    rule: string;
    stack?: "dev" | "prod";
    /** Edits inputs and outputs alike. */
    change: (edit: Editor) => void;
    /** Types of the resources the rule must flag (all of them, except where `only` narrows). */
    flagged: string[];
    only?: (r: RecordedResource, all: RecordedResource[]) => boolean;
}

/** Deep copy of plain data (the recorded run is cached and shared); assets and the like are shared. */
function copy<T>(v: T): T {
    if (Array.isArray(v)) return v.map(copy) as T;
    if (v && typeof v === "object" && v.constructor === Object) {
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) as T;
    }
    return v;
}

type Editor = (type: string, fn: (props: Record<string, any>) => void) => void;

const T = {
    bucket: "aws:s3/bucket:Bucket",
    key: "aws:kms/key:Key",
    queue: "aws:sqs/queue:Queue",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    fn: "aws:lambda/function:Function",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    role: "aws:iam/role:Role",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
};

const isLoggingTarget = (r: RecordedResource, all: RecordedResource[]) =>
    all.some((l) => l.type === "aws:s3/bucketLogging:BucketLogging" && l.outputs.targetBucket === r.outputs.bucket);

const stackCanaries: StackCanary[] = [
    {
        rule: "s3-bucket-cmk-encryption",
        change: (edit) =>
            edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (p) =>
                p.rules.forEach((rule: any) => (rule.applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" })),
            ),
        flagged: [T.bucket],
        only: (r, all) => !isLoggingTarget(r, all),
    },
    {
        rule: "s3-bucket-cmk-encryption",
        change: (edit) =>
            edit("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", (p) =>
                p.rules.forEach((rule: any) => (rule.applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" })),
            ),
        flagged: [T.bucket],
        only: isLoggingTarget,
    },
    { rule: "s3-block-public-access", change: (edit) => edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (p) => (p.blockPublicPolicy = false)), flagged: [T.bucket] },
    { rule: "s3-tls-only", change: (edit) => edit("aws:s3/bucketPolicy:BucketPolicy", (p) => (p.policy = p.policy.replace(/"aws:SecureTransport":"false"/g, '"aws:SecureTransport":"true"'))), flagged: [T.bucket] },
    { rule: "s3-versioning", change: (edit) => edit("aws:s3/bucketVersioning:BucketVersioning", (p) => (p.versioningConfiguration.status = "Suspended")), flagged: [T.bucket] },
    { rule: "kms-key-rotation", change: (edit) => edit(T.key, (p) => (p.enableKeyRotation = false)), flagged: [T.key] },
    { rule: "sqs-queue-cmk-encryption", change: (edit) => edit(T.queue, (p) => delete p.kmsMasterKeyId), flagged: [T.queue] },
    { rule: "sqs-consumed-queue-dlq", change: (edit) => edit(T.queue, (p) => delete p.redrivePolicy), flagged: [T.mapping] },
    { rule: "log-group-retention", change: (edit) => edit(T.logGroup, (p) => delete p.retentionInDays), flagged: [T.logGroup] },
    { rule: "lambda-log-retention", change: (edit) => edit(T.logGroup, (p) => (p.name = `${p.name}-elsewhere`)), flagged: [T.fn] },
    {
        rule: "no-full-access-managed-policies",
        change: (edit) => edit(T.role, (p) => (p.managedPolicyArns = ["arn:aws:iam::aws:policy/AmazonS3FullAccess"])),
        flagged: [T.role],
    },
    {
        rule: "no-wildcard-principal",
        change: (edit) =>
            edit(T.queuePolicy, (p) => {
                const doc = JSON.parse(p.policy);
                doc.Statement.push({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sqs:SendMessage", Resource: "*" });
                p.policy = JSON.stringify(doc);
            }),
        flagged: [T.queuePolicy],
    },
    { rule: "prod-retain-data", stack: "prod", change: () => undefined, flagged: [T.bucket, T.key] },
];

describe("policy pack: every rule bites on the recorded stack", function () {
    this.timeout(120_000);

    it("every rule has a stack canary", () => {
        const covered = new Set(stackCanaries.map((c) => c.rule));
        expect(ruleNames.filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    for (const c of stackCanaries) {
        it(`${c.rule} (${c.stack ?? "dev"}) flags every ${c.flagged.map((t) => t.split(":").pop()).join(" and ")} it should`, async () => {
            const resources = (await runProgram(c.stack ?? "dev")).map(copy);
            if (c.stack === "prod") resources.forEach((r) => (r.protect = false));
            c.change((type, fn) => resources.filter((r) => r.type === type).forEach((r) => [r.props, r.outputs].forEach(fn)));
            const expected = resources.filter((r) => c.flagged.includes(r.type) && (c.only?.(r, resources) ?? true)).map((r) => r.urn);
            const violations = await evaluate(resources);
            const flagged = [...new Set(violations.filter((v) => v.policy === c.rule).map((v) => v.urn))];
            expect(expected).to.not.be.empty;
            expect(flagged.sort(), describeViolations(violations)).to.deep.equal(expected.sort());
        });
    }
});

/**
 * During preview the engine passes unknown sentinels for computed values (a new bucket's name, a
 * key's ARN, policy JSON built from ARNs). Links then resolve by (property) dependency, a key ARN
 * still unknown counts as set, and rules that need a document's content leave it to `up`
 * (not applicable) instead of reporting a false violation or "can't run during preview".
 */
describe("policy pack: preview of a new stack (computed values unknown)", () => {
    const UNKNOWN = pulumi.runtime.unknownValue;

    function previewLake(): Lake {
        const lake = goodLake("dev");
        for (const r of lake.resources) {
            for (const key of ["id", "arn", "bucket", "url", "kmsMasterKeyId", "policy", "redrivePolicy", "eventSourceArn", "targetBucket"]) {
                if (key in r.props) r.props[key] = UNKNOWN;
            }
            for (const rule of r.props.rules ?? []) rule.applyServerSideEncryptionByDefault.kmsMasterKeyId &&= UNKNOWN;
        }
        const logging = lake.get("drop-logging");
        logging.propertyDependencies = { bucket: [lake.get("drop-bucket").urn], targetBucket: [lake.get("logs-bucket").urn] };
        return lake;
    }

    it("no violations and no advisories: what is unknown is judged at up", async () => {
        const violations = await evaluate(previewLake().resources);
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    it("still flags a bucket without versioning, linked by dependency", async () => {
        const lake = previewLake();
        lake.remove("drop-bucket-versioning");
        const violations = await evaluate(lake.resources);
        expect(violations.filter((v) => v.policy === "s3-versioning" && !v.advisory).map((v) => v.urn)).to.deep.equal([lake.get("drop-bucket").urn]);
    });

    it("still recognises the access-logs bucket through the logging target's property dependency", async () => {
        const lake = previewLake();
        lake.props("logs-bucket-sse").rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: UNKNOWN };
        const violations = await evaluate(lake.resources);
        expect(violations.filter((v) => v.policy === "s3-bucket-cmk-encryption").map((v) => v.urn)).to.deep.equal([lake.get("logs-bucket").urn]);
    });
});
