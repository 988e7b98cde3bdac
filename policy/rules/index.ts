/**
 * The data lake's core rules (S3, KMS, SQS, logs, Lambda, managed policies, prod retention) in the
 * order they are reported. Every rule of the pack lives in this folder, one file per service the way
 * cdk-nag lays out its rules; the other groups (../rules-*.ts) list the rest. Pure: no PolicyPack is
 * built here (that starts a gRPC server), so tests import `policies` and call the validations
 * directly; the pack's entry (../index.ts) wraps them. One small function per rule: add a rule by
 * writing its function in its service's file and listing it in its group.
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
