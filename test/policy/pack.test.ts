import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import { allPolicies } from "../../policy/all";
import { conditionOf, ruleConditions } from "../../policy/define";
import { policies } from "../../policy/rules";
import { PERSONAS } from "../../components/governance/args";
import { analyticsCanaries } from "./analytics-canaries";
import { badCanaries, Canary, goodVariants } from "./canaries";
import { governanceCanaries } from "./governance-canaries";
import { lakeFormationCanaries } from "./lakeformation-canaries";
import { grammarCanaries, grammarGood } from "./grammar-canaries";
import { ingestCanaries } from "./ingest-canaries";
import { warehouseCanaries } from "./warehouse-canaries";
import { realtimeCanaries } from "./realtime-canaries";
import { deployCanaries } from "./deploy-canaries";
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

    it("every condition of every rule of the pack has a canary (fixture, grammar, ingest, analytics, governance, Lake Formation, warehouse, realtime or deploy), and every canary names a declared condition", () => {
        const canaries = [
            ...badCanaries,
            ...grammarCanaries,
            ...ingestCanaries,
            ...analyticsCanaries,
            ...governanceCanaries,
            ...lakeFormationCanaries,
            ...warehouseCanaries,
            ...realtimeCanaries,
            ...deployCanaries,
        ];
        const covered = new Set(canaries.map((c) => `${c.rule} ${c.condition}`));
        const declared = allPolicies.flatMap((p) => Object.keys(ruleConditions().get(p.name) ?? {}).map((c) => `${p.name} ${c}`));
        expect(
            allPolicies.filter((p) => !ruleConditions().has(p.name)).map((p) => p.name),
            "rules declaring no conditions",
        ).to.deep.equal([]);
        expect(
            declared.filter((d) => !covered.has(d)),
            "conditions without a canary",
        ).to.deep.equal([]);
        expect(
            [...covered].filter((c) => !declared.includes(c)),
            "canaries naming no declared condition",
        ).to.deep.equal([]);
        const names = allPolicies.map((p) => p.name);
        expect(
            goodVariants.map((c) => c.rule).filter((n) => !names.includes(n)),
            "good variants naming no rule",
        ).to.deep.equal([]);
    });

    for (const c of [...badCanaries, ...grammarCanaries]) {
        it(`${c.rule} [${c.condition}] flags: ${c.case}`, async () => {
            const { lake, violations } = await run(c);
            const hits = violations.filter((v) => v.policy === c.rule);
            expect(
                hits.map((v) => v.urn),
                describeViolations(violations),
            ).to.include(lake.get(c.flags).urn);
            expect(
                hits.map((v) => conditionOf(v.message)),
                `only [${c.condition}] of ${c.rule} fires`,
            ).to.deep.equal(hits.map(() => c.condition));
        });
    }

    for (const c of [...goodVariants, ...grammarGood]) {
        it(`${c.rule} accepts: ${c.case}`, async () => {
            const { violations } = await run(c);
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }
});

