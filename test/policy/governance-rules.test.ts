/**
 * Canaries of the governance rules: each rule flags its bad cases, accepts the good resources, and
 * bites on the recorded dev stack when one of its resources is broken the same way.
 */
import { expect } from "chai";
import { governancePolicies } from "../../policy/rules-governance";
import { runProgram } from "../../harness/program";
import { Recorded, describeViolations, evaluate } from "./harness";

function resource(type: string, props: Record<string, any>): Recorded {
    return { type, name: "canary", urn: `urn:pulumi:dev::datalake::${type}::canary`, props };
}

const TAGS = { project: "datalake", stack: "dev", area: "governance" };
const goodTrail = () =>
    resource("aws:cloudtrail/trail:Trail", {
        isMultiRegionTrail: true,
        enableLogFileValidation: true,
        kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
        tags: { ...TAGS },
        advancedEventSelectors: [
            { name: "m", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            {
                name: "d",
                fieldSelectors: [
                    { field: "eventCategory", equals: ["Data"] },
                    { field: "resources.type", equals: ["AWS::S3::Object"] },
                    { field: "resources.ARN", startsWiths: ["arn:aws:s3:::zone-bucket/"] },
                ],
            },
        ],
    });
const goodTopicPolicy = () =>
    resource("aws:sns/topicPolicy:TopicPolicy", {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Rules", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: "arn:t", Condition: { ArnEquals: { "aws:SourceArn": ["arn:r"] } } }],
        }),
    });
const goodBucketPolicy = () =>
    resource("aws:s3/bucketPolicy:BucketPolicy", {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Sid: "Trail", Effect: "Allow", Principal: { Service: "cloudtrail.amazonaws.com" }, Action: "s3:PutObject", Resource: "arn:b/*", Condition: { StringEquals: { "aws:SourceArn": "arn:t" } } }],
        }),
    });
const goodQueue = () => resource("aws:sqs/queue:Queue", { tags: { ...TAGS } });

interface Canary {
    rule: string;
    case: string;
    make: () => Recorded;
}
const mutate = (make: () => Recorded, f: (p: Record<string, any>) => void) => () => {
    const r = make();
    f(r.props);
    return r;
};

const bad: Canary[] = [
    { rule: "cloudtrail-trail-hardened", case: "single-region trail", make: mutate(goodTrail, (p) => (p.isMultiRegionTrail = false)) },
    { rule: "cloudtrail-trail-hardened", case: "no log file validation", make: mutate(goodTrail, (p) => delete p.enableLogFileValidation) },
    { rule: "cloudtrail-trail-hardened", case: "no KMS key", make: mutate(goodTrail, (p) => delete p.kmsKeyId) },
    { rule: "cloudtrail-s3-data-events", case: "no data events", make: mutate(goodTrail, (p) => p.advancedEventSelectors.pop()) },
    { rule: "cloudtrail-s3-data-events", case: "no management events", make: mutate(goodTrail, (p) => p.advancedEventSelectors.shift()) },
    { rule: "cloudtrail-s3-data-events", case: "data events naming no bucket", make: mutate(goodTrail, (p) => p.advancedEventSelectors[1].fieldSelectors.pop()) },
    { rule: "service-principal-scoped", case: "topic policy lets EventBridge in unconditioned", make: mutate(goodTopicPolicy, (p) => (p.policy = p.policy.replace(/,"Condition":\{[^]*\}\}\]/, "}]"))) },
    { rule: "service-principal-scoped", case: "bucket policy conditioned only on TLS", make: mutate(goodBucketPolicy, (p) => (p.policy = p.policy.replace(/"StringEquals":\{"aws:SourceArn":"arn:t"\}/, '"Bool":{"aws:SecureTransport":"true"}'))) },
    { rule: "cost-allocation-tags", case: "queue without tags", make: mutate(goodQueue, (p) => delete p.tags) },
    { rule: "cost-allocation-tags", case: "trail without its area", make: mutate(goodTrail, (p) => delete p.tags.area) },
];

describe("policy: governance rules (CloudTrail, service principals, cost tags)", () => {
    it("every governance rule has a bad canary, and names are unique", () => {
        const names = governancePolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.filter((n) => !bad.some((c) => c.rule === n))).to.deep.equal([]);
    });

    it("accepts the good resources", async () => {
        const violations = await evaluate([goodTrail(), goodTopicPolicy(), goodBucketPolicy(), goodQueue()], { policies: governancePolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of bad) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const violations = await evaluate([c.make()], { policies: governancePolicies });
            expect([...new Set(violations.map((v) => v.policy))], describeViolations(violations)).to.deep.equal([c.rule]);
        });
    }

    it("bites on the recorded dev stack: an untagged bucket, an unscoped topic policy, a single-region trail", async function () {
        this.timeout(120_000);
        // Shallow copies: only the top-level props below are replaced (the recorded run is shared).
        const recorded = (await runProgram("dev")).map((r) => ({ type: r.type, name: r.name, urn: r.urn, props: { ...r.props } }));
        expect(await evaluate(recorded, { policies: governancePolicies })).to.deep.equal([]);
        const find = (type: string) => recorded.find((r) => r.type === type)!;
        find("aws:s3/bucket:Bucket").props.tags = undefined;
        const topic = find("aws:sns/topicPolicy:TopicPolicy");
        const doc = JSON.parse(topic.props.policy);
        for (const s of doc.Statement) if (s.Principal?.Service) delete s.Condition;
        topic.props.policy = JSON.stringify(doc);
        find("aws:cloudtrail/trail:Trail").props.isMultiRegionTrail = false;
        const violations = await evaluate(recorded, { policies: governancePolicies });
        expect([...new Set(violations.map((v) => v.policy))].sort()).to.deep.equal(["cloudtrail-trail-hardened", "cost-allocation-tags", "service-principal-scoped"]);
    });
});
