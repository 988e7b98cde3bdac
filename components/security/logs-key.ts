/**
 * The logs CMK: encrypts every log group the lake declares (processors', the ingest function's,
 * the API's access logs, Firehose delivery errors). Its policy lets CloudWatch Logs use it only
 * for this account's log groups (`kms:EncryptionContext:aws:logs:arn`). Glue's log groups use
 * the analytics key instead, which their security configurations name.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logsKeyPolicy } from "./policies";
import { boundedName, NameLimits } from "../../lib/names";

export interface LogsKeyArgs {
    /** Account id (key administration, the log-group ARN condition). Required. */
    accountId: pulumi.Input<string>;
    /** AWS partition for ARNs. Required. */
    partition: pulumi.Input<string>;
    /** Region whose CloudWatch Logs service may use the key. Required. */
    region: pulumi.Input<string>;
    /** prod: protected, retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
}

export class LogsKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: LogsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:security:LogsKey", name, {}, opts);
        const child = { parent: this };
        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: "Data lake log groups",
                enableKeyRotation: true,
                deletionWindowInDays: args.retainData ? 30 : 7,
                policy: pulumi
                    .all([args.partition, args.region, args.accountId])
                    .apply(([partition, region, accountId]) => JSON.stringify(logsKeyPolicy({ partition, region, accountId }))),
            },
            { ...child, protect: args.retainData, retainOnDelete: args.retainData },
        );
        new aws.kms.Alias(
            `${name}-alias`,
            {
                name: `alias/${boundedName([pulumi.getProject(), pulumi.getStack(), "logs"], NameLimits.kmsAlias - "alias/".length)}`,
                targetKeyId: this.key.keyId,
            },
            child,
        );
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
