/**
 * The streaming ingest's rules (Firehose, Kinesis, API Gateway, WAF, Lambda invoke permissions), in
 * the order they are reported; each lives in its service's file under ./rules (firehose.ts,
 * kinesis.ts, apigateway.ts, waf.ts, lambda.ts). The pack lists `ingestPolicies` next to `policies`.
 */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { apiDomainTls, apiExecutionLogging, apiStageAccessLogs, apiStageThrottling, prodMethodAuth } from "./rules/apigateway";
import { firehoseDropZoneLayout, firehoseEncryption, firehoseErrorHandling } from "./rules/firehose";
import { kinesisStreamEncryption } from "./rules/kinesis";
import { lambdaPermissionSourceArn } from "./rules/lambda";
import { apiStageWaf, webAclLogging } from "./rules/waf";

/** Every ingest rule, for the pack's list. */
export const ingestPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [
    firehoseEncryption(),
    firehoseErrorHandling(),
    firehoseDropZoneLayout(),
    kinesisStreamEncryption(),
    apiStageAccessLogs(),
    apiStageThrottling(),
    apiExecutionLogging(),
    apiDomainTls(),
    apiStageWaf(),
    webAclLogging(),
    prodMethodAuth(),
    lambdaPermissionSourceArn(),
];
