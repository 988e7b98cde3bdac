/**
 * Amazon Macie over the zone buckets (issue 20), optional and off by default because it is billed
 * (README "Cost"): the account enabled for Macie (unless another stack or the security team did it
 * already), a scheduled sensitive data discovery job over the zone buckets, KMS grants letting
 * Macie's service-linked role decrypt what the zone keys encrypt (without them Macie skips every
 * SSE-KMS object: the zone keys' policies do not name it), and Macie's findings of these buckets to
 * the lake's alarm topic through an EventBridge rule (`source: aws.macie`, `detail-type: Macie Finding`).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { withDefaults } from "../../lib/defaults";
import { NameRules, boundedName } from "../../lib/names";
import { ownedBy } from "../../lib/ownership";
import { MACIE_DEFAULTS, type MacieSchedule, type MacieSettings } from "./macie-args";

/** A zone bucket Macie inspects: its name and its key. */
export interface MacieZone {
    /** The zone's name (names its key grant). */
    name: string;
    bucketName: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
}

export interface MacieArgs extends MacieSettings {
    /** The account scope (Macie's service-linked role, the job's account). Required. */
    scope: pulumi.Input<AccountScope>;
    /** The zone buckets the job inspects. Required. */
    zones: MacieZone[];
    /** The alarm topic findings go to (its policy must admit `findingsRuleArn`). Required. */
    alarmTopicArn: pulumi.Input<string>;
}

/** Name of the findings rule, known before it exists (the alarm topic's policy names its ARN). */
export function macieFindingsRuleName(project: string, stack: string): string {
    return boundedName([project, stack, "macie-findings"], NameRules.eventRule);
}

/** Macie's service-linked role, which its jobs read objects as. */
export function macieServiceRoleArn(s: AccountScope): string {
    return `arn:${s.partition}:iam::${s.accountId}:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie`;
}

/** The job's `scheduleFrequency` for `schedule` (weekly on Mondays, monthly on the 1st). */
export function macieScheduleFrequency(schedule: MacieSchedule): aws.types.input.macie2.ClassificationJobScheduleFrequency {
    switch (schedule) {
        case "daily":
            return { dailySchedule: true };
        case "weekly":
            return { weeklySchedule: "MONDAY" };
        case "monthly":
            return { monthlySchedule: 1 };
    }
}

/** The findings whose affected bucket is one of `buckets`. */
export function macieFindingsPattern(buckets: string[]): object {
    return { source: ["aws.macie"], "detail-type": ["Macie Finding"], detail: { resourcesAffected: { s3Bucket: { name: buckets } } } };
}

export class Macie extends pulumi.ComponentResource {
    /** The discovery job's id. */
    readonly jobId: pulumi.Output<string>;
    readonly findingsRuleName: pulumi.Output<string>;

    constructor(name: string, args: MacieArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:governance:Macie", name, {}, ownedBy("governance", opts));
        const s = withDefaults(args, MACIE_DEFAULTS);
        if (!Number.isInteger(s.samplingPercentage) || s.samplingPercentage < 1 || s.samplingPercentage > 100) {
            throw new Error(`Macie: samplingPercentage: ${s.samplingPercentage} is not an integer from 1 to 100`);
        }
        const scope = pulumi.output(args.scope);
        const account = s.enableAccount
            ? [new aws.macie2.Account(`${name}-account`, { status: "ENABLED", findingPublishingFrequency: "ONE_HOUR" }, { parent: this })]
            : [];
        // Grants, not key policy statements: the zone keys belong to the storage area, and a grant names one grantee and one operation.
        const grants = args.zones.map(
            (z) =>
                new aws.kms.Grant(
                    `${name}-${z.name}-key-grant`,
                    { keyId: z.keyArn, granteePrincipal: scope.apply(macieServiceRoleArn), operations: ["Decrypt"] },
                    { parent: this, dependsOn: account },
                ),
        );
        const job = new aws.macie2.ClassificationJob(
            `${name}-discovery`,
            {
                name: `${pulumi.getProject()}-${pulumi.getStack()}-zones`,
                description: "Sensitive data discovery over the data lake's zone buckets",
                jobType: "SCHEDULED",
                scheduleFrequency: macieScheduleFrequency(s.schedule),
                samplingPercentage: s.samplingPercentage,
                // Only objects new since the previous run: the first run too (no backlog scan of everything).
                initialRun: false,
                s3JobDefinition: { bucketDefinitions: [{ accountId: scope.accountId, buckets: args.zones.map((z) => z.bucketName) }] },
            },
            { parent: this, dependsOn: [...account, ...grants] },
        );
        this.jobId = job.jobId;
        const rule = new aws.cloudwatch.EventRule(
            `${name}-findings`,
            {
                name: macieFindingsRuleName(pulumi.getProject(), pulumi.getStack()),
                description: "Macie findings of the lake's zone buckets -> the alarm topic",
                eventPattern: pulumi.all(args.zones.map((z) => z.bucketName)).apply((buckets) => JSON.stringify(macieFindingsPattern(buckets))),
            },
            { parent: this },
        );
        new aws.cloudwatch.EventTarget(`${name}-findings-to-topic`, { rule: rule.name, arn: args.alarmTopicArn }, { parent: this });
        this.findingsRuleName = rule.name;
        this.registerOutputs({ jobId: this.jobId, findingsRuleName: this.findingsRuleName });
    }
}
