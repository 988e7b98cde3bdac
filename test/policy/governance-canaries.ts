/**
 * Canaries of the governance rules (CloudTrail, service principals, cost tags): good single
 * resources and one bad variant per condition. governance-rules.test.ts runs them; pack.test.ts
 * counts their conditions.
 */
import { Recorded } from "./harness";

export function resource(type: string, props: Record<string, any>): Recorded {
    return { type, name: "canary", urn: `urn:pulumi:dev::datalake::${type}::canary`, props };
}

const TAGS = { project: "datalake", stack: "dev", area: "governance" };
export const goodTrail = () =>
    resource("aws:cloudtrail/trail:Trail", {
        isMultiRegionTrail: true,
        enableLogFileValidation: true,
        kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
        cloudWatchLogsGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/cloudtrail/t:*",
        cloudWatchLogsRoleArn: "arn:aws:iam::123456789012:role/trail-logs",
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
export const goodTopicPolicy = () =>
    resource("aws:sns/topicPolicy:TopicPolicy", {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Rules",
                    Effect: "Allow",
                    Principal: { Service: "events.amazonaws.com" },
                    Action: "sns:Publish",
                    Resource: "arn:t",
                    Condition: { ArnEquals: { "aws:SourceArn": ["arn:r"] } },
                },
            ],
        }),
    });
export const goodBucketPolicy = () =>
    resource("aws:s3/bucketPolicy:BucketPolicy", {
        policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "Trail",
                    Effect: "Allow",
                    Principal: { Service: "cloudtrail.amazonaws.com" },
                    Action: "s3:PutObject",
                    Resource: "arn:b/*",
                    Condition: { StringEquals: { "aws:SourceArn": "arn:t" } },
                },
            ],
        }),
    });
export const goodQueue = () => resource("aws:sqs/queue:Queue", { tags: { ...TAGS } });

export interface GovernanceCanary {
    rule: string;
    /** The one condition of the rule that must fire. */
    condition: string;
    case: string;
    make: () => Recorded;
}
const mutate = (make: () => Recorded, f: (p: Record<string, any>) => void) => () => {
    const r = make();
    f(r.props);
    return r;
};

export const governanceCanaries: GovernanceCanary[] = [
    {
        rule: "service-principal-scoped",
        condition: "unreadable-policy",
        case: "policy that is not JSON",
        make: mutate(goodTopicPolicy, (p) => (p.policy = "{not json")),
    },
    {
        rule: "cloudtrail-trail-hardened",
        condition: "single-region",
        case: "single-region trail",
        make: mutate(goodTrail, (p) => (p.isMultiRegionTrail = false)),
    },
    {
        rule: "cloudtrail-trail-hardened",
        condition: "no-log-validation",
        case: "no log file validation",
        make: mutate(goodTrail, (p) => delete p.enableLogFileValidation),
    },
    { rule: "cloudtrail-trail-hardened", condition: "no-kms-key", case: "no KMS key", make: mutate(goodTrail, (p) => delete p.kmsKeyId) },
    {
        rule: "cloudtrail-s3-data-events",
        condition: "no-s3-data-events",
        case: "no data events",
        make: mutate(goodTrail, (p) => p.advancedEventSelectors.pop()),
    },
    {
        rule: "cloudtrail-s3-data-events",
        condition: "no-management-events",
        case: "no management events",
        make: mutate(goodTrail, (p) => p.advancedEventSelectors.shift()),
    },
    {
        rule: "cloudtrail-s3-data-events",
        condition: "data-events-unscoped",
        case: "data events naming no bucket",
        make: mutate(goodTrail, (p) => p.advancedEventSelectors[1].fieldSelectors.pop()),
    },
    {
        rule: "cloudtrail-cloudwatch-logs",
        condition: "no-log-group",
        case: "trail not delivered to CloudWatch Logs",
        make: mutate(goodTrail, (p) => delete p.cloudWatchLogsGroupArn),
    },
    {
        rule: "cloudtrail-cloudwatch-logs",
        condition: "group-arn-form",
        case: "log group ARN without :*",
        make: mutate(goodTrail, (p) => (p.cloudWatchLogsGroupArn = p.cloudWatchLogsGroupArn.replace(/:\*$/, ""))),
    },
    {
        rule: "cloudtrail-cloudwatch-logs",
        condition: "no-role",
        case: "log group without the delivery role",
        make: mutate(goodTrail, (p) => delete p.cloudWatchLogsRoleArn),
    },
    {
        rule: "service-principal-scoped",
        condition: "unscoped-service",
        case: "topic policy lets EventBridge in unconditioned",
        make: mutate(goodTopicPolicy, (p) => (p.policy = p.policy.replace(/,"Condition":\{[^]*\}\}\]/, "}]"))),
    },
    {
        rule: "service-principal-scoped",
        condition: "unscoped-service",
        case: "bucket policy conditioned only on TLS",
        make: mutate(
            goodBucketPolicy,
            (p) => (p.policy = p.policy.replace(/"StringEquals":\{"aws:SourceArn":"arn:t"\}/, '"Bool":{"aws:SecureTransport":"true"}')),
        ),
    },
    { rule: "cost-allocation-tags", condition: "missing-cost-tags", case: "queue without tags", make: mutate(goodQueue, (p) => delete p.tags) },
    { rule: "cost-allocation-tags", condition: "missing-cost-tags", case: "trail without its area", make: mutate(goodTrail, (p) => delete p.tags.area) },
    // Beyond the types the bill is mostly made of: any type whose args take tags (here what awsx's VPC creates).
    {
        rule: "cost-allocation-tags",
        condition: "missing-cost-tags",
        case: "subnet without tags",
        make: () => resource("aws:ec2/subnet:Subnet", { vpcId: "vpc-1", cidrBlock: "10.0.0.0/20" }),
    },
];
