import { expect } from "chai";
import * as path from "node:path";
import { METRICS_NAMESPACE, ProcessorEnv } from "../../../lib/contract";
import { objectLimits } from "../../../lib/handover";
import { Statement } from "../../../lib/iam";
import { childOf, describeStacks, json, T } from "../helpers";

const ENV_NAMES: string[] = Object.values(ProcessorEnv);

describeStacks("ZoneProcessor", (l, stack) => {
    /** Every hop zone i -> zone i+1 that has a processor (raw -> curated has the curation starter), with its resources and both zones'. */
    function hops() {
        return l.cfg.zones.slice(0, -1).flatMap((src, i) => {
            const dst = l.cfg.zones[i + 1];
            if (dst.name === l.cfg.zoneRoles.curated) return [];
            const zone = (name: string) => {
                const z = l.res.named(T.zone, `lake-${name}`);
                const queue = l.res.childrenOf(z).find((r) => r.type === T.queue && r.name.endsWith("-queue"))!;
                return { bucket: childOf(l.res, z, T.bucket), key: childOf(l.res, z, T.key), queue };
            };
            const p = l.res.named(T.processor, `lake-${src.name}-to-${dst.name}`);
            const c = (type: string) => childOf(l.res, p, type);
            return [{ i, src: { ...zone(src.name), name: src.name }, dst: { ...zone(dst.name), name: dst.name }, p, c, fn: c(T.fn) }];
        });
    }

    it("one processor per hop but raw -> curated (the curation starter); the last zone has none, and no event queue, rule or DLQ alarm either", () => {
        expect(l.res.byType(T.processor).map((p) => p.name)).to.deep.equal(["lake-drop-to-raw"]);
        expect(l.res.byType("datalake:processing:CurationStarter").map((p) => p.name)).to.deep.equal(["lake-start-curation"]);
        const curated = l.res.named(T.zone, "lake-curated");
        const types = l.res.childrenOf(curated).map((r) => r.type);
        expect(types).to.not.include.members([T.queue, T.queuePolicy, "aws:cloudwatch/eventRule:EventRule"]);
        expect(l.res.byType(T.alarm).filter((a) => a.name.startsWith("lake-curated-"))).to.deep.equal([]);
        // Every event queue has a consumer.
        const consumed = new Set(l.res.byType(T.esm).map((e) => e.props.eventSourceArn));
        const zoneQueues = l.res.byType(T.queue).filter((q) => /^lake-(drop|raw|curated)-queue$/.test(q.name));
        expect(zoneQueues.map((q) => q.name)).to.deep.equal(["lake-drop-queue", "lake-raw-queue"]);
        for (const q of zoneQueues) expect(consumed.has(q.outputs.arn), q.name).to.equal(true);
    });

    it("runs drop-to-raw for the first hop, bundled by esbuild", async () => {
        const [first] = hops();
        for (const [h, code] of [[first, "drop-to-raw"]] as const) {
            const assets = await (h.fn.props.code as any).assets;
            expect(Object.keys(assets)).to.deep.equal(["index.js"]);
            expect(await assets["index.js"].path).to.equal(path.resolve(__dirname, "../../../.build/functions", code, "index.js"));
            expect(h.fn.props.handler).to.equal("index.handler");
        }
    });

    it("Node.js 22 on x86_64 with the DuckDB layer and the configured memory, timeout and /tmp", () => {
        const layerArn = l.res.one(T.layer, "duckdb").outputs.arn;
        for (const h of hops()) {
            expect(h.fn.props).to.deep.include({
                runtime: "nodejs22.x",
                architectures: ["x86_64"],
                layers: [layerArn],
                memorySize: l.cfg.processor.memoryMb,
                timeout: l.cfg.processor.timeoutSeconds,
                ephemeralStorage: { size: l.cfg.processor.ephemeralStorageMb },
            });
        }
        expect(hops()[0].fn.props.memorySize).to.equal(stack === "prod" ? 3008 : 2048);
    });

    it("environment names come from the contract and point at the next zone", () => {
        for (const h of hops()) {
            const env: Record<string, string> = h.fn.props.environment.variables;
            for (const name of Object.keys(env)) expect(ENV_NAMES, name).to.include(name);
            expect(env).to.include({
                [ProcessorEnv.targetBucket]: h.dst.bucket.outputs.bucket,
                [ProcessorEnv.targetKeyArn]: h.dst.key.outputs.arn,
                [ProcessorEnv.sourceKeyArn]: h.src.key.outputs.arn,
                [ProcessorEnv.sourceZone]: h.src.name,
                [ProcessorEnv.targetZone]: h.dst.name,
                [ProcessorEnv.maxObjectBytes]: String(l.cfg.processor.maxObjectBytes),
                [ProcessorEnv.maxDecompressedBytes]: String(l.cfg.processor.maxDecompressedBytes),
                [ProcessorEnv.metricsNamespace]: METRICS_NAMESPACE,
                [ProcessorEnv.serviceName]: `${h.src.name}-to-${h.dst.name}`,
            });
        }
    });

    it("the curation rules go to the curate job, not to a function", () => {
        const job = l.res.byType("aws:glue/job:Job").find((j) => j.props.name === `datalake_${stack}_curate_tables`)!;
        const rules = json(job.props.defaultArguments["--curation_rules"]);
        expect(rules).to.deep.equal(l.cfg.curation);
        expect(rules.orders.keyColumns).to.deep.equal(["order_id"]);
        // The contracts' columns (DATASET_CONTRACTS) name order_id too; no rule of the curation does.
        for (const fn of l.res.byType(T.fn)) expect(JSON.stringify(fn.props.environment ?? {}), fn.name).not.to.match(/keyColumns|dropColumns|casts/);
    });

    it("the drop -> raw hop gets the Glue-owned datasets (etl.tables), to leave to their jobs", () => {
        const [first] = hops();
        const batch = json(first.fn.props.environment.variables[ProcessorEnv.batchDatasets]);
        expect(batch).to.deep.equal(stack === "prod" ? ["orders", "order_items", "closed_deals"] : []);
        expect(batch).to.deep.equal(l.cfg.etl.tables);
    });

    it("logs as JSON to its own log group, with the configured retention", () => {
        for (const h of hops()) {
            const lg = h.c(T.logGroup);
            expect(lg.props.name).to.equal(`/aws/lambda/${h.fn.props.name}`);
            expect(lg.props.retentionInDays).to.equal(stack === "prod" ? 365 : 14);
            expect(h.fn.props.loggingConfig).to.deep.equal({ logFormat: "JSON", logGroup: lg.outputs.name });
        }
    });

    it("the event source mapping reads this zone's queue with partial batch responses", () => {
        for (const h of hops()) {
            const esm = h.c(T.esm);
            expect(esm.props).to.deep.include({
                eventSourceArn: h.src.queue.outputs.arn,
                functionName: h.c(T.liveAlias).outputs.arn,
                functionResponseTypes: ["ReportBatchItemFailures"],
                batchSize: l.cfg.processor.batchSize,
                maximumBatchingWindowInSeconds: l.cfg.processor.maxBatchingWindowSeconds,
                scalingConfig: { maximumConcurrency: 10 },
            });
        }
    });

    it("the role is Lambda's, with no managed policies at all", () => {
        for (const h of hops()) {
            const role = h.c(T.role);
            expect(json(role.props.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "lambda.amazonaws.com" });
            expect(role.props.managedPolicyArns ?? []).to.deep.equal([]);
            expect(h.fn.props.role).to.equal(role.outputs.arn);
        }
        expect(l.res.all.filter((r) => r.type.startsWith("aws:iam/rolePolicyAttachment") || r.type.startsWith("aws:iam/policyAttachment"))).to.deep.equal([]);
    });

    it("the role policy names only its two buckets, two keys, its queue and its log group", () => {
        for (const h of hops()) {
            const rp = h.c(T.rolePolicy);
            expect(rp.props.role).to.equal(h.c(T.role).outputs.name);
            const src = h.src.bucket.outputs.arn;
            const dst = h.dst.bucket.outputs.arn;
            const lg = h.c(T.logGroup).outputs.arn;
            const bigObjectJob = l.res.all.find((r) => r.type === "aws:glue/job:Job" && r.name === "lake-etl-convert-object")!;
            const allowed = new Set([
                ...(h.i === 0 ? [bigObjectJob.outputs.arn] : []),
                src,
                `${src}/*`,
                `${src}/quarantine/*`,
                `${dst}/*`,
                h.src.key.outputs.arn,
                h.dst.key.outputs.arn,
                h.src.queue.outputs.arn,
                lg,
                `${lg}:*`,
            ]);
            const statements: Statement[] = json(rp.props.policy).Statement;
            for (const s of statements) {
                expect(s.Effect).to.equal("Allow");
                for (const r of [s.Resource ?? []].flat()) expect(allowed.has(r), `${s.Sid}: ${r}`).to.equal(true);
            }
            const writes = statements.filter((s) => [s.Action].flat().includes("s3:PutObject")).flatMap((s) => [s.Resource].flat());
            expect(writes).to.have.members([`${src}/quarantine/*`, `${dst}/*`]);
        }
    });

    it("the drop -> raw hop hands big objects over: the job's name, its limits from lib/handover, StartJobRun on that job alone", () => {
        const [first] = hops();
        const job = l.res.all.find((r) => r.type === "aws:glue/job:Job" && r.name === "lake-etl-convert-object")!;
        const env = first.fn.props.environment.variables;
        expect(env[ProcessorEnv.bigObjectJob]).to.equal(job.props.name);
        expect(json(env[ProcessorEnv.objectLimits])).to.deep.equal(objectLimits(l.cfg.processor));
        const starts = (json(first.c(T.rolePolicy).props.policy).Statement as Statement[]).filter((s) => [s.Action].flat().includes("glue:StartJobRun"));
        expect(starts.map((s) => s.Resource)).to.deep.equal([job.outputs.arn]);
    });

    it("the function and the mapping wait for the role policy", () => {
        for (const h of hops()) {
            const policyUrn = h.c(T.rolePolicy).urn;
            expect(h.fn.dependencies).to.include(policyUrn);
            expect(h.c(T.esm).dependencies).to.include(policyUrn);
        }
    });

    it("function names are fixed per stack, within Lambda's 64 characters", () => {
        const names = hops().map((h) => h.fn.props.name as string);
        expect(names).to.deep.equal([`datalake-${stack}-drop-to-raw`]);
    });
});
