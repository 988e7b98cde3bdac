/**
 * Lake Formation under the mocks (components/governance/lake-formation*.ts): off by default; on, the
 * zones registered in hybrid mode with the registration role, the LF-tags and their assignments
 * from `datasets`, the grants by tag expression (which columns each persona reaches, evaluated the
 * way LF evaluates tag inheritance), the opt-ins, the admin guard, and the README's grant table.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { expect } from "chai";
import {
    type LfGrant,
    PERSONAS,
    SENSITIVITIES,
    type TaggedTable,
    grantedColumns,
    grantsMarkdown,
    lakeFormationWithDefaults,
    personaGrants,
} from "../../../components/governance";
import { Resources } from "../../../harness/program";
import { parseConfig } from "../../../lib/config";
import { STACKS, T, json, lake } from "../helpers";
import { decide } from "./simulate";

const LF = {
    resource: "aws:lakeformation/resource:Resource",
    tag: "aws:lakeformation/lfTag:LfTag",
    tags: "aws:lakeformation/resourceLfTags:ResourceLfTags",
    permissions: "aws:lakeformation/permissions:Permissions",
    settings: "aws:lakeformation/dataLakeSettings:DataLakeSettings",
    optIn: "aws:lakeformation/optIn:OptIn",
    table: "aws:glue/catalogTable:CatalogTable",
} as const;

const SSO = (p: string) => `arn:aws:iam::123456789012:role/sso-${p}`;
const personas = Object.fromEntries(PERSONAS.map((p) => [p, { principals: [SSO(p)] }]));
const DATASETS = { orders: { pii: ["customer_id", "customer_email"] }, events: { sensitivity: "public" } };
const on = (lakeFormation: Record<string, unknown> = {}) => ({
    governance: { personas, lakeFormation: { enabled: true, datasets: DATASETS, ...lakeFormation } },
});

const isLakeFormation = (type: string) => type.startsWith("aws:lakeformation/");
const roleOf = (res: Resources, persona: string) =>
    res.named(T.role, `lake-governance-${persona.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-role`).outputs.arn;

for (const stack of STACKS) {
    describe(`Lake Formation off by default (${stack})`, function () {
        it("declares no Lake Formation resource, and the personas read the zones through IAM", async function () {
            this.timeout(120_000);
            const { res, cfg } = await lake(stack, { governance: { personas } });
            expect(cfg.governance.lakeFormation.enabled).to.equal(false);
            expect(res.all.filter((r) => isLakeFormation(r.type)).map((r) => r.name)).to.deep.equal([]);
            const analyst = JSON.stringify(res.named(T.rolePolicy, "lake-governance-bi-analyst-policy").props.policy);
            expect(analyst).to.contain("s3:GetObject").and.not.contain("lakeformation:GetDataAccess");
        });
    });

    describe(`Lake Formation on (${stack})`, function () {
        let res: Resources;
        let zones: { name: string; bucketArn: string; keyArn: string; database: string }[];
        before(async function () {
            this.timeout(120_000);
            res = (await lake(stack, on())).res;
            zones = res.byType(T.zone).map((z) => {
                const bucket = res.childrenOf(z).find((r) => r.type === T.bucket)!;
                const key = res.childrenOf(z).find((r) => r.type === T.key)!;
                const name = z.name.replace(/^lake-zone-/, "").replace(/^lake-/, "");
                return { name, bucketArn: bucket.outputs.arn, keyArn: key.outputs.arn, database: `datalake_${stack}_${name}` };
            });
        });

        it("registers each zone bucket in hybrid access mode with its own registration role", () => {
            const role = res.named(T.role, "lake-governance-lake-formation-registration-role");
            expect(json(role.props.assumeRolePolicy).Statement[0].Principal).to.deep.equal({ Service: "lakeformation.amazonaws.com" });
            const registered = res.byType(LF.resource);
            expect(registered.map((r) => r.props.arn).sort()).to.deep.equal(zones.map((z) => z.bucketArn).sort());
            for (const r of registered) expect(r.props).to.include({ hybridAccessEnabled: true, roleArn: role.outputs.arn });
            const policy = json(res.named(T.rolePolicy, "lake-governance-lake-formation-registration-policy").props.policy);
            const resources = policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource).sort();
            expect(resources).to.deep.equal([...zones.flatMap((z) => [z.bucketArn, `${z.bucketArn}/*`, z.keyArn])].sort());
        });

        it("leaves the account's Lake Formation admins alone unless admins are configured", () => {
            expect(res.byType(LF.settings)).to.deep.equal([]);
        });

        it("creates the zone tag with the zone names and the sensitivity tag with public, internal, pii", () => {
            const tags = Object.fromEntries(res.byType(LF.tag).map((t) => [t.props.key, t.props.values]));
            expect(tags).to.deep.equal({ zone: zones.map((z) => z.name), sensitivity: [...SENSITIVITIES] });
        });

        it("tags each database with its zone; pii before curated (it arrives unmasked), internal from curated on", () => {
            const byDatabase = Object.fromEntries(
                res
                    .byType(LF.tags)
                    .filter((t) => t.props.database)
                    .map((t) => [t.props.database.name, t.props.lfTags]),
            );
            expect(byDatabase).to.deep.equal({
                [`datalake_${stack}_drop`]: [
                    { key: "zone", value: "drop" },
                    { key: "sensitivity", value: "pii" },
                ],
                [`datalake_${stack}_raw`]: [
                    { key: "zone", value: "raw" },
                    { key: "sensitivity", value: "pii" },
                ],
                [`datalake_${stack}_curated`]: [
                    { key: "zone", value: "curated" },
                    { key: "sensitivity", value: "internal" },
                ],
            });
        });

        it("tags the curated tables of `datasets`: a dataset's sensitivity on its table, its pii columns pii", () => {
            const curatedTable = (dataset: string) =>
                res.byType(LF.table).find((t) => t.props.databaseName === `datalake_${stack}_curated` && t.props.name === dataset)!;
            const orders = res.named(LF.tags, "lake-governance-lake-formation-curated-orders-pii-tags");
            expect(orders.props).to.deep.include({
                tableWithColumns: { databaseName: `datalake_${stack}_curated`, name: curatedTable("orders").outputs.name, columnNames: DATASETS.orders.pii },
                lfTags: [{ key: "sensitivity", value: "pii" }],
            });
            const events = res.named(LF.tags, "lake-governance-lake-formation-curated-events-tags");
            expect(events.props.lfTags).to.deep.equal([{ key: "sensitivity", value: "public" }]);
            expect(events.props.table.name).to.equal(curatedTable("events").outputs.name);
        });

        it("grants by tag expression: the analyst curated but not pii, the scientist curated with (masked) pii", () => {
            const grantsOf = (persona: string) => res.byType(LF.permissions).filter((p) => p.props.principal === roleOf(res, persona));
            const table = (persona: string) => grantsOf(persona).find((p) => p.props.lfTagPolicy?.resourceType === "TABLE")!.props;
            expect(table("biAnalyst")).to.deep.include({
                permissions: ["SELECT", "DESCRIBE"],
                lfTagPolicy: {
                    resourceType: "TABLE",
                    expressions: [
                        { key: "zone", values: ["curated"] },
                        { key: "sensitivity", values: ["public", "internal"] },
                    ],
                },
            });
            expect(table("dataScientist").lfTagPolicy.expressions).to.deep.equal([
                { key: "zone", values: ["curated"] },
                { key: "sensitivity", values: ["public", "internal", "pii"] },
            ]);
            for (const reader of ["biAnalyst", "dataScientist"]) expect(grantsOf(reader).filter((p) => p.props.dataLocation)).to.deep.equal([]);
        });

        it("grants the engineer and every writer data location access for what they write", () => {
            const locations = (principal: string) =>
                res
                    .byType(LF.permissions)
                    .filter((p) => p.props.principal === principal && p.props.dataLocation)
                    .map((p) => p.props.dataLocation.arn)
                    .sort();
            expect(locations(roleOf(res, "dataEngineer"))).to.deep.equal(zones.map((z) => z.bucketArn).sort());
            const curate = res.named("aws:glue/job:Job", "lake-etl-curate-tables");
            const curated = zones.find((z) => z.name === "curated")!;
            expect(locations(curate.props.roleArn)).to.deep.equal([curated.bucketArn]);
            for (const crawler of res.byType("aws:glue/crawler:Crawler")) {
                const zone = zones.find((z) => z.database === crawler.props.databaseName)!;
                expect(locations(crawler.props.role), crawler.name).to.deep.equal([zone.bucketArn]);
            }
        });

        it("opts in only the reading personas, on the curated database and its tables", () => {
            const optIns = res.byType(LF.optIn).map((o) => [o.props.principals[0].dataLakePrincipalIdentifier, o.props.resourceDatas[0]]);
            const curated = `datalake_${stack}_curated`;
            expect(optIns).to.have.deep.members(
                ["biAnalyst", "dataScientist"].flatMap((p) => [
                    [roleOf(res, p), { database: { name: curated } }],
                    [roleOf(res, p), { table: { databaseName: curated, wildcard: true } }],
                ]),
            );
        });

        it("has the opted-in personas read curated through Lake Formation, not the bucket (IAM simulator)", async () => {
            const curated = zones.find((z) => z.name === "curated")!;
            const raw = zones.find((z) => z.name === "raw")!;
            const policyOf = (persona: string) =>
                json(res.named(T.rolePolicy, `lake-governance-${persona.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-policy`).props.policy);
            const curatedObject = `${curated.bucketArn}/tables/orders/data/part-0.parquet`;
            for (const persona of ["biAnalyst", "dataScientist"]) {
                const identity = policyOf(persona);
                expect(await decide("s3:GetObject", curatedObject, { identity }), persona).to.equal("ImplicitlyDenied");
                expect(await decide("lakeformation:GetDataAccess", "*", { identity }), persona).to.equal("Allowed");
            }
            // The scientist's other zones stay IAM-governed (not opted in there; sellers has no pii
            // columns, the contracts' pii datasets are denied there); the engineer reads curated directly.
            expect(await decide("s3:GetObject", `${raw.bucketArn}/sellers/part-0.parquet`, { identity: policyOf("dataScientist") })).to.equal("Allowed");
            expect(await decide("s3:GetObject", curatedObject, { identity: policyOf("dataEngineer") })).to.equal("Allowed");
        });
    });
}

describe("Lake Formation tag key prefix", function () {
    it("names both tags and every expression and assignment with it (LF-tags are account-wide)", async function () {
        this.timeout(120_000);
        const { res } = await lake("dev", on({ tagKeyPrefix: "dev_" }));
        expect(res.byType(LF.tag).map((t) => t.props.key)).to.deep.equal(["dev_zone", "dev_sensitivity"]);
        const keys = new Set([
            ...res.byType(LF.permissions).flatMap((p) => (p.props.lfTagPolicy?.expressions ?? []).map((e: { key: string }) => e.key)),
            ...res.byType(LF.tags).flatMap((t) => t.props.lfTags.map((l: { key: string }) => l.key)),
        ]);
        expect([...keys].sort()).to.deep.equal(["dev_sensitivity", "dev_zone"]);
    });
});

describe("Lake Formation admins", function () {
    this.timeout(120_000);
    const admin = "arn:aws:iam::123456789012:role/deployer";

    it("refuses admins without replaceAccountAdmins, naming the key", () => {
        expect(() => parseConfig({ governance: { lakeFormation: { enabled: true, admins: [admin] } } })).to.throw(
            /governance\.lakeFormation\.admins.*replaceAccountAdmins/,
        );
        expect(() => lakeFormationWithDefaults({ admins: [admin] })).to.throw("LakeFormation: admins: Lake Formation keeps one admin list per account");
        expect(() => lakeFormationWithDefaults({ admins: ["*"], replaceAccountAdmins: true })).to.throw("* is not an IAM role or user ARN");
    });

    it("with them, sets exactly those admins, keeps the IAM defaults for new databases and tables, and survives a destroy", async () => {
        const { res } = await lake("dev", on({ admins: [admin], replaceAccountAdmins: true }));
        const [settings] = res.byType(LF.settings);
        const iam = [{ principal: "IAM_ALLOWED_PRINCIPALS", permissions: ["ALL"] }];
        expect(settings.props).to.deep.include({ admins: [admin], createDatabaseDefaultPermissions: iam, createTableDefaultPermissions: iam });
        expect(settings.retainOnDelete).to.equal(true);
        // Everything else Lake Formation does waits for the admins.
        for (const r of [...res.byType(LF.tag), ...res.byType(LF.resource)]) expect(r.dependencies, r.name).to.include(settings.urn);
    });

    it("refuses datasets that name no table the lake creates", async () => {
        let error: Error | undefined;
        await lake("dev", on({ datasets: { nosuch: { pii: ["x"] } } })).catch((e: Error) => (error = e));
        expect(error?.message).to.contain("LakeFormation: datasets: nosuch name no table of tables");
    });
});

describe("Lake Formation grants by tag expression (pure)", () => {
    const scope = { zones: ["drop", "raw", "curated"], curated: "curated" };
    const orders: TaggedTable = {
        zone: "curated",
        databaseSensitivity: "internal",
        columns: { order_id: undefined, customer_email: "pii", order_total: undefined, region: "public" },
    };
    const tableGrant = (persona: (typeof PERSONAS)[number]): LfGrant => personaGrants(persona, scope).find((g) => g.resourceType === "TABLE")!;

    it("the BI analyst cannot see a pii column; the scientist sees it (masked in curated); neither reaches raw", () => {
        expect(grantedColumns(tableGrant("biAnalyst"), orders)).to.deep.equal(["order_id", "order_total", "region"]);
        expect(grantedColumns(tableGrant("dataScientist"), orders)).to.deep.equal(["order_id", "customer_email", "order_total", "region"]);
        const raw: TaggedTable = { ...orders, zone: "raw", databaseSensitivity: "pii" };
        expect(grantedColumns(tableGrant("biAnalyst"), raw)).to.deep.equal([]);
        expect(grantedColumns(tableGrant("dataScientist"), raw)).to.deep.equal([]);
        expect(grantedColumns(tableGrant("dataEngineer"), raw)).to.deep.equal(Object.keys(orders.columns));
    });

    it("a table tagged pii as a whole hides every column from the analyst but one tagged public", () => {
        const table: TaggedTable = { ...orders, sensitivity: "pii" };
        expect(grantedColumns(tableGrant("biAnalyst"), table)).to.deep.equal(["region"]);
    });

    it("README's table of grants is the one the code makes", () => {
        const readme = fs.readFileSync(path.join(__dirname, "../../../README.md"), "utf8");
        const writers = [
            { name: "each Glue Spark job's role", zones: ["the zone it writes"] },
            { name: "each crawler's role", zones: ["its zone"] },
        ];
        expect(readme).to.contain(grantsMarkdown(scope, writers));
    });
});
