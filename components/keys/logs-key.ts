/**
 * The logs CMK: encrypts every log group the lake declares (processors', the ingest function's,
 * the API's access logs, Firehose delivery errors). Its policy lets CloudWatch Logs use it only
 * for this account's log groups (`kms:EncryptionContext:aws:logs:arn`). Glue's log groups use
 * the analytics key instead, which their security configurations name.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AccountScope } from "../../lib/account-scope";
import { lakeKey, sharedKeyAlias } from "./lake-key";
import { logsKeyPolicy } from "./policies";
import { ownedBy } from "../../lib/ownership";
import { renamedFrom } from "../../lib/renamed";

export interface LogsKeyArgs {
    /** Account (key administration, the log-group ARN condition), partition, and the region whose CloudWatch Logs may use the key. Required. */
    scope: pulumi.Input<AccountScope>;
    /** prod: protected, retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
}

export class LogsKey extends pulumi.ComponentResource {
    readonly key: aws.kms.Key;
    readonly keyArn: pulumi.Output<string>;

    constructor(name: string, args: LogsKeyArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:keys:LogsKey", name, {}, renamedFrom("datalake:keys:LogsKey", ownedBy("security", opts)));
        this.key = lakeKey(
            `${name}-key`,
            {
                description: "Data lake log groups",
                policy: pulumi.output(args.scope).apply((scope) => JSON.stringify(logsKeyPolicy(scope))),
                retainData: args.retainData,
            },
            this,
        );
        sharedKeyAlias(`${name}-alias`, "logs", this.key, this);
        this.keyArn = this.key.arn;
        this.registerOutputs({ keyArn: this.keyArn });
    }
}
