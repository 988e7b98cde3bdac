/** KMS key rules, and what sets a customer managed key apart from an AWS managed one (the S3, SQS and logs rules ask). */
import { ResourceValidationPolicy } from "@pulumi/policy";
import { resourceRule } from "../define";
import { Types } from "../resources";

/** AWS managed keys (`alias/aws/s3`, ...) are not customer managed: no key policy or rotation of ours. */
export function isAwsManagedKey(keyId: unknown): boolean {
    return typeof keyId === "string" && /(^|:)alias\/aws\//.test(keyId);
}

export function kmsKeyRotation(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "kms-key-rotation",
            description: "Symmetric customer managed KMS keys rotate automatically.",
            conditions: { "rotation-off": "enableKeyRotation is true" },
        },
        Types.kmsKey,
        (key, args, flag) => {
            const symmetric = (key.customerMasterKeySpec ?? "SYMMETRIC_DEFAULT") === "SYMMETRIC_DEFAULT";
            const encryption = (key.keyUsage ?? "ENCRYPT_DECRYPT") === "ENCRYPT_DECRYPT";
            if (!symmetric || !encryption || key.customKeyStoreId) {
                args.notApplicable("KMS rotates only symmetric encryption keys in the default key store");
            }
            if (key.enableKeyRotation !== true) flag("rotation-off", "KMS key rotation is off: set enableKeyRotation: true");
        },
    );
}
