/**
 * The analytics CMK: encrypts what the catalog, query and ETL parts own themselves (Glue security
 * configurations' CloudWatch logs and job bookmarks, Athena query results, ETL artifacts, crawler
 * event queues). Zone data keeps its zone keys. Built before the zones, because a crawler event
 * queue encrypted with it is one of a zone's notification targets.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { lakeKey, sharedKeyAlias } from "./lake-key";
import { analyticsKeyPolicy } from "./policies";
import { ownedBy } from "../../lib/ownership";
import { renamedFrom } from "../../lib/renamed";

export interface AnalyticsKeyArgs {
    /** Account (key administration, `aws:SourceAccount`), partition, and the region whose CloudWatch Logs may use the key. Required. */
    scope: pulumi.Input<AccountScope>;
    /** prod: protected, retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
}

export class AnalyticsKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: AnalyticsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:keys:AnalyticsKey", name, {}, renamedFrom("datalake:keys:AnalyticsKey", ownedBy("security", opts)));
        this.key = lakeKey(
            `${name}-key`,
            {
                description: "Data lake analytics: Glue logs and bookmarks, Athena results, ETL artifacts, crawler queues",
                policy: pulumi.output(args.scope).apply((scope) => JSON.stringify(analyticsKeyPolicy(scope))),
                retainData: args.retainData,
            },
            this,
        );
        sharedKeyAlias(`${name}-alias`, "analytics", this.key, this);
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
