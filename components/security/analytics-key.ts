/**
 * The analytics CMK: encrypts what the catalog, query and ETL parts own themselves (Glue security
 * configurations' CloudWatch logs and job bookmarks, Athena query results, ETL artifacts, crawler
 * event queues). Zone data keeps its zone keys. Built before the zones, because a crawler event
 * queue encrypted with it is one of a zone's notification targets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { analyticsKeyPolicy } from "./policies";
import { boundedName, NameLimits } from "../../lib/names";

export interface AnalyticsKeyArgs {
    /** Account id (key administration, `aws:SourceAccount`). Required. */
    accountId: pulumi.Input<string>;
    /** AWS partition for ARNs. Required. */
    partition: pulumi.Input<string>;
    /** Region whose CloudWatch Logs service may use the key (`logs.<region>.amazonaws.com`). Required. */
    region: pulumi.Input<string>;
    /** prod: protected, retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
}

export class AnalyticsKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AnalyticsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:catalog:AnalyticsKey", name, {}, opts);
        const child = { parent: this };
        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: "Data lake analytics: Glue logs and bookmarks, Athena results, ETL artifacts, crawler queues",
                enableKeyRotation: true,
                deletionWindowInDays: args.retainData ? 30 : 7,
                policy: pulumi
                    .all([args.partition, args.region, args.accountId])
                    .apply(([partition, region, accountId]) => JSON.stringify(analyticsKeyPolicy({ partition, region, accountId }))),
            },
            { ...child, protect: args.retainData, retainOnDelete: args.retainData },
        );
        new aws.kms.Alias(
            `${name}-alias`,
            {
                name: `alias/${boundedName([pulumi.getProject(), pulumi.getStack(), "analytics"], NameLimits.kmsAlias - "alias/".length)}`,
                targetKeyId: this.key.keyId,
            },
            child,
        );
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
