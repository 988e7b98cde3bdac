/** SNS topic rules: a customer managed key, and a policy refusing publishes without TLS. */
import { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceRule, stackRule } from "../define";
import { Types, isSet, known } from "../resources";
import { hasTlsDeny, policiesOf } from "./tls-deny";

const AWS_MANAGED_SNS_KEY = /(^|:)alias\/aws\/sns$/;

export function snsCmkEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "sns-cmk-encryption",
            description: "SNS topics are encrypted with a customer managed KMS key (kmsMasterKeyId, not alias/aws/sns).",
            conditions: { "no-key": "kmsMasterKeyId is set", "aws-managed-key": "the key is not alias/aws/sns" },
        },
        Types.topic,
        (topic, _args, flag) => {
            if (!isSet(topic, "kmsMasterKeyId")) flag("no-key", "topic is not encrypted: set kmsMasterKeyId to a customer managed key");
            else if (AWS_MANAGED_SNS_KEY.test(String(known(topic, "kmsMasterKeyId") ?? ""))) {
                flag("aws-managed-key", "topic uses alias/aws/sns, which CloudWatch and other services cannot use to publish: use a customer managed key");
            }
        },
    );
}

export function snsTlsOnly(): StackValidationPolicy {
    return stackRule(
        {
            name: "sns-tls-only",
            description: "Every SNS topic has a policy denying sns:Publish (or sns:*) to everyone when aws:SecureTransport is false.",
            conditions: { "no-tls-deny": "a topic policy holds the TLS-only deny", "unreadable-policy": "the policy document is JSON" },
        },
        Types.topic,
        (topic, all, flag) => {
            const found = hasTlsDeny(policiesOf(topic, "arn", Types.topicPolicy, all), "sns", ["sns:Publish"], flag);
            if (found === false) {
                flag(
                    "no-tls-deny",
                    `topic '${topic.name}' accepts publishes over plain HTTP: add a TopicPolicy with {Effect: "Deny", Principal: "*", ` +
                        `Action: "sns:Publish", Resource: <topic ARN>, Condition: {Bool: {"aws:SecureTransport": "false"}}}`,
                );
            }
        },
    );
}
