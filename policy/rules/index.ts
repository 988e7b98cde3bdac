/**
 * The data lake's core rules, as @pulumi/policy policies, one file per service the way cdk-nag
 * lays out its rules: `s3.ts`, `kms.ts`, `sqs.ts`, `logs.ts`, `lambda.ts`, `iam-managed-policies.ts`,
 * `resource-policies.ts`, `prod.ts`. The other services' files here are listed by the groups that
 * report them: ../rules-warehouse.ts (`redshift.ts`, `emr.ts`, `vpc.ts`), ../rules-ingest.ts
 * (`firehose.ts`, `kinesis.ts`, `apigateway.ts`, `waf.ts`), ../rules-analytics.ts (`glue.ts`,
 * `athena.ts`), ../rules-governance.ts (`cloudtrail.ts`, `tagging.ts`), ../rules-realtime.ts
 * (`dynamodb.ts`, `scheduler.ts`), ../rules-messaging.ts (`sns.ts`),
 * ../rules-aws.ts (`iam.ts`). Pure: no PolicyPack is built here (that starts a gRPC server),
 * so tests import `policies` and call the validations directly; the pack's entry (../index.ts)
 * wraps them. One small function per rule: add a rule by writing its function in its service's
 * file and listing it in `policies`.
 *
 * Per-resource rules see a resource's inputs. Links between resources are read so that they still
 * resolve during preview, when computed names and ARNs are unknown (by dependency instead of by value).
 */
import { Policies } from "@pulumi/policy";
import { noFullAccessPolicies } from "./iam-managed-policies";
import { kmsKeyRotation } from "./kms";
import { lambdaLogRetention, lambdaSupportedRuntime, lambdaTracingConsistent } from "./lambda";
import { logGroupCmkEncryption, logGroupRetention } from "./logs";
import { prodRetention } from "./prod";
import { noWildcardPrincipal } from "./resource-policies";
import { s3AccessLogging, s3AclsDisabled, s3BlockPublicAccess, s3CmkEncryption, s3TlsOnly, s3Versioning } from "./s3";
import { consumedQueueDlq, sqsEncryption } from "./sqs";

/** The core rules, in the order they are reported. */
export const policies: Policies = [
    s3CmkEncryption(),
    s3BlockPublicAccess(),
    s3TlsOnly(),
    s3Versioning(),
    s3AccessLogging(),
    s3AclsDisabled(),
    kmsKeyRotation(),
    sqsEncryption(),
    consumedQueueDlq(),
    logGroupRetention(),
    logGroupCmkEncryption(),
    lambdaSupportedRuntime(),
    lambdaLogRetention(),
    lambdaTracingConsistent(),
    noFullAccessPolicies(),
    noWildcardPrincipal(),
    prodRetention(),
];
