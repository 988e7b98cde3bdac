/**
 * Governance under the mocks: the trail's settings and policies, the persona roles (their
 * documents evaluated with an IAM simulator: what each persona may do, and that nothing outside
 * its zones and the lake is allowed). The cost allocation tags: cost-tags.test.ts.
 */
import { expect } from "chai";
import { Resources } from "../../../harness/program";
import { PERSONAS, type Persona } from "../../../components/governance";
import { PolicyDocument, Statement, doc, keyAdministration } from "../../../lib/iam";
import { STACKS, T, childOf, json, lake } from "../helpers";
import { Decision, decide } from "./simulate";
import { LOCK_OUT_BUCKET_ACTIONS, LOCK_OUT_KEY_ACTIONS } from "../../lib/expected-iam";

const G = {
    trail: "aws:cloudtrail/trail:Trail",
    workgroup: "aws:athena/workgroup:Workgroup",
    database: "aws:glue/catalogDatabase:CatalogDatabase",
    job: "aws:glue/job:Job",
} as const;

const SSO = (p: string) => `arn:aws:iam::123456789012:role/sso-${p}`;
const personas = Object.fromEntries(PERSONAS.map((p) => [p, { principals: [SSO(p)] }]));

for (const stack of STACKS) {
    describe(`governance: CloudTrail (${stack})`, function () {
        let res: Resources;
        before(async function () {
            this.timeout(120_000);
            res = (await lake(stack)).res;
        });

        it("one multi-region trail with log file validation, its own CMK and global service events", () => {
            const [trail] = res.byType(G.trail);
            const key = res.named(T.key, "lake-governance-trail-key");
            expect(trail.props).to.include({
                isMultiRegionTrail: true,
                enableLogFileValidation: true,
                includeGlobalServiceEvents: true,
                kmsKeyId: key.outputs.arn,
            });
            expect(key.props.enableKeyRotation).to.equal(true);
            expect([key.protect, key.retainOnDelete]).to.deep.equal([stack === "prod", stack === "prod"]);
        });

        it("logs management events and the object events of every zone bucket, nothing else", () => {
            const [trail] = res.byType(G.trail);
            const [management, data] = trail.props.advancedEventSelectors;
            expect(management.fieldSelectors).to.deep.equal([{ field: "eventCategory", equals: ["Management"] }]);
            const zoneBuckets = res.byType(T.zone).map((z) => `${childOf(res, z, T.bucket).outputs.arn}/`);
            expect(data.fieldSelectors).to.deep.equal([
                { field: "eventCategory", equals: ["Data"] },
                { field: "resources.type", equals: ["AWS::S3::Object"] },
                { field: "resources.ARN", startsWiths: zoneBuckets },
            ]);
        });

        it("writes to a bucket of its own whose policy lets CloudTrail write for this trail only", async () => {
            const [trail] = res.byType(G.trail);
            const bucket = res.named(T.bucket, "lake-governance-trail-bucket");
            expect(trail.props.s3BucketName).to.equal(bucket.outputs.bucket);
            // Created after its bucket policy: CloudTrail checks it when the trail is created.
            expect(trail.dependencies).to.include(res.named(T.bucketPolicy, "lake-governance-trail-policy").urn);
            const policy = json(res.named(T.bucketPolicy, "lake-governance-trail-policy").props.policy) as PolicyDocument;
            const trailArn = `arn:aws:cloudtrail:eu-west-1:123456789012:trail/${trail.props.name}`;
            const asCloudTrail = (action: string, resource: string, sourceArn: string) =>
                decide(action, resource, {
                    resource: policy,
                    principal: "cloudtrail.amazonaws.com",
                    context: { "aws:SourceArn": sourceArn, "s3:x-amz-acl": "bucket-owner-full-control", "aws:SecureTransport": "true" },
                });
            const logObject = `${bucket.outputs.arn}/AWSLogs/123456789012/CloudTrail/eu-west-1/2026/12/01/x.json.gz`;
            expect(await asCloudTrail("s3:PutObject", logObject, trailArn)).to.equal("Allowed");
            expect(await asCloudTrail("s3:GetBucketAcl", bucket.outputs.arn, trailArn)).to.equal("Allowed");
            expect(await asCloudTrail("s3:PutObject", logObject, `${trailArn}-other`)).to.not.equal("Allowed");
            expect(await asCloudTrail("s3:PutObject", `${bucket.outputs.arn}/elsewhere/x`, trailArn)).to.not.equal("Allowed");
            const lifecycle = res.named(T.lifecycle, "lake-governance-trail-lifecycle");
            expect(lifecycle.props.rules[0].expiration.days).to.equal(stack === "prod" ? 2557 : 90);
        });

        it("the trail key lets CloudTrail encrypt for this trail (aws:SourceArn)", () => {
            const [trail] = res.byType(G.trail);
            const statements = json(res.named(T.key, "lake-governance-trail-key").props.policy).Statement as Statement[];
            const encrypt = statements.find((s) => s.Sid === "AllowCloudTrailEncrypt")!;
            expect(encrypt.Condition!.StringEquals["aws:SourceArn"]).to.equal(`arn:aws:cloudtrail:eu-west-1:123456789012:trail/${trail.props.name}`);
        });

        it("also delivers to a CloudWatch Logs group (retention, logs key) through a role CloudTrail assumes", async () => {
            const [trail] = res.byType(G.trail);
            const group = res.named(T.logGroup, "lake-governance-trail-logs");
            const role = res.named(T.role, "lake-governance-trail-logs-role");
            const rolePolicy = res.named(T.rolePolicy, "lake-governance-trail-logs-policy");
            expect(group.props).to.include({
                name: `/aws/cloudtrail/${trail.props.name}`,
                retentionInDays: stack === "prod" ? 365 : 14,
                kmsKeyId: res.named(T.key, "lake-logs-key-key").outputs.arn,
            });
            expect(trail.props.cloudWatchLogsGroupArn).to.equal(`${group.outputs.arn}:*`);
            expect(trail.props.cloudWatchLogsRoleArn).to.equal(role.outputs.arn);
            // CloudTrail checks it can write the group when the trail is created.
            expect(trail.dependencies).to.include(rolePolicy.urn);
            expect(json(role.props.assumeRolePolicy).Statement).to.deep.equal([
                {
                    Sid: json(role.props.assumeRolePolicy).Statement[0].Sid,
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "sts:AssumeRole",
                },
            ]);
            const identity = json(rolePolicy.props.policy) as PolicyDocument;
            const stream = (region: string) => `${group.outputs.arn}:log-stream:123456789012_CloudTrail_${region}`;
            for (const action of ["logs:CreateLogStream", "logs:PutLogEvents"]) {
                // A multi-region trail writes one stream per region into the one group.
                expect(await decide(action, stream("eu-west-1"), { identity }), action).to.equal("Allowed");
                expect(await decide(action, stream("us-east-1"), { identity }), action).to.equal("Allowed");
                expect(await decide(action, `${group.outputs.arn}-other:log-stream:123456789012_CloudTrail_eu-west-1`, { identity })).to.not.equal("Allowed");
            }
            expect(await decide("logs:DeleteLogGroup", group.outputs.arn, { identity })).to.not.equal("Allowed");
            // The logs key lets CloudWatch Logs encrypt the events of every group of the account's region, this one too.
            const logsKey = json(res.named(T.key, "lake-logs-key-key").props.policy).Statement as Statement[];
            const [pattern] = logsKey.map((st) => st.Condition?.ArnLike?.["kms:EncryptionContext:aws:logs:arn"]).filter(Boolean);
            expect(new RegExp(`^${String(pattern).replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(group.outputs.arn), String(pattern)).to.equal(true);
        });

        it("no persona roles without principals in config", () => {
            const roles = res.byType(T.role).filter((r) => r.name.startsWith("lake-governance-") && r.name !== "lake-governance-trail-logs-role");
            expect(roles).to.have.length(0);
        });
    });
}

describe("governance: trail off", () => {
    it("governance.trail.enabled false: no trail, key or trail bucket", async function () {
        this.timeout(120_000);
        const res = (await lake("dev", { governance: { trail: { enabled: false } } })).res;
        expect(res.byType(G.trail)).to.have.length(0);
        expect(res.all.filter((r) => r.name.startsWith("lake-governance-trail"))).to.have.length(0);
        expect(res.byType(T.logGroup).filter((g) => g.props.name.startsWith("/aws/cloudtrail/"))).to.have.length(0);
    });
});

describe("governance: personas, evaluated", function () {
    let res: Resources;
    const policy = (p: Persona) =>
        json(res.named(T.rolePolicy, `lake-governance-${p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-policy`).props.policy) as PolicyDocument;
    const role = (p: Persona) => res.named(T.role, `lake-governance-${p.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-role`);
    const zoneBucket = (z: string) => childOf(res, res.named(T.zone, `lake-${z}`), T.bucket).outputs.arn as string;
    const zoneKey = (z: string) => childOf(res, res.named(T.zone, `lake-${z}`), T.key).outputs.arn as string;
    const db = (z: string) => `arn:aws:glue:eu-west-1:123456789012:table/datalake_dev_${z}/orders`;
    const sandbox = () => res.named(T.bucket, "lake-governance-sandbox-bucket").outputs.arn as string;
    const results = () => res.named(T.bucket, "lake-athena-results-bucket").outputs.arn as string;
    const workgroup = () => `arn:aws:athena:eu-west-1:123456789012:workgroup/${res.byType(G.workgroup)[0].props.name}`;
    const job = () => `arn:aws:glue:eu-west-1:123456789012:job/${res.byType(G.job)[0].props.name}`;
    const FOREIGN = {
        bucket: "arn:aws:s3:::someone-elses-bucket",
        key: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
        table: "arn:aws:glue:eu-west-1:123456789012:table/other_db/t",
        workgroup: "arn:aws:athena:eu-west-1:123456789012:workgroup/primary",
        job: "arn:aws:glue:eu-west-1:123456789012:job/other_job",
        queue: "arn:aws:sqs:eu-west-1:123456789012:other-queue",
    };

    before(async function () {
        this.timeout(120_000);
        res = (await lake("dev", { governance: { personas } })).res;
    });

    /**
     * KMS needs its key policy to allow too (identity policies count only where the key policy
     * delegates to the account): KMS requests are evaluated with the key's policy from the graph.
     */
    const keyPolicy = (arn: string): PolicyDocument | undefined => {
        if (!arn.startsWith("arn:aws:kms:")) return undefined;
        const key = res.byType(T.key).find((k) => k.outputs.arn === arn);
        return key ? json(key.props.policy) : doc(keyAdministration("aws", "123456789012"));
    };
    const evaluate = (identity: PolicyDocument, action: string, resource: string, context?: Record<string, string>): Promise<Decision> =>
        decide(action, resource, { identity, resource: keyPolicy(resource), context });
    const allows = async (identity: PolicyDocument, action: string, resource: string, context?: Record<string, string>) =>
        (await evaluate(identity, action, resource, context)) === "Allowed";

    it("one role per persona, assumable by its configured principals only", async () => {
        for (const p of PERSONAS) {
            const trust = json(role(p).props.assumeRolePolicy) as PolicyDocument;
            const assume = (principal: string) => decide("sts:AssumeRole", role(p).outputs.arn, { resource: trust, principal });
            expect(await assume(SSO(p)), p).to.equal("Allowed");
            expect(await assume("arn:aws:iam::123456789012:role/somebody-else"), p).to.not.equal("Allowed");
        }
    });

    it("data scientist: reads every zone, writes curated and its sandbox prefix, not raw or drop", async () => {
        const s = policy("dataScientist");
        for (const z of ["drop", "raw", "curated"]) {
            expect(await allows(s, "s3:GetObject", `${zoneBucket(z)}/x`), `read ${z}`).to.equal(true);
            expect(await allows(s, "kms:Decrypt", zoneKey(z)), `decrypt ${z}`).to.equal(true);
        }
        expect(await allows(s, "s3:PutObject", `${zoneBucket("curated")}/x`)).to.equal(true);
        expect(await allows(s, "s3:PutObject", `${sandbox()}/data-scientist/y`)).to.equal(true);
        expect(await allows(s, "s3:PutObject", `${zoneBucket("raw")}/x`)).to.equal(false);
        expect(await allows(s, "s3:PutObject", `${zoneBucket("drop")}/x`)).to.equal(false);
        expect(await allows(s, "s3:PutObject", `${sandbox()}/bi-analyst/y`)).to.equal(false);
        expect(await allows(s, "s3:ListBucket", sandbox(), { "s3:prefix": "data-scientist/" })).to.equal(true);
        expect(await allows(s, "s3:ListBucket", sandbox(), { "s3:prefix": "other/" })).to.equal(false);
        expect(await allows(s, "kms:GenerateDataKey", zoneKey("raw"))).to.equal(false);
        expect(await allows(s, "glue:StartJobRun", job())).to.equal(true);
        expect(await allows(s, "glue:StartJobRun", FOREIGN.job)).to.equal(false);
        expect(await allows(s, "athena:StartQueryExecution", workgroup())).to.equal(true);
        expect(await allows(s, "athena:StartQueryExecution", FOREIGN.workgroup)).to.equal(false);
    });

    it("BI analyst: Athena on curated, reads curated; nothing of raw or drop", async () => {
        const a = policy("biAnalyst");
        expect(await allows(a, "s3:GetObject", `${zoneBucket("curated")}/x`)).to.equal(true);
        expect(await allows(a, "glue:GetTable", db("curated"))).to.equal(true);
        expect(await allows(a, "athena:StartQueryExecution", workgroup())).to.equal(true);
        expect(await allows(a, "s3:PutObject", `${results()}/results/q.csv`)).to.equal(true);
        for (const z of ["drop", "raw"]) {
            expect(await allows(a, "s3:GetObject", `${zoneBucket(z)}/x`), z).to.equal(false);
            expect(await allows(a, "kms:Decrypt", zoneKey(z)), z).to.equal(false);
            expect(await allows(a, "glue:GetTable", db(z)), z).to.equal(false);
        }
        expect(await allows(a, "s3:PutObject", `${zoneBucket("curated")}/x`)).to.equal(false);
        expect(await allows(a, "glue:StartJobRun", job())).to.equal(false);
    });

    it("data engineer: reads and writes every zone and its catalog; no bucket administration", async () => {
        const e = policy("dataEngineer");
        for (const z of ["drop", "raw", "curated"]) {
            expect(await allows(e, "s3:PutObject", `${zoneBucket(z)}/x`), z).to.equal(true);
            expect(await allows(e, "s3:GetObject", `${zoneBucket(z)}/x`), z).to.equal(true);
            expect(await allows(e, "glue:CreateTable", db(z).replace(/\/orders$/, "/new")), z).to.equal(true);
            expect(await allows(e, "s3:PutBucketPolicy", zoneBucket(z)), z).to.equal(false);
        }
        expect(await allows(e, "s3:GetObject", `${sandbox()}/data-scientist/y`)).to.equal(false);
    });

    it("data steward: administers the lake's objects, keys, queues, catalog, jobs and workgroup", async () => {
        const st = policy("dataSteward");
        const raw = zoneBucket("raw");
        const dlq = res.named(T.queue, "lake-raw-dlq").outputs.arn as string;
        for (const [action, resource] of [
            ["s3:GetObjectVersion", `${raw}/x`],
            ["s3:PutObject", `${raw}/x`],
            ["s3:DeleteObject", `${raw}/x`],
            ["s3:RestoreObject", `${raw}/x`],
            ["s3:PutObjectTagging", `${raw}/x`],
            ["s3:ListBucketVersions", raw],
            ["s3:GetBucketPolicy", raw],
            ["s3:GetEncryptionConfiguration", raw],
            ["kms:Decrypt", zoneKey("raw")],
            ["kms:ReEncryptFrom", zoneKey("raw")],
            ["kms:EnableKey", zoneKey("raw")],
            ["kms:CancelKeyDeletion", zoneKey("raw")],
            ["kms:GetKeyPolicy", zoneKey("raw")],
            ["sqs:StartMessageMoveTask", dlq],
            ["sqs:ReceiveMessage", dlq],
            ["glue:DeleteTable", db("raw")],
            ["glue:UpdateTable", db("raw")],
            ["glue:StartJobRun", job()],
            ["athena:StartQueryExecution", workgroup()],
        ]) {
            expect(await allows(st, action, resource), `${action} on ${resource}`).to.equal(true);
        }
    });

    it("data steward: nothing that locks the account out of its data, destroys it or widens who reads it", async () => {
        const st = policy("dataSteward");
        const raw = zoneBucket("raw");
        const dlq = res.named(T.queue, "lake-raw-dlq").outputs.arn as string;
        for (const action of LOCK_OUT_KEY_ACTIONS) {
            expect(await evaluate(st, action, zoneKey("raw")), action).to.equal("ExplicitlyDenied");
        }
        for (const action of LOCK_OUT_BUCKET_ACTIONS) {
            expect(await evaluate(st, action, raw), action).to.equal("ExplicitlyDenied");
        }
        expect(await evaluate(st, "s3:DeleteObjectVersion", `${raw}/x`)).to.equal("ExplicitlyDenied");
        for (const action of ["sqs:PurgeQueue", "sqs:DeleteQueue", "sqs:SetQueueAttributes", "sqs:DeleteMessage"]) {
            expect(await allows(st, action, dlq), action).to.equal(false);
        }
        expect(await allows(st, "glue:DeleteDatabase", db("raw").replace(/table\/(\w+)\/orders$/, "database/$1"))).to.equal(false);
        expect(await allows(st, "athena:UpdateWorkGroup", workgroup())).to.equal(false);
        expect(await allows(st, "s3:DeleteObject", `${res.named(T.bucket, "lake-governance-trail-bucket").outputs.arn}/AWSLogs/x`)).to.equal(false);
        expect(await allows(st, "cloudtrail:StopLogging", `arn:aws:cloudtrail:eu-west-1:123456789012:trail/${res.byType(G.trail)[0].props.name}`)).to.equal(
            false,
        );
    });

    it("nothing outside the lake: no persona's action is allowed on another bucket, key, table, workgroup, job or queue", async () => {
        for (const p of PERSONAS) {
            const persona = policy(p);
            const actions = [...new Set(persona.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => ([] as string[]).concat(s.Action)))];
            for (const action of actions) {
                for (const resource of [FOREIGN.bucket, `${FOREIGN.bucket}/x`, FOREIGN.key, FOREIGN.table, FOREIGN.workgroup, FOREIGN.job, FOREIGN.queue]) {
                    if (!resource.startsWith(`arn:aws:${action.split(":")[0]}:`)) continue;
                    expect(await evaluate(persona, action, resource), `${p}: ${action} on ${resource}`).to.not.equal("Allowed");
                }
            }
        }
    });

    it("every grant is effective: each action on each resource it names is allowed (real actions, resource-level support, key policies)", async () => {
        for (const p of PERSONAS) {
            const persona = policy(p);
            // A Deny covers an action on the resources it names (patterns: the pii datasets' prefixes, the lock-out denies' buckets and keys).
            const denies = persona.Statement.filter((s) => s.Effect === "Deny");
            const pattern = (p: string) =>
                new RegExp(
                    `^${p
                        .split("*")
                        .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
                        .join(".*")}$`,
                );
            const denied = (action: string, resource: string) =>
                denies.some(
                    (d) =>
                        ([] as string[]).concat(d.Action).includes(action) && ([] as string[]).concat(d.Resource ?? []).some((r) => pattern(r).test(resource)),
                );
            for (const s of persona.Statement.filter((x) => x.Effect === "Allow")) {
                for (const action of ([] as string[]).concat(s.Action)) {
                    const resources = ([] as string[]).concat(s.Resource ?? []).map((r) => r.replace(/\*/g, "x"));
                    const decisions = await Promise.all(resources.map((r) => evaluate(persona, action, r, { "s3:prefix": "data-scientist/x" })));
                    // NotApplicable: the statement lists several resource types; at least one must take the action.
                    expect(
                        decisions.filter((d) => d !== "NotApplicable"),
                        `${p} ${s.Sid}: ${action}`,
                    ).to.not.be.empty;
                    decisions.forEach((d, i) => {
                        if (d !== "NotApplicable")
                            expect(d, `${p} ${s.Sid}: ${action}`).to.equal(denied(action, resources[i]) ? "ExplicitlyDenied" : "Allowed");
                    });
                }
            }
        }
    });
});
