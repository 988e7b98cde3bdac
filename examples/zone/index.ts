/**
 * A storage zone on its own: a KMS-encrypted, versioned, access-logged bucket whose consumed
 * objects expire after 30 days, with the event queue (and DLQ) a consumer of its own reads. Every
 * field left out takes the zone's default (components/storage/args.ts).
 */
import { AccessLogsBucket, Zone } from "../../components/storage";
import { lookupAccountScope } from "../../lib/account-scope";

async function program() {
    // What every component needs from the program around it: here only the account scope.
    const context = { scope: lookupAccountScope() };
    // The lake's buckets log their S3 server access here (the policy pack requires it).
    const logs = new AccessLogsBucket("access-logs", { context });
    const raw = new Zone("raw", { name: "raw", lifecycle: { expireDays: 30 }, context, accessLogsBucket: logs.bucketName });
    return { bucketName: raw.bucketName, queueUrl: raw.queueUrl, dlqUrl: raw.dlqUrl };
}

// As the lake's index.ts: Pulumi runs an exported function and takes its result as the stack outputs.
export = program;
