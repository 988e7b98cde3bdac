import { expect } from "chai";
import { Athena } from "../../../components/query";
import { parseConfig } from "../../../lib/config";
import { ACCOUNT, REGION, Recorded, ofType, record } from "../catalog/harness";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;

function build(raw: Record<string, unknown> = {}, streamTables = ["events", "impressions", "clicks"]) {
    const config = parseConfig(raw);
    return () =>
        new Athena("lake-athena", {
            ...config.athena,
            keyArn: KEY,
            context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION }, retainData: config.retainData },
            namedQueries: { landingDatabase: "datalake_dev_drop", curatedDatabase: "datalake_dev_curated", streamTables },
            accessLogsBucket: "lake-access-logs",
        });
}

describe("Athena component (mocks)", () => {
    let all: Recorded[];
    before(async () => {
        all = await record(build({ athena: { bytesScannedCutoffMb: 2048, resultsExpireDays: 7 } }));
    });

    it("enforces the workgroup configuration: engine v3, SSE_KMS results in its own bucket, scan limit in bytes, metrics", () => {
        const [wg] = ofType(all, "aws:athena/workgroup:Workgroup");
        const c = wg.inputs.configuration;
        expect(wg.inputs.name).to.equal("datalake_dev");
        expect(c.enforceWorkgroupConfiguration).to.equal(true);
        expect(c.engineVersion.selectedEngineVersion).to.equal("Athena engine version 3");
        expect(c.bytesScannedCutoffPerQuery).to.equal(2048 * 1024 * 1024);
        expect(c.publishCloudwatchMetricsEnabled).to.equal(true);
        expect(c.resultConfiguration.encryptionConfiguration).to.deep.equal({ encryptionOption: "SSE_KMS", kmsKeyArn: KEY });
        const [bucket] = ofType(all, "aws:s3/bucket:Bucket");
        expect(c.resultConfiguration.outputLocation).to.equal(`s3://${bucket.name}-a1b2c3d/results/`);
    });

    it("keeps results in a private, versioned, TLS-only SSE-KMS bucket that expires them per config", () => {
        const [sse] = ofType(all, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        expect(sse.inputs.rules[0].applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY });
        expect(ofType(all, "aws:s3/bucketVersioning:BucketVersioning")[0].inputs.versioningConfiguration.status).to.equal("Enabled");
        const pab = ofType(all, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs;
        expect([pab.blockPublicAcls, pab.blockPublicPolicy, pab.ignorePublicAcls, pab.restrictPublicBuckets]).to.deep.equal([true, true, true, true]);
        const policy = JSON.parse(ofType(all, "aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy);
        expect(policy.Statement[0].Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        const rules = ofType(all, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0].inputs.rules;
        expect(rules.find((r: any) => r.id === "current-versions").expiration.days).to.equal(7);
        expect(ofType(all, "aws:s3/bucketLogging:BucketLogging")[0].inputs.targetBucket).to.equal("lake-access-logs");
    });

    it("ships the activity, seller, SDR and click-through named queries in the right databases", () => {
        const queries: Record<string, any> = Object.fromEntries(ofType(all, "aws:athena/namedQuery:NamedQuery").map((q) => [q.inputs.name, q.inputs]));
        expect(Object.keys(queries)).to.have.members(["activity_counts", "seller_deals_and_reviews", "sdr_deals_and_reviews", "click_through_rate"]);
        expect(queries.activity_counts.database).to.equal("datalake_dev_curated");
        expect(queries.activity_counts.query).to.match(/count\(activity_type\)[\s\S]*FROM activity[\s\S]*GROUP BY activity_type/);
        expect(queries.seller_deals_and_reviews.database).to.equal("datalake_dev_curated");
        expect(queries.seller_deals_and_reviews.query).to.match(/deals[\s\S]*avg_review_score[\s\S]*FROM seller_performance/);
        expect(queries.click_through_rate.database).to.equal("datalake_dev_drop");
        expect(queries.click_through_rate.query).to.match(/FROM impressions[\s\S]*FROM clicks/);
        for (const q of Object.values(queries)) expect(q.workgroup).to.equal("datalake_dev");
    });

    it("falls back to the curated views when the streams have no tables", async () => {
        const curatedOnly = await record(build({}, []));
        const ctr = ofType(curatedOnly, "aws:athena/namedQuery:NamedQuery").find((q) => q.inputs.name === "click_through_rate")!;
        expect(ctr.inputs.database).to.equal("datalake_dev_curated");
        expect(ctr.inputs.query).to.match(/FROM advertising/);
        const [wg] = ofType(curatedOnly, "aws:athena/workgroup:Workgroup");
        expect(wg.inputs.configuration.bytesScannedCutoffPerQuery).to.equal(10240 * 1024 * 1024);
    });

    it("built with only what it needs (context and key): the defaults, destroyable, no named queries", async () => {
        const alone = await record(() => new Athena("athena", { context: { scope: { accountId: ACCOUNT, partition: "aws", region: REGION } }, keyArn: KEY }));
        const [wg] = ofType(alone, "aws:athena/workgroup:Workgroup");
        expect(wg.inputs.configuration.bytesScannedCutoffPerQuery).to.equal(10240 * 1024 * 1024);
        expect(wg.inputs.forceDestroy).to.equal(true);
        const rules = ofType(alone, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")[0].inputs.rules;
        expect(rules.find((r: any) => r.id === "current-versions").expiration.days).to.equal(30);
        expect(ofType(alone, "aws:athena/namedQuery:NamedQuery")).to.deep.equal([]);
        expect(ofType(alone, "aws:s3/bucketLogging:BucketLogging")).to.deep.equal([]);
    });
});
