/**
 * A storage zone on its own: a KMS-encrypted, versioned, access-logged bucket whose consumed
 * objects expire after 30 days, with the event queue (and DLQ) a consumer of its own reads, and
 * the zone's alarms. Every field left out takes the zone's default (components/storage/args.ts).
 */
import { AlarmTopic, ResourceRegistry, alarmGroups, deriveSignals } from "../../components/operations";
import { AccessLogsBucket, Zone } from "../../components/storage";
import { lookupAccountScope } from "../../components";

async function program() {
    // What every component needs from the program around it: here only the account scope.
    const context = { scope: lookupAccountScope() };
    // The zone's bucket logs its S3 server access here (the policy pack requires it).
    const logs = new AccessLogsBucket("access-logs", { context });
    // The registry records what the zone builds, for the alarms below.
    const registry = new ResourceRegistry();
    const raw = new Zone(
        "raw",
        { name: "raw", lifecycle: { expireDays: 30 }, context, accessLogsBucket: logs.bucketName },
        { transformations: [registry.observe] },
    );

    // Alarms, as the lake derives them, to a topic of their own, with the operations area's
    // default thresholds (components/operations/args.ts).
    const topic = new AlarmTopic("alarms", { scope: context.scope, retainData: false });
    alarmGroups(deriveSignals(registry).alarms, topic.topicArn, topic);

    return { bucketName: raw.bucketName, queueUrl: raw.queueUrl, dlqUrl: raw.dlqUrl, alarmTopicArn: topic.topicArn };
}

// As the lake's index.ts: Pulumi runs an exported function and takes its result as the stack outputs.
export = program;
