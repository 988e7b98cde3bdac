/** Kinesis data stream rules: encrypted with a customer managed key. */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { IngestTypes, isSet, known } from "../resources";

export function kinesisStreamEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "kinesis-stream-cmk-encryption",
            description: "Kinesis data streams are encrypted with a customer managed KMS key.",
            conditions: { unencrypted: "encryptionType is KMS with a kmsKeyId", "aws-managed-key": "the key is not alias/aws/kinesis" },
        },
        IngestTypes.kinesisStream,
        (props, _args, flag) => {
            if (known(props, "encryptionType") !== "KMS" || !isSet(props, "kmsKeyId")) {
                flag("unencrypted", "stream is not encrypted: set encryptionType KMS and kmsKeyId to a customer managed key");
                return;
            }
            const key = known(props, "kmsKeyId");
            if (typeof key === "string" && key.endsWith("alias/aws/kinesis")) {
                flag("aws-managed-key", "stream uses the AWS managed key alias/aws/kinesis: use a customer managed key (rotation, key policy, audit)");
            }
        },
    );
}