describe("policy pack: the lake's own stacks under mocks", function () {
    this.timeout(120_000);

    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the mocks give every resource its own ARN (rules that match by ARN can tell them apart)`, async () => {
            const arns = (await runProgram(stack)).map((r) => r.outputs.arn).filter((a): a is string => typeof a === "string");
            expect(arns.length).to.be.greaterThan(100);
            expect(arns.filter((a, i) => arns.indexOf(a) !== i)).to.deep.equal([]);
        });

        it(`${stack}: every rule of the pack passes on every recorded resource`, async () => {
            const resources = await runProgram(stack);
            const violations = await evaluate(resources, { policies: allPolicies });
            expect(violations, `\n${describeViolations(violations)}`).to.deep.equal([]);
        });
    }
});

/** A principal for each persona, so every persona role exists. */
const PERSONA_PRINCIPALS = Object.fromEntries(PERSONAS.map((p) => [p, { principals: [`arn:aws:iam::123456789012:role/sso-${p}`] }]));

/**
 * Stack variants config can produce: each must pass the whole pack too, not just the defaults. The
 * optional parts' own variants (network, EMR, Redshift: warehouse-rules.test.ts; real-time and
 * serving: realtime-rules.test.ts) run the whole pack as well.
 */
const VARIANTS: { stack: "dev" | "prod"; what: string; overrides: Record<string, unknown> }[] = [
    { stack: "dev", what: "S3 event mode crawlers (crawler queues and their DLQs)", overrides: { catalog: { recrawl: "events", updateBehavior: "LOG" } } },
    {
        stack: "dev",
        what: "a Kinesis-fed stream",
        overrides: { streams: [{ name: "events" }, { name: "impressions" }, { name: "clicks" }, { name: "metrics", source: "kinesis" }] },
    },
    { stack: "dev", what: "the Python-shell API ingest job", overrides: { etl: { apiIngest: { repos: ["pulumi/pulumi"] } } } },
    { stack: "dev", what: "WAF on in dev, IAM auth", overrides: { ingestApi: { auth: "iam", waf: { enabled: true } } } },
    { stack: "dev", what: "no HTTP API", overrides: { ingestApi: { enabled: false } } },
    { stack: "prod", what: "account catalog encryption managed here", overrides: { catalog: { manageAccountEncryption: true } } },
    { stack: "prod", what: "another stack owns the account's API Gateway log role", overrides: { ingestApi: { manageAccountLogRole: false } } },
    { stack: "dev", what: "all four persona roles", overrides: { governance: { personas: PERSONA_PRINCIPALS } } },
    { stack: "prod", what: "all four persona roles", overrides: { governance: { personas: PERSONA_PRINCIPALS } } },
    {
        stack: "prod",
        what: "all four persona roles with every optional part on (VPC, EMR Serverless, Redshift Serverless, real-time, serving)",
        overrides: {
            governance: { personas: PERSONA_PRINCIPALS },
            network: { lambdasInVpc: true },
            emr: { mode: "serverless" },
            redshift: { mode: "serverless" },
            realtime: { enabled: true },
            serving: { enabled: true },
        },
    },
    {
        stack: "dev",
        what: "X-Ray tracing on, with the real-time and serving functions",
        overrides: { ingestApi: { tracing: true }, realtime: { enabled: true }, serving: { enabled: true } },
    },
];

describe("policy pack: stack variants under mocks", function () {
    this.timeout(120_000);
    for (const v of VARIANTS) {
        it(`${v.stack}, ${v.what}: no violations`, async () => {
            const violations = await evaluate(await runProgram(v.stack, v.overrides), { policies: allPolicies });
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
    /** A type whose resources are removed before the rules run. */
    remove?: string;
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
    {
        rule: "s3-block-public-access",
        change: (edit) => edit("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", (p) => (p.blockPublicPolicy = false)),
        flagged: [T.bucket],
    },
    {
        rule: "s3-tls-only",
        change: (edit) =>
            edit("aws:s3/bucketPolicy:BucketPolicy", (p) => (p.policy = p.policy.replace(/"aws:SecureTransport":"false"/g, '"aws:SecureTransport":"true"'))),
        flagged: [T.bucket],
    },
    {
        rule: "s3-versioning",
        change: (edit) => edit("aws:s3/bucketVersioning:BucketVersioning", (p) => (p.versioningConfiguration.status = "Suspended")),
        flagged: [T.bucket],
    },
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
    {
        rule: "s3-access-logging",
        // Removed, not pointed elsewhere: a logging resource still depends on its bucket, and an
        // unmatched reference falls back to the dependencies (what a preview's unknowns need).
        change: () => undefined,
        remove: "aws:s3/bucketLogging:BucketLogging",
        // With nothing logging into it, the access-logs bucket is a bucket like the others.
        flagged: [T.bucket],
    },
    {
        rule: "s3-acls-disabled",
        change: (edit) => edit("aws:s3/bucketOwnershipControls:BucketOwnershipControls", (p) => (p.rule = { objectOwnership: "ObjectWriter" })),
        flagged: [T.bucket],
    },
    { rule: "log-group-cmk-encryption", change: (edit) => edit(T.logGroup, (p) => delete p.kmsKeyId), flagged: [T.logGroup] },
    { rule: "lambda-supported-runtime", change: (edit) => edit(T.fn, (p) => (p.runtime = "nodejs16.x")), flagged: [T.fn] },
    // Every function traces, none of their roles may write traces.
    { rule: "lambda-tracing-consistent", change: (edit) => edit(T.fn, (p) => (p.tracingConfig = { mode: "Active" })), flagged: [T.fn] },
];

describe("policy pack: every rule bites on the recorded stack", function () {
    this.timeout(120_000);

    it("every rule has a stack canary", () => {
        const covered = new Set(stackCanaries.map((c) => c.rule));
        expect(ruleNames.filter((n) => !covered.has(n))).to.deep.equal([]);
    });

    for (const c of stackCanaries) {
        it(`${c.rule} (${c.stack ?? "dev"}) flags every ${c.flagged.map((t) => t.split(":").pop()).join(" and ")} it should`, async () => {
            const resources = (await runProgram(c.stack ?? "dev")).map(copy).filter((r) => r.type !== c.remove);
            if (c.stack === "prod") resources.forEach((r) => (r.protect = false));
            c.change((type, fn) => resources.filter((r) => r.type === type).forEach((r) => [r.props, r.outputs].forEach(fn)));
            const expected = resources.filter((r) => c.flagged.includes(r.type) && (c.only?.(r, resources) ?? true)).map((r) => r.urn);
            const violations = await evaluate(resources, { policies });
            const flagged = [...new Set(violations.filter((v) => v.policy === c.rule).map((v) => v.urn))];
            expect(expected).to.not.be.empty;
            expect(flagged.sort(), describeViolations(violations)).to.deep.equal(expected.sort());
        });
    }
});

/**
 * During preview the engine passes unknown sentinels for computed values (a new bucket's name, a
 * key's ARN, policy JSON built from ARNs). Links then resolve by (property) dependency, a key ARN
 * still unknown counts as set, and rules that need a document's content leave it to `up` instead
 * of reporting a false violation or "can't run during preview".
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
