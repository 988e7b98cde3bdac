/** Firehose delivery stream rules: KMS encryption, error output under quarantine/, delivery under streams/. */
import { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { QUARANTINE_PREFIX, STREAMS_PREFIX } from "../../lib/contract";
import { Props, resourceRule } from "../define";
import { IngestTypes, isSet, known } from "../resources";

/** Firehose's expression for the error type; an error prefix without it mixes every failure kind. */
const ERROR_OUTPUT_TYPE = "!{firehose:error-output-type}";

/** The S3 destination settings of a delivery stream (only extended_s3 streams are the lake's). */
function s3Destination(props: Props, args: ResourceValidationArgs): Props {
    const destination = known(props, "destination");
    if (destination !== undefined && destination !== "extended_s3") args.notApplicable(`destination ${destination}`);
    return known(props, "extendedS3Configuration") ?? {};
}

export function firehoseEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-kms-encryption",
            description:
                "Firehose delivery streams write SSE-KMS objects (extendedS3Configuration.kmsKeyArn) and, when Direct PUT, encrypt their buffer (serverSideEncryption).",
            conditions: { objects: "delivered objects are SSE-KMS", buffer: "a Direct PUT stream encrypts its buffer" },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            if (!isSet(s3, "kmsKeyArn")) {
                flag("objects", "delivered objects are not SSE-KMS: set extendedS3Configuration.kmsKeyArn to the drop zone's key");
            }
            const kinesisFed = isSet(props, "kinesisSourceConfiguration");
            if (!kinesisFed && known(known(props, "serverSideEncryption"), "enabled") !== true) {
                flag(
                    "buffer",
                    "a Direct PUT stream keeps records unencrypted in its buffer: set serverSideEncryption {enabled: true, keyType: CUSTOMER_MANAGED_CMK, keyArn}",
                );
            }
        },
    );
}

export function firehoseErrorHandling(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-error-output",
            description: `Firehose delivery streams keep failed records under an error prefix carrying ${ERROR_OUTPUT_TYPE} and log delivery errors to CloudWatch.`,
            conditions: { "error-type": `errorOutputPrefix contains ${ERROR_OUTPUT_TYPE}`, logging: "delivery errors are logged to CloudWatch" },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof errorPrefix !== "string" || !errorPrefix.includes(ERROR_OUTPUT_TYPE)) {
                flag("error-type", `errorOutputPrefix ${JSON.stringify(errorPrefix ?? null)} does not contain ${ERROR_OUTPUT_TYPE}`);
            }
            if (known(known(s3, "cloudwatchLoggingOptions"), "enabled") !== true) {
                flag(
                    "logging",
                    "delivery errors are not logged: set extendedS3Configuration.cloudwatchLoggingOptions {enabled: true, logGroupName, logStreamName}",
                );
            }
        },
    );
}

export function firehoseDropZoneLayout(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "firehose-drop-zone-layout",
            description: `Firehose delivers under '${STREAMS_PREFIX}<name>/' and writes errors under '${QUARANTINE_PREFIX}', which the zone processors skip.`,
            conditions: { prefix: `prefix is under '${STREAMS_PREFIX}'`, "error-prefix": `errorOutputPrefix is under '${QUARANTINE_PREFIX}'` },
        },
        IngestTypes.firehose,
        (props, args, flag) => {
            const s3 = s3Destination(props, args);
            const prefix = known(s3, "prefix");
            const errorPrefix = known(s3, "errorOutputPrefix");
            if (typeof prefix !== "string" || !prefix.startsWith(STREAMS_PREFIX)) {
                flag(
                    "prefix",
                    `prefix ${JSON.stringify(prefix ?? null)} is not under '${STREAMS_PREFIX}': the drop processor would take its first segment as the dataset`,
                );
            }
            if (typeof errorPrefix === "string" && !errorPrefix.startsWith(QUARANTINE_PREFIX)) {
                flag(
                    "error-prefix",
                    `errorOutputPrefix '${errorPrefix}' is not under '${QUARANTINE_PREFIX}': the drop processor would promote failed records as a dataset`,
                );
            }
        },
    );
}
