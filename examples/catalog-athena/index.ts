/**
 * The lake's catalog and Athena over S3 buckets that already exist: per bucket a Glue database
 * and a crawler (daily, new folders only, logs encrypted), and an Athena workgroup with a results
 * bucket of its own (its server access logs in an access-logs bucket), both encrypted with one
 * analytics key. The components' defaults do the rest.
 */
import * as pulumi from "@pulumi/pulumi";
import { Catalog } from "../../components/catalog";
import { Athena } from "../../components/query";
import { AnalyticsKey } from "../../components/keys";
import { AccessLogsBucket } from "../../components/storage";
import { type LakeContext, lookupAccountScope } from "../../components";

async function program() {
    const config = new pulumi.Config();
    const buckets = config.requireObject<string[]>("buckets");
    const scope = lookupAccountScope();
    const context: LakeContext = { scope, retainData: config.requireBoolean("retainData") };
    const retainData = context.retainData!;
    const key = new AnalyticsKey("analytics", { scope: context.scope, retainData });
    const accessLogs = new AccessLogsBucket("access-logs", { context });
    const catalog = new Catalog("catalog", {
        context,
        // Each bucket is a zone named after it (its database: <project>_<stack>_<bucket>). An SSE-KMS bucket also takes `keyArn`.
        zones: buckets.map((bucket) => ({ name: bucket, bucketName: bucket, bucketArn: pulumi.interpolate`arn:${scope.partition}:s3:::${bucket}` })),
        analyticsKeyArn: key.keyArn,
    });
    const athena = new Athena("athena", { context, keyArn: key.keyArn, accessLogsBucket: accessLogs.bucketName });
    return {
        databases: catalog.databaseNames,
        crawlers: catalog.crawlerNames,
        workgroup: athena.workgroupName,
        resultsBucket: athena.resultsBucketName,
    };
}

// Pulumi's Node.js runtime calls an exported function and takes its result as the stack outputs.
export = program;
