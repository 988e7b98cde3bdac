/** Shared by the component tests: the recorded program plus the config it was built from. */
import { LakeConfig, parseConfig } from "../../lib/config";
import { ACCOUNT_ID, PARTITION, program, RecordedResource, Resources, stackConfig } from "../../harness/program";

export const T = {
    bucket: "aws:s3/bucket:Bucket",
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    sse: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    versioning: "aws:s3/bucketVersioning:BucketVersioning",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    logging: "aws:s3/bucketLogging:BucketLogging",
    notification: "aws:s3/bucketNotification:BucketNotification",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    redriveAllow: "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy",
    fn: "aws:lambda/function:Function",
    liveAlias: "aws:lambda/alias:Alias",
    esm: "aws:lambda/eventSourceMapping:EventSourceMapping",
    layer: "aws:lambda/layerVersion:LayerVersion",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    zone: "datalake:storage:Zone",
    processor: "datalake:processing:ZoneProcessor",
} as const;

/** The account scope and logs key the components' standalone tests build with: the recorded program's account. */
export const SCOPE = { accountId: ACCOUNT_ID, partition: PARTITION, region: "eu-west-1" };
export const LOGS_KEY = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/logs`;

export const STACKS = ["dev", "prod"] as const;

export interface Lake {
    res: Resources;
    cfg: LakeConfig;
}

/** Runs the program for a stack and parses the same config the program read. */
export async function lake(stack: "dev" | "prod", overrides?: Record<string, unknown>): Promise<Lake> {
    const res = await program(stack, overrides);
    const raw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(stackConfig(stack, overrides))) {
        if (!k.startsWith("datalake:")) continue;
        try {
            raw[k.slice("datalake:".length)] = JSON.parse(v);
        } catch {
            raw[k.slice("datalake:".length)] = v;
        }
    }
    return { res, cfg: parseConfig(raw) };
}

/** The custom resource of `type` directly inside component `parent`. */
export function childOf(res: Resources, parent: RecordedResource, type: string): RecordedResource {
    const found = res.childrenOf(parent).filter((r) => r.type === type);
    if (found.length !== 1) throw new Error(`${parent.name}: expected one ${type}, found ${found.length}`);
    return found[0];
}

export const json = (s: string) => JSON.parse(s);

/**
 * A describe block per stack, `${title} (dev)` and `${title} (prod)`, whose `l` (the recorded
 * program and its config) is filled in before its tests run.
 */
export function describeStacks(title: string, body: (l: Lake, stack: (typeof STACKS)[number]) => void): void {
    for (const stack of STACKS) {
        describe(`${title} (${stack})`, function () {
            const l = {} as Lake;
            before(async function () {
                this.timeout(120_000);
                Object.assign(l, await lake(stack));
            });
            body(l, stack);
        });
    }
}

/** The error `promise` rejects with, or undefined when it resolves (a program that should fail). */
export function rejectionOf(promise: Promise<unknown>): Promise<Error | undefined> {
    return promise.then(
        () => undefined,
        (e: Error) => e,
    );
}
