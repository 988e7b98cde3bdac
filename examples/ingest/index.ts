/**
 * Example: streaming ingest (Firehose delivery streams and the HTTP ingest API) into a bucket this
 * program does not own. The bucket, its SSE-KMS key and the KMS key for log groups are plain ARNs
 * from the stack config (sample values by default), so no lake and no lookup is needed. Every
 * ingest setting is left to the components' defaults: three Direct PUT streams (events,
 * impressions, clicks) and an API-key-protected API with five routes.
 */
import * as pulumi from "@pulumi/pulumi";
import { Ingest } from "../../components/ingest";
import { lookupAccountScope } from "../../components";

/** Sample ARNs used when the stack config leaves a key out (the account is the mocks'). */
export const SAMPLE = {
    bucketArn: "arn:aws:s3:::example-landing",
    bucketKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/11111111-2222-3333-4444-555555555555",
    logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/66666666-7777-8888-9999-000000000000",
} as const;

export default function ingestExample() {
    const config = new pulumi.Config();
    const scope = lookupAccountScope();
    const ingest = new Ingest("ingest", {
        landingZone: { bucketArn: config.get("bucketArn") ?? SAMPLE.bucketArn, keyArn: config.get("bucketKeyArn") ?? SAMPLE.bucketKeyArn },
        context: { scope, logsKeyArn: config.get("logsKeyArn") ?? SAMPLE.logsKeyArn },
    });
    return { apiUrl: ingest.apiUrl, apiKeyId: ingest.apiKeyId, deliveryStreamNames: ingest.deliveryStreamNames };
}
