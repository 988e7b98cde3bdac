import { expect } from "chai";
import { analyticsPolicies } from "../../policy/rules-analytics";
import { Recorded, describeViolations, evaluate } from "./harness";
import { Athena } from "../../components/query";
import { Catalog } from "../../components/catalog";
import { parseConfig } from "../../lib/config";
import { ACCOUNT, REGION, record, zone } from "../components/catalog/harness";

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/analytics`;

function resource(type: string, props: Record<string, any>): Recorded {
    return { type, name: "canary", urn: `urn:pulumi:dev::datalake::${type}::canary`, props };
}

const goodSecurityConfiguration = () =>
    resource("aws:glue/securityConfiguration:SecurityConfiguration", {
        encryptionConfiguration: {
            s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
            cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: KEY },
            jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: KEY },
        },
    });
const goodJob = () => resource("aws:glue/job:Job", { securityConfiguration: "datalake_dev_etl_raw_writer", command: { name: "glueetl" } });
const goodCrawler = () => resource("aws:glue/crawler:Crawler", { securityConfiguration: "datalake_dev_crawlers" });
const goodWorkgroup = () =>
    resource("aws:athena/workgroup:Workgroup", {
        configuration: {
            enforceWorkgroupConfiguration: true,
            bytesScannedCutoffPerQuery: 10 * 1024 ** 3,
            resultConfiguration: { encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: KEY } },
        },
    });

interface Canary {
    rule: string;
    case: string;
    make: () => Recorded;
}

const bad: Canary[] = [
    { rule: "glue-security-configuration-kms", case: "S3 encryption disabled", make: () => { const r = goodSecurityConfiguration(); r.props.encryptionConfiguration.s3Encryption = { s3EncryptionMode: "DISABLED" }; return r; } },
    { rule: "glue-security-configuration-kms", case: "S3 SSE-S3 instead of SSE-KMS", make: () => { const r = goodSecurityConfiguration(); r.props.encryptionConfiguration.s3Encryption = { s3EncryptionMode: "SSE-S3" }; return r; } },
    { rule: "glue-security-configuration-kms", case: "CloudWatch logs not encrypted", make: () => { const r = goodSecurityConfiguration(); r.props.encryptionConfiguration.cloudwatchEncryption = { cloudwatchEncryptionMode: "DISABLED" }; return r; } },
    { rule: "glue-security-configuration-kms", case: "bookmarks CSE-KMS without a key", make: () => { const r = goodSecurityConfiguration(); delete r.props.encryptionConfiguration.jobBookmarksEncryption.kmsKeyArn; return r; } },
    { rule: "glue-job-security-configuration", case: "job without a security configuration", make: () => { const r = goodJob(); delete r.props.securityConfiguration; return r; } },
    { rule: "glue-crawler-security-configuration", case: "crawler with an empty security configuration", make: () => { const r = goodCrawler(); r.props.securityConfiguration = ""; return r; } },
    { rule: "athena-workgroup-enforced", case: "configuration not enforced", make: () => { const r = goodWorkgroup(); r.props.configuration.enforceWorkgroupConfiguration = false; return r; } },
    { rule: "athena-workgroup-enforced", case: "results SSE_S3", make: () => { const r = goodWorkgroup(); r.props.configuration.resultConfiguration.encryptionConfiguration = { encryptionOption: "SSE_S3" }; return r; } },
    { rule: "athena-workgroup-enforced", case: "results without any result configuration", make: () => { const r = goodWorkgroup(); delete r.props.configuration.resultConfiguration; return r; } },
    { rule: "athena-workgroup-enforced", case: "no bytes-scanned limit", make: () => { const r = goodWorkgroup(); delete r.props.configuration.bytesScannedCutoffPerQuery; return r; } },
    { rule: "athena-workgroup-enforced", case: "no configuration at all", make: () => resource("aws:athena/workgroup:Workgroup", {}) },
];

describe("policy: analytics rules (Glue, Athena)", () => {
    it("every analytics rule has a bad canary, and names are unique", () => {
        const names = analyticsPolicies.map((p) => p.name);
        expect(new Set(names).size).to.equal(names.length);
        expect(names.filter((n) => !bad.some((c) => c.rule === n))).to.deep.equal([]);
    });

    it("accepts the good resources", async () => {
        const violations = await evaluate([goodSecurityConfiguration(), goodJob(), goodCrawler(), goodWorkgroup()], { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });

    for (const c of bad) {
        it(`${c.rule} flags: ${c.case}`, async () => {
            const violations = await evaluate([c.make()], { policies: analyticsPolicies });
            expect([...new Set(violations.map((v) => v.policy))], describeViolations(violations)).to.deep.equal([c.rule]);
        });
    }

    it("passes on what the Catalog and Athena components register", async () => {
        const config = parseConfig({});
        const recorded = await record(() => {
            new Catalog("lake-catalog", {
                zones: config.zones.map((z) => zone(z.name)),
                streams: config.streams,
                catalog: config.catalog,
                analyticsKeyArn: KEY,
                accountId: ACCOUNT,
                partition: "aws",
                region: REGION,
            });
            new Athena("lake-athena", {
                athena: config.athena,
                keyArn: KEY,
                retainData: false,
                dropDatabase: "datalake_dev_drop",
                curatedDatabase: "datalake_dev_curated",
                streamTables: [],
            });
        });
        const resources = recorded.map((r, i) => ({ type: r.type, name: r.name, urn: `urn:${i}:${r.name}`, props: r.inputs }));
        expect(resources.map((r) => r.type)).to.include.members([
            "aws:glue/crawler:Crawler",
            "aws:glue/securityConfiguration:SecurityConfiguration",
            "aws:athena/workgroup:Workgroup",
        ]);
        const violations = await evaluate(resources, { policies: analyticsPolicies });
        expect(violations, describeViolations(violations)).to.deep.equal([]);
    });
});
