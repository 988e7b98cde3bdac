import { expect } from "chai";
import { EXPIRING_OUTCOMES, PROCESSED_TAG, QUARANTINE_PREFIX } from "../../../lib/contract";
import { Statement } from "../../../lib/iam";
import { ACCOUNT_ID } from "../../../harness/program";
import { processorEventPattern } from "../../../components/storage";
import { childOf, describeStacks, json, T } from "../helpers";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const TARGET = "aws:cloudwatch/eventTarget:EventTarget";

describeStacks("Zone", (l, stack) => {
    /** Each zone component with its main resources. */
    function zones() {
        return l.cfg.zones.map((zc) => {
            const zone = l.res.named(T.zone, `lake-${zc.name}`);
            const c = (type: string) => childOf(l.res, zone, type);
            const queues = l.res.childrenOf(zone).filter((r) => r.type === T.queue);
            const queuePolicies = l.res.childrenOf(zone).filter((r) => r.type === T.queuePolicy);
            return {
                zc,
                zone,
                c,
                eventsPolicy: queuePolicies.find((p) => p.name.endsWith("-events-queue-policy"))!,
                dlqPolicy: queuePolicies.find((p) => p.name.endsWith("-dlq-policy"))!,
                bucket: c(T.bucket),
                key: c(T.key),
                queue: queues.find((q) => q.name.endsWith("-queue")),
                dlq: queues.find((q) => q.name.endsWith("-dlq")),
                policies: l.res.childrenOf(zone).filter((r) => r.type === T.queuePolicy),
            };
        });
    }

    /** The zones with an event queue (every zone a processor reads). */
    function queued() {
        return zones()
            .filter((z) => z.queue)
            .map((z) => ({ ...z, queue: z.queue!, dlq: z.dlq!, rule: z.c(RULE), target: z.c(TARGET) }));
    }

    it("creates one zone per configured zone, in order", () => {
        expect(l.res.byType(T.zone).map((z) => z.name)).to.deep.equal(l.cfg.zones.map((z) => `lake-${z.name}`));
    });

    it("encrypts each bucket by default with its own zone key and a bucket key", () => {
        const keyArns = new Set<string>();
        for (const z of zones()) {
            const [rule] = z.c(T.sse).props.rules;
            expect(z.c(T.sse).props.bucket).to.equal(z.bucket.outputs.bucket);
            expect(rule.applyServerSideEncryptionByDefault).to.deep.equal({ sseAlgorithm: "aws:kms", kmsMasterKeyId: z.key.outputs.arn });
            expect(rule.bucketKeyEnabled).to.equal(true);
            keyArns.add(z.key.outputs.arn);
        }
        expect(keyArns.size).to.equal(l.cfg.zones.length);
    });

    it("keys rotate, have an alias, and a policy letting EventBridge deliver into the encrypted queues", () => {
        for (const z of zones()) {
            expect(z.key.props.enableKeyRotation).to.equal(true);
            expect(z.key.props.deletionWindowInDays).to.equal(stack === "prod" ? 30 : 7);
            expect(z.c(T.alias).props).to.include({ targetKeyId: z.key.outputs.keyId, name: `alias/datalake-${stack}-${z.zc.name}` });
            const statements: Statement[] = json(z.key.props.policy).Statement;
            expect(statements.map((s) => s.Sid)).to.deep.equal(["AccountAdministration", "AllowEventBridgeDelivery"]);
            expect(statements[1].Principal).to.deep.equal({ Service: "events.amazonaws.com" });
            expect(statements[0].Principal).to.deep.equal({ AWS: `arn:aws:iam::${ACCOUNT_ID}:root` });
        }
    });

    it("versioning on, public access blocked, ownership enforced", () => {
        for (const z of zones()) {
            expect(z.c(T.versioning).props.versioningConfiguration).to.deep.equal({ status: "Enabled" });
            expect(z.c(T.publicAccess).props).to.include({
                bucket: z.bucket.outputs.bucket,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            expect(z.c(T.ownership).props.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        }
    });

    it("bucket policy: TLS only, and uploads naming another encryption or key are denied", () => {
        for (const z of zones()) {
            const policy = z.c(T.bucketPolicy);
            expect(policy.props.bucket).to.equal(z.bucket.outputs.bucket);
            const statements: Statement[] = json(policy.props.policy).Statement;
            const tls = statements.find((s) => s.Sid === "DenyInsecureTransport")!;
            expect(tls.Resource).to.deep.equal([z.bucket.outputs.arn, `${z.bucket.outputs.arn}/*`]);
            const wrongKey = statements.find((s) => s.Sid === "DenyOtherKmsKeys")!;
            expect(wrongKey.Effect).to.equal("Deny");
            expect(wrongKey.Condition!.StringNotEquals["s3:x-amz-server-side-encryption-aws-kms-key-id"]).to.equal(z.key.outputs.arn);
            expect(statements.find((s) => s.Sid === "DenyNonKmsEncryption")!.Effect).to.equal("Deny");
        }
    });

    it("lifecycle follows the zone's config", () => {
        for (const z of zones()) {
            const rules: any[] = z.c(T.lifecycle).props.rules;
            const current = rules.find((r) => r.id === "current-versions");
            const lc = z.zc.lifecycle;
            // Expiry only for objects a processor finished: every expiring rule filters on its tag or on quarantine/.
            const expiring = rules.filter((r) => r.expiration);
            expect(expiring.map((r) => [r.id, r.filter, r.expiration.days])).to.deep.equal([
                ...(lc.expireDays ? EXPIRING_OUTCOMES.map((o) => [`expire-${o}`, { tag: { key: PROCESSED_TAG.key, value: o } }, lc.expireDays]) : []),
                ["quarantine-retention", { prefix: QUARANTINE_PREFIX }, lc.quarantineRetentionDays],
            ]);
            const tiers = (current?.transitions ?? []).map((t: any) => [t.storageClass, t.days]);
            const expected = [
                ...(lc.infrequentAccessDays ? [["STANDARD_IA", lc.infrequentAccessDays]] : []),
                ...(lc.glacierDays ? [[lc.archiveStorageClass, lc.glacierDays]] : []),
            ];
            expect(tiers).to.deep.equal(expected);
            expect(rules.find((r) => r.id === "noncurrent-versions").noncurrentVersionExpiration.noncurrentDays).to.equal(lc.noncurrentExpireDays);
            expect(rules.find((r) => r.id === "incomplete-multipart-uploads").abortIncompleteMultipartUpload.daysAfterInitiation).to.equal(
                lc.abortMultipartDays,
            );
        }
        // The stack files' own values reach the buckets.
        const [drop, raw] = zones();
        expect(drop.c(T.lifecycle).props.rules[0]).to.deep.equal({
            id: "expire-promoted",
            status: "Enabled",
            filter: { tag: { key: "datalake:processed", value: "promoted" } },
            expiration: { days: stack === "prod" ? 14 : 30 },
        });
        expect(drop.zc.lifecycle.quarantineRetentionDays).to.equal(365);
        // The raw -> curated Glue job reads all of raw: its archive tier stays instantly readable.
        expect(raw.c(T.lifecycle).props.rules[0].transitions[1]).to.deep.equal({ days: stack === "prod" ? 180 : 90, storageClass: "GLACIER_IR" });
    });

    it("server access logs go to the shared logs bucket under a per-zone prefix", () => {
        const logsBucket = l.res.one(T.bucket, "access-logs").outputs.bucket;
        for (const z of zones()) {
            expect(z.c(T.logging).props).to.deep.include({ bucket: z.bucket.outputs.bucket, targetBucket: logsBucket, targetPrefix: `s3/${z.zc.name}/` });
        }
    });

    it("queue and DLQ are encrypted with the zone key; redrive uses maxReceiveCount from config", () => {
        expect(queued()).to.not.be.empty;
        for (const z of queued()) {
            for (const q of [z.queue, z.dlq]) {
                expect(q.props.kmsMasterKeyId).to.equal(z.key.outputs.arn);
                expect(q.props.kmsDataKeyReusePeriodSeconds).to.be.a("number");
            }
            // Both keep a message as long as SQS allows (14 days): older, it is the reconciliation's to find.
            for (const q of [z.queue, z.dlq]) expect(q.props.messageRetentionSeconds).to.equal(14 * 24 * 3600);
            expect(json(z.queue.props.redrivePolicy)).to.deep.equal({
                deadLetterTargetArn: z.dlq.outputs.arn,
                maxReceiveCount: stack === "prod" ? 5 : 3,
            });
            const allow = z.c(T.redriveAllow);
            expect(allow.props.queueUrl).to.equal(z.dlq.outputs.url);
            expect(json(allow.props.redriveAllowPolicy)).to.deep.equal({ redrivePermission: "byQueue", sourceQueueArns: [z.queue.outputs.arn] });
        }
    });

    it("visibility timeout is at least 6x the consuming function's timeout", () => {
        for (const z of queued()) {
            expect(z.queue.props.visibilityTimeoutSeconds).to.be.at.least(6 * l.cfg.processor.timeoutSeconds);
        }
        for (const esm of l.res.byType(T.esm)) {
            const queue = l.res.byType(T.queue).find((q) => q.outputs.arn === esm.props.eventSourceArn)!;
            // The mapping invokes the function's `live` alias.
            const alias = l.res.byType(T.liveAlias).find((a) => a.outputs.arn === esm.props.functionName)!;
            const fn = l.res.byType(T.fn).find((f) => f.outputs.name === alias.props.functionName)!;
            expect(queue.props.visibilityTimeoutSeconds).to.be.at.least(6 * fn.props.timeout);
        }
    });

    it("an EventBridge rule sends the bucket's object-created events outside quarantine/ to the queue, failures to the DLQ", () => {
        for (const z of queued()) {
            expect(json(z.rule.props.eventPattern)).to.deep.equal(processorEventPattern(z.bucket.outputs.bucket));
            expect(json(z.rule.props.eventPattern).detail.object.key).to.deep.equal([{ "anything-but": { prefix: "quarantine/" } }]);
            expect(z.target.props).to.deep.include({ rule: z.rule.outputs.name, arn: z.queue.outputs.arn, deadLetterConfig: { arn: z.dlq.outputs.arn } });
            expect(z.target.dependencies).to.include.members(z.policies.map((p) => p.urn));
        }
    });

    it("queue and DLQ policies admit only the zone's rule (aws:SourceArn), over TLS", () => {
        for (const z of queued()) {
            for (const q of [z.queue, z.dlq]) {
                const policy = z.policies.find((p) => p.props.queueUrl === q.outputs.url)!;
                const [allow, tls] = json(policy.props.policy).Statement as Statement[];
                expect(allow.Principal).to.deep.equal({ Service: "events.amazonaws.com" });
                expect(allow.Resource).to.equal(q.outputs.arn);
                expect(allow.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": z.rule.outputs.arn } });
                expect(tls.Effect).to.equal("Deny");
            }
        }
    });

    it("exactly one notification per bucket: EventBridge delivery on, no queue rule of its own", () => {
        const notifications = l.res.byType(T.notification);
        const buckets = notifications.map((n) => n.props.bucket);
        expect(new Set(buckets).size).to.equal(buckets.length);
        for (const z of zones()) {
            const n = z.c(T.notification);
            expect(notifications.filter((x) => x.props.bucket === z.bucket.outputs.bucket)).to.have.length(1);
            expect(n.props.eventbridge).to.equal(true);
            expect(n.props.queues ?? []).to.deep.equal([]);
        }
    });

    it(stack === "prod" ? "prod: buckets and keys are protected and retained" : "dev: buckets are force-destroyable, nothing retained", () => {
        const prod = stack === "prod";
        for (const z of zones()) {
            for (const r of [z.bucket, z.key]) {
                expect(r.protect, r.name).to.equal(prod);
                expect(r.retainOnDelete, r.name).to.equal(prod);
            }
            expect(z.bucket.props.forceDestroy).to.equal(!prod);
        }
    });
});
