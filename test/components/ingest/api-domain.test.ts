/**
 * The ingest API's stage name and custom domain (`ingestApi.stageName`, `ingestApi.domain`): the
 * names API Gateway, ACM and Route 53 accept (config and component alike), the certificate
 * validated by DNS in the hosted zone, the Regional TLS 1.2 domain, one base path mapping for the
 * ingest and traffic routes, the alias record, and the URL output.
 */
import { expect } from "chai";
import { apiNameIssues, withApiDefaults } from "../../../components/ingest";
import { domainUrl } from "../../../components/ingest/api-domain";
import { programOutputs, runProgram } from "../../../harness/program";
import { lake, rejectionOf } from "../helpers";
import { allPolicies } from "../../../policy/all";
import { describeViolations, evaluate } from "../../policy/harness";

const DOMAIN = { name: "ingest.example.com", hostedZoneId: "Z0123456789ABCDEFGHIJ" };
const T = {
    certificate: "aws:acm/certificate:Certificate",
    validation: "aws:acm/certificateValidation:CertificateValidation",
    record: "aws:route53/record:Record",
    domain: "aws:apigateway/domainName:DomainName",
    mapping: "aws:apigateway/basePathMapping:BasePathMapping",
    stage: "aws:apigateway/stage:Stage",
    permission: "aws:lambda/permission:Permission",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
};

describe("IngestApi stage name and custom domain: what API Gateway, ACM and Route 53 accept", () => {
    for (const ok of ["v1", "prod_2", "Blue-Green", "a".repeat(128)]) {
        it(`stage name ${ok.length > 20 ? `${ok.length} characters` : ok} is accepted`, () => {
            expect(apiNameIssues({ stageName: ok })).to.deep.equal([]);
        });
    }
    for (const bad of ["", "v 1", "v1/beta", "v.1", "a".repeat(129), "é"]) {
        it(`stage name ${JSON.stringify(bad.length > 20 ? `${bad.length} characters` : bad)} is refused, naming the setting and what is allowed`, () => {
            const [issue] = apiNameIssues({ stageName: bad });
            expect(issue.setting).to.equal("stageName");
            expect(issue.message).to.contain("letters, digits, '-' or '_'");
        });
    }
    for (const ok of ["example.com", "ingest.example.com", "a-b.c-d.example.co.uk", `${"a".repeat(63)}.example.com`]) {
        it(`domain ${ok.length > 30 ? "with a 63-octet label" : ok} is accepted`, () => {
            expect(apiNameIssues({ domain: { ...DOMAIN, name: ok } })).to.deep.equal([]);
        });
    }
    for (const bad of [
        "*.example.com",
        "localhost",
        "-a.example.com",
        "a-.example.com",
        "a..example.com",
        "ingest.example.com.",
        `${"a".repeat(64)}.example.com`,
        `${"a.".repeat(126)}com`,
        "in gest.example.com",
    ]) {
        it(`domain ${JSON.stringify(bad.length > 30 ? `${bad.slice(0, 12)}... (${bad.length})` : bad)} is refused`, () => {
            expect(apiNameIssues({ domain: { ...DOMAIN, name: bad } }).map((i) => i.setting)).to.deep.equal(["domain.name"]);
        });
    }
    for (const [basePath, ok] of [
        ["ingest", true],
        ["v2.beta_(1)", true],
        ["a/b", false],
        ["", false],
        ["with space", false],
    ] as const) {
        it(`base path ${JSON.stringify(basePath)} is ${ok ? "accepted" : "refused (one segment only)"}`, () => {
            expect(apiNameIssues({ domain: { ...DOMAIN, basePath } }).map((i) => i.setting)).to.deep.equal(ok ? [] : ["domain.basePath"]);
        });
    }
    for (const [zone, ok] of [
        ["Z0123456789ABCDEFGHIJ", true],
        ["Z1", true],
        ["z123", false],
        ["/hostedzone/Z123", false],
        [`Z${"A".repeat(32)}`, false],
    ] as const) {
        it(`hosted zone id ${zone.length > 25 ? `of ${zone.length} characters` : zone} is ${ok ? "accepted" : "refused"}`, () => {
            expect(apiNameIssues({ domain: { ...DOMAIN, hostedZoneId: zone } }).map((i) => i.setting)).to.deep.equal(ok ? [] : ["domain.hostedZoneId"]);
        });
    }

    it("the component refuses the same names before deploying (used without the lake's config)", () => {
        expect(() => withApiDefaults({ stageName: "v/1" })).to.throw(/stageName "v\/1" is not allowed: 1-128 letters, digits/);
        expect(() => withApiDefaults({ domain: { ...DOMAIN, basePath: "a/b" } })).to.throw(/domain.basePath "a\/b" is not allowed: one path segment/);
        expect(withApiDefaults().stageName).to.equal("v1");
        expect(withApiDefaults().domain).to.equal(undefined);
    });

    it("the URL on the domain: its root, or below the base path", () => {
        expect(domainUrl(DOMAIN)).to.equal("https://ingest.example.com");
        expect(domainUrl({ ...DOMAIN, basePath: "ingest" })).to.equal("https://ingest.example.com/ingest");
    });

    it("bad stack config fails the program naming the key, the value and what is allowed", async () => {
        const message = async (ingestApi: Record<string, unknown>) => (await rejectionOf(runProgram("dev", { ingestApi })))?.message;
        expect(await message({ stageName: "v 1" })).to.match(/datalake:ingestApi\.stageName = "v 1": 1-128 letters, digits, '-' or '_'/);
        expect(await message({ domain: { ...DOMAIN, name: "*.example.com" } })).to.match(
            /datalake:ingestApi\.domain\.name = "\*\.example\.com": a fully qualified name/,
        );
        expect(await message({ domain: { ...DOMAIN, basePath: "a/b" } })).to.match(/datalake:ingestApi\.domain\.basePath = "a\/b": one path segment/);
        expect(await message({ domain: { name: "ingest.example.com" } })).to.match(/datalake:ingestApi\.domain\.hostedZoneId/);
        expect(await message({ domain: { ...DOMAIN, tls: "1.0" } })).to.match(/datalake:ingestApi\.domain.*tls/);
        expect(await message({ enabled: false, domain: DOMAIN })).to.match(/datalake:ingestApi\.domain.*set ingestApi\.enabled true/);
    });
});

