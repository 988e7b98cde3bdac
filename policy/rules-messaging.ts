/**
 * The lake's rules for its queues and topics beyond encryption at rest of queues (rules/sqs.ts): every
 * SQS queue (dead-letter queues too) and every SNS topic refuses requests without TLS, and topics
 * are encrypted with a customer managed key. Pure: no PolicyPack is built here.
 */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { Flag, resourceRule, stackRule } from "./define";
import { isTlsOnlyDeny, readStatements } from "./documents";
import { Types, isSet, known, pointingAt } from "./resources";

/**
 * True when one of `documents` has the TLS-only deny; "unknown" while a document is unknown
 * (preview: the check then runs at `up`) or unreadable (reported as such instead).
 */
function hasTlsDeny(documents: unknown[], service: string, actions: string[], flag: Flag): boolean | "unknown" {
    if (documents.some((d) => d === undefined)) return "unknown";
    let unreadable = false;
    const onError = (m: string) => {
        unreadable = true;
        flag("unreadable-policy", m);
    };
    const found = documents.some((d) => readStatements(d, onError).some((s) => isTlsOnlyDeny(s, service, actions)));
    return found || (unreadable ? "unknown" : false);
}

/** The policies of `r` (inline) and of the side resources pointing at it; undefined entries are unknown. */
function policiesOf(r: PolicyResource, prop: string, types: readonly string[], all: PolicyResource[]): unknown[] {
    const inline = isSet(r.props, "policy") ? [known(r.props, "policy")] : [];
    return [...inline, ...pointingAt(r, prop, types, all).map((p) => (isSet(p.props, "policy") ? known(p.props, "policy") : null))];
}

export function sqsTlsOnly(): StackValidationPolicy {
    return stackRule(
        {
            name: "sqs-tls-only",
            description: "Every SQS queue, dead-letter queues included, has a policy denying sqs:* to everyone when aws:SecureTransport is false.",
            conditions: { "no-tls-deny": "a queue policy holds the TLS-only deny", "unreadable-policy": "the policy document is JSON" },
        },
        Types.queue,
        (queue, all, flag) => {
            const found = hasTlsDeny(policiesOf(queue, "queueUrl", Types.queuePolicy, all), "sqs", [], flag);
            if (found === false) {
                flag(
                    "no-tls-deny",
                    `queue '${queue.name}' accepts plain HTTP: add a QueuePolicy with {Effect: "Deny", Principal: "*", Action: "sqs:*", ` +
                        `Resource: <queue ARN>, Condition: {Bool: {"aws:SecureTransport": "false"}}}`,
                );
            }
        },
    );
}

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

/** Every queue and topic rule, in the order they are reported. */
export const messagingPolicies: (ResourceValidationPolicy | StackValidationPolicy)[] = [sqsTlsOnly(), snsCmkEncryption(), snsTlsOnly()];
