/**
 * The governance area's defaults (components/governance/args.ts): applied inside Governance, equal
 * to what the stack config resolves (it takes them from here; prod passes its longer trail
 * retention), left to any field a caller sets; and a Governance built alone, without the lake.
 */
import { expect } from "chai";
import { GOVERNANCE_DEFAULTS, Governance, LAKE_FORMATION_DEFAULTS, type GovernanceArgs, governanceWithDefaults } from "../../../components/governance";
import { parseConfig } from "../../../lib/config";
import { Resources, recordResources } from "../../../harness/program";

const scope = { accountId: "123456789012", partition: "aws", region: "eu-west-1" };

describe("governance defaults", () => {
    it("completes empty settings: a trail kept 90 days, no persona roles, sandbox objects kept 30 days, Lake Formation off", () => {
        expect(governanceWithDefaults({})).to.deep.equal({
            trail: { enabled: true, retentionDays: 90 },
            personas: {},
            sandboxExpireDays: 30,
            lakeFormation: LAKE_FORMATION_DEFAULTS,
        });
        expect(governanceWithDefaults({})).to.deep.include(GOVERNANCE_DEFAULTS);
    });

    it("equals what the stack config resolves in dev, and in prod with the trail retention prod passes", () => {
        expect(governanceWithDefaults({})).to.deep.equal(parseConfig({}).governance);
        const prod = parseConfig({ environment: "prod" }).governance;
        expect(prod.trail.retentionDays).to.equal(2557);
        expect(governanceWithDefaults({ trail: { retentionDays: 2557 } })).to.deep.equal(prod);
    });

    it("keeps every field the caller sets, and gives a persona without principals none", () => {
        const principals = ["arn:aws:iam::123456789012:role/sso-steward"];
        expect(
            governanceWithDefaults({ trail: { enabled: false }, personas: { dataSteward: { principals }, biAnalyst: {} }, sandboxExpireDays: 7 }),
        ).to.deep.equal({
            trail: { enabled: false, retentionDays: 90 },
            personas: { dataSteward: { principals }, biAnalyst: { principals: [] } },
            sandboxExpireDays: 7,
            lakeFormation: LAKE_FORMATION_DEFAULTS,
        });
        const config = parseConfig({ governance: { personas: { biAnalyst: {} }, trail: { retentionDays: 400 } } }).governance;
        expect(config).to.deep.equal(governanceWithDefaults({ personas: { biAnalyst: {} }, trail: { retentionDays: 400 } }));
    });
});

describe("Governance built alone", function () {
    this.timeout(120_000);
    const args = (over: Partial<GovernanceArgs> = {}): GovernanceArgs => ({
        context: { scope, logsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/logs" },
        zones: [{ name: "raw", bucketArn: "arn:aws:s3:::raw", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/raw", database: "lake_raw" }],
        curatedZone: "raw",
        workgroupName: "lake",
        resultsBucketArn: "arn:aws:s3:::results",
        analyticsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/analytics",
        gluePrefix: "lake_",
        accessLogsBucket: "logs",
        ...over,
    });

    it("applies its defaults and the context's: trail 90 days, sandbox 30, log retention 14, destroyable", async () => {
        const res = new Resources(await recordResources("dev", () => new Governance("g", args())));
        const lifecycle = (name: string) => res.named("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", name).props.rules[0];
        expect(lifecycle("g-trail-lifecycle").expiration.days).to.equal(90);
        expect(lifecycle("g-sandbox-lifecycle").expiration.days).to.equal(30);
        const group = res.named("aws:cloudwatch/logGroup:LogGroup", "g-trail-logs");
        expect(group.props).to.include({ retentionInDays: 14, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/logs" });
        expect(res.named("aws:kms/key:Key", "g-trail-key").protect).to.equal(false);
        expect(res.byType("aws:iam/role:Role").filter((r) => r.name.includes("data-") || r.name.includes("bi-"))).to.deep.equal([]);
    });

    it("retains and protects the trail key and bucket when the context retains data", async () => {
        const res = new Resources(await recordResources("dev", () => new Governance("g", args({ context: { scope, retainData: true, logsKeyArn: "k" } }))));
        for (const r of [res.named("aws:kms/key:Key", "g-trail-key"), res.named("aws:s3/bucket:Bucket", "g-trail-bucket")]) {
            expect([r.protect, r.retainOnDelete], r.name).to.deep.equal([true, true]);
        }
    });

    it("scopes the personas to the last zone and the program's Glue prefix unless told otherwise", async () => {
        const zone = (name: string) => ({
            name,
            bucketArn: `arn:aws:s3:::${name}`,
            keyArn: `arn:aws:kms:eu-west-1:123456789012:key/${name}`,
            database: `lake_${name}`,
        });
        const principals = ["arn:aws:iam::123456789012:role/sso"];
        const build = () =>
            new Governance(
                "g",
                args({
                    zones: [zone("raw"), zone("curated")],
                    curatedZone: undefined,
                    gluePrefix: undefined,
                    personas: { biAnalyst: { principals }, dataEngineer: { principals } },
                }),
            );
        const res = new Resources(await recordResources("dev", build));
        const policy = (name: string) => JSON.stringify(res.named("aws:iam/rolePolicy:RolePolicy", name).props.policy);
        expect(policy("g-bi-analyst-policy")).to.contain("arn:aws:s3:::curated").and.not.contain("arn:aws:s3:::raw");
        expect(policy("g-data-engineer-policy")).to.contain(":job/datalake_dev_*");
    });

    it("needs the logs key only for the trail's log group", async () => {
        let error: Error | undefined;
        await recordResources("dev", () => new Governance("g", args({ context: { scope } }))).catch((e: Error) => (error = e));
        expect(error?.message).to.equal("Governance: context.logsKeyArn is required (the KMS key its log groups are encrypted with)");
        const res = new Resources(await recordResources("dev", () => new Governance("g", args({ context: { scope }, trail: { enabled: false } }))));
        expect(res.byType("aws:cloudtrail/trail:Trail")).to.deep.equal([]);
    });
});
