/** SQS queue rules: encryption, a dead-letter queue behind every queue Lambda consumes, TLS only. */
import { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { resourceRule, stackRule } from "../define";
import { jsonValue } from "../documents";
import { Types, isOneOf, isSet, known, pointingAt, referenced } from "../resources";
import { isAwsManagedKey } from "./kms";
import { hasTlsDeny, policiesOf } from "./tls-deny";

export function sqsEncryption(): ResourceValidationPolicy {
    return resourceRule(
        {
            name: "sqs-queue-cmk-encryption",
            description: "SQS queues (DLQs included) are encrypted with a customer managed KMS key (kmsMasterKeyId).",
            conditions: { "no-key": "kmsMasterKeyId is set", "aws-managed-key": "the key is not alias/aws/sqs" },
        },
        Types.queue,
        (queue, _args, flag) => {
            if (!isSet(queue, "kmsMasterKeyId")) flag("no-key", "queue is not encrypted with a KMS key: set kmsMasterKeyId (the zone key's ARN)");
            else if (isAwsManagedKey(known(queue, "kmsMasterKeyId")))
                flag("aws-managed-key", "queue uses an AWS managed key: set kmsMasterKeyId to a customer managed key");
        },
    );
}

/**
 * The redrive policy of a queue (inline, or from a separate RedrivePolicy resource); "computed"
 * when it is set from values unknown until the update (the DLQ's ARN, in preview).
 */
function redriveOf(queue: PolicyResource, all: PolicyResource[]): Record<string, unknown> | "computed" | undefined {
    const holders = [queue, ...pointingAt(queue, "queueUrl", Types.redrivePolicy, all)].map((r) => r.props);
    if (holders.some((p) => isSet(p, "redrivePolicy") && known(p, "redrivePolicy") === undefined)) return "computed";
    return holders.map((p) => jsonValue(p.redrivePolicy)).find((d) => d?.deadLetterTargetArn);
}

export function consumedQueueDlq(): StackValidationPolicy {
    return stackRule(
        {
            name: "sqs-consumed-queue-dlq",
            description: "Every SQS queue a Lambda consumes (event source mapping) redrives to a dead-letter queue.",
            conditions: { "no-dlq": "the queue has a redrive policy with a DLQ", "max-receive-count": "maxReceiveCount is at least 1" },
        },
        Types.eventSourceMapping,
        (mapping, all, flag) => {
            const source = known(mapping.props, "eventSourceArn");
            if (typeof source === "string" && source.startsWith("arn:") && source.split(":")[2] !== "sqs") return; // Kinesis, DynamoDB, Kafka
            const queues = referenced(
                mapping,
                "eventSourceArn",
                all.filter((r) => isOneOf(r.type, Types.queue)),
            );
            for (const queue of queues) {
                const redrive = redriveOf(queue, all);
                if (redrive === "computed") continue;
                if (!redrive) {
                    flag(
                        "no-dlq",
                        `queue '${queue.name}' is consumed by Lambda (mapping '${mapping.name}') without a dead-letter queue: ` +
                            `set redrivePolicy {deadLetterTargetArn: <DLQ ARN>, maxReceiveCount: n}`,
                    );
                } else if (!(Number(redrive.maxReceiveCount) >= 1)) {
                    flag("max-receive-count", `queue '${queue.name}' redrives with maxReceiveCount ${String(redrive.maxReceiveCount)}: set it to at least 1`);
                }
            }
        },
    );
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
