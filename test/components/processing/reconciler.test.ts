/** The zone reconciliations under mocks: one per queued zone, its schedule, environment and exact role document. */
import { expect } from "chai";
import * as path from "node:path";
import { ReconcileEnv, ReconcileMetric } from "../../../lib/contract";
import { childOf, describeStacks, json, T } from "../helpers";

const RECONCILER = "datalake:processing:Reconciler";

describeStacks("Reconciler", (l, stack) => {
    /** Each reconciliation with its zone's bucket, key and queue. */
    function reconcilers() {
        return l.res.byType(RECONCILER).map((r) => {
            const zoneName = r.name.replace(/^lake-/, "").replace(/-reconcile$/, "");
            const z = l.res.named(T.zone, `lake-${zoneName}`);
            const queue = l.res.childrenOf(z).find((q) => q.type === T.queue && q.name.endsWith("-queue"))!;
            const c = (type: string) => childOf(l.res, r, type);
            return { r, zoneName, bucket: childOf(l.res, z, T.bucket), key: childOf(l.res, z, T.key), queue, c, fn: c(T.fn) };
        });
    }

    it("one per zone a processor drains: not raw, whose queue only starts the curate job (it lists raw itself)", () => {
        expect(reconcilers().map((r) => r.zoneName)).to.deep.equal(
            l.cfg.zones
                .slice(0, -1)
                .filter((z) => z.name !== l.cfg.zoneRoles.raw)
                .map((z) => z.name),
        );
        expect(reconcilers().map((r) => r.zoneName)).to.deep.equal(["drop"]);
    });

    it("runs functions/reconcile on the configured schedule, invoked only by its own rule", async () => {
        for (const r of reconcilers()) {
            const assets = await (r.fn.props.code as any).assets;
            expect(await assets["index.js"].path).to.equal(path.resolve(__dirname, "../../../.build/functions/reconcile/index.js"));
            const rule = r.c("aws:cloudwatch/eventRule:EventRule");
            expect(rule.props.scheduleExpression).to.equal(l.cfg.processor.reconcileSchedule);
            expect(r.c("aws:cloudwatch/eventTarget:EventTarget").props).to.deep.include({ rule: rule.outputs.name, arn: r.c(T.liveAlias).outputs.arn });
            expect(r.c("aws:lambda/permission:Permission").props).to.deep.include({
                action: "lambda:InvokeFunction",
                function: r.fn.outputs.name,
                qualifier: "live",
                principal: "events.amazonaws.com",
                sourceArn: rule.outputs.arn,
            });
            expect(r.fn.props).to.deep.include({
                name: `datalake-${stack}-${r.zoneName}-reconcile`,
                runtime: "nodejs22.x",
                handler: "index.handler",
                timeout: 900,
            });
        }
    });

    it("environment by the contract's names: its bucket, its queue, the threshold in seconds", () => {
        for (const r of reconcilers()) {
            expect(r.fn.props.environment.variables).to.deep.equal({
                [ReconcileEnv.bucket]: r.bucket.outputs.bucket,
                [ReconcileEnv.queueUrl]: r.queue.outputs.url,
                [ReconcileEnv.staleAfterSeconds]: String(l.cfg.processor.reconcileAfterHours * 3600),
                [ReconcileEnv.serviceName]: `${r.zoneName}-reconcile`,
                [ReconcileEnv.metricsNamespace]: "DataLake",
                [ReconcileEnv.logLevel]: "INFO",
            });
        }
    });

    it("its role policy is exactly: list the bucket, read tags, send to its queue with the zone key through SQS, its own logs", () => {
        for (const r of reconcilers()) {
            const bucketArn = r.bucket.outputs.arn;
            const lg = r.c(T.logGroup).outputs.arn;
            expect(json(r.c(T.rolePolicy).props.policy)).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ListZone", Effect: "Allow", Action: "s3:ListBucket", Resource: bucketArn },
                    { Sid: "ReadZoneTags", Effect: "Allow", Action: "s3:GetObjectTagging", Resource: `${bucketArn}/*` },
                    { Sid: "AnnounceOnZoneQueue", Effect: "Allow", Action: "sqs:SendMessage", Resource: r.queue.outputs.arn },
                    {
                        Sid: "EncryptForZoneQueue",
                        Effect: "Allow",
                        Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                        Resource: r.key.outputs.arn,
                        Condition: { StringEquals: { "kms:ViaService": "sqs.eu-west-1.amazonaws.com" } },
                    },
                    { Sid: "WriteOwnLogs", Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: [lg, `${lg}:*`] },
                ],
            });
            expect(r.fn.dependencies).to.include(r.c(T.rolePolicy).urn);
        }
    });

    it("alarms, filed with its zone, when it announced anything again", () => {
        for (const r of reconcilers()) {
            const alarms = l.res
                .byType(T.alarm)
                .filter((a) => a.props.metricName === ReconcileMetric.objectsReannounced && a.props.dimensions.service === `${r.zoneName}-reconcile`);
            expect(alarms.map((a) => a.name)).to.deep.equal([`lake-${r.zoneName}-alarms-reconciler-reannounced`]);
            expect(alarms[0].props).to.deep.include({ namespace: "DataLake", statistic: "Sum", comparisonOperator: "GreaterThanThreshold", threshold: 0 });
        }
    });
});