describe("IngestApi stage name and custom domain under the mocks", function () {
    this.timeout(120_000);

    it("default config: stage v1, no certificate, domain, mapping or record; the URL is the stage's", async () => {
        const { res } = await lake("dev");
        expect(res.one(T.stage, "lake-ingest-http-stage").props.stageName).to.equal("v1");
        for (const type of [T.certificate, T.validation, T.record, T.domain, T.mapping]) expect(res.byType(type), type).to.have.length(0);
        const outputs = await programOutputs("dev");
        expect(outputs.ingestApiUrl).to.match(/^https:\/\/[0-9a-f]+\.execute-api\.[a-z0-9-]+\.amazonaws\.com\/v1$/);
    });

    it("a configured stage name names the stage, its execution log group, the usage plan's stage and the invoke permissions", async () => {
        const overrides = { serving: { enabled: true }, ingestApi: { stageName: "live" } };
        const { res } = await lake("dev", overrides);
        const stage = res.one(T.stage, "lake-ingest-http-stage");
        expect(stage.props.stageName).to.equal("live");
        expect(res.one(T.logGroup, "lake-ingest-http-execution-logs").props.name).to.match(/^API-Gateway-Execution-Logs_[0-9a-f]+\/live$/);
        expect(res.one(T.usagePlan, "lake-ingest-http-usage-plan").props.apiStages[0].stage).to.equal("live");
        const permissions = res.byType(T.permission).filter((p) => p.props.principal === "apigateway.amazonaws.com");
        expect(permissions.length).to.be.greaterThan(1);
        for (const p of permissions) expect(p.props.sourceArn).to.match(/:[0-9a-f]+\/live\/(POST|GET)\//);
        expect((await programOutputs("dev", overrides)).ingestApiUrl).to.match(/\/live$/);
    });

    for (const basePath of [undefined, "ingest"]) {
        it(`a domain${basePath ? ` with base path ${basePath}` : ""}: DNS-validated certificate, Regional TLS 1.2 domain, one mapping of the stage, alias record, URL output`, async () => {
            const domain = { ...DOMAIN, ...(basePath ? { basePath } : {}) };
            const overrides = { serving: { enabled: true }, ingestApi: { domain } };
            const { res } = await lake("dev", overrides);
            const certificate = res.one(T.certificate, "lake-ingest-http-certificate");
            expect(certificate.props).to.include({ domainName: DOMAIN.name, validationMethod: "DNS" });
            const [option] = certificate.outputs.domainValidationOptions;
            const validationRecord = res.one(T.record, "lake-ingest-http-certificate-validation-record");
            expect(validationRecord.props).to.deep.include({
                zoneId: DOMAIN.hostedZoneId,
                name: option.resourceRecordName,
                type: option.resourceRecordType,
                records: [option.resourceRecordValue],
            });
            const validation = res.one(T.validation, "lake-ingest-http-certificate-validation");
            expect(validation.props).to.deep.equal({ certificateArn: certificate.outputs.arn, validationRecordFqdns: [validationRecord.outputs.fqdn] });
            const domainName = res.one(T.domain, "lake-ingest-http-domain");
            // The domain waits for the validated certificate (its ARN comes from the validation).
            expect(domainName.dependencies).to.include(validation.urn);
            expect(domainName.props).to.deep.include({
                domainName: DOMAIN.name,
                regionalCertificateArn: certificate.outputs.arn,
                endpointConfiguration: { types: "REGIONAL" },
                securityPolicy: "TLS_1_2",
            });
            const stage = res.one(T.stage, "lake-ingest-http-stage");
            // One mapping: the traffic route is a resource of the same API and stage.
            const [mapping] = res.byType(T.mapping);
            expect(res.byType(T.mapping)).to.have.length(1);
            expect(mapping.props).to.deep.include({ domainName: DOMAIN.name, restApi: stage.props.restApi, stageName: "v1" });
            expect(mapping.props.basePath).to.equal(basePath);
            expect(res.byType("aws:apigateway/resource:Resource").map((r) => r.props.pathPart)).to.include.members(["traffic", "{adId}", "track"]);
            const alias = res.one(T.record, "lake-ingest-http-domain-alias");
            expect(alias.props).to.deep.include({
                zoneId: DOMAIN.hostedZoneId,
                name: DOMAIN.name,
                type: "A",
                aliases: [{ name: domainName.outputs.regionalDomainName, zoneId: domainName.outputs.regionalZoneId, evaluateTargetHealth: false }],
            });
            const outputs = await programOutputs("dev", overrides);
            expect(outputs.ingestApiUrl).to.equal(domainUrl(domain));
        });
    }

    for (const stack of ["dev", "prod"] as const) {
        it(`the whole policy pack passes the ${stack} stack with a domain and a stage name`, async () => {
            const resources = await runProgram(stack, { serving: { enabled: true }, ingestApi: { stageName: "live", domain: DOMAIN } });
            const violations = await evaluate(resources, { policies: allPolicies });
            expect(violations, describeViolations(violations)).to.deep.equal([]);
        });
    }
});
