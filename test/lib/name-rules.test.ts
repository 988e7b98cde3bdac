/**
 * Every fixed physical name the lake builds from the project and stack, against its service's
 * rule as the service's API reference writes it (patterns below written out independently of
 * lib/names NameRules): for any project and stack name Pulumi accepts (letters, digits, `-`, `_`,
 * `.`, up to 100 characters), each builder yields a name the service takes.
 */
import { expect } from "chai";
import fc from "fast-check";
import { emrName } from "../../components/emr/settings";
import { deliveryStreamName, kinesisStreamName } from "../../components/ingest/stream-layout";
import { layerName, processorFunctionName } from "../../components/processing/names";
import { trafficFunctionName } from "../../components/traffic/settings";
import { zoneKeyAlias } from "../../components/storage/names";
import { warehouseIdentifier } from "../../components/warehouse/settings";
import { NameRules, boundedName, dashboardName } from "../../lib/names";

/** Pulumi's project and stack names. */
const pulumiName = fc.stringMatching(/^[A-Za-z0-9_.-]{1,100}$/);

interface Row {
    service: string;
    rule: keyof typeof NameRules;
    build: (project: string, stack: string) => string;
    valid: RegExp;
}

const LAMBDA = /^[A-Za-z0-9_-]{1,64}$/;

const ROWS: Row[] = [
    { service: "CloudWatch dashboard (ops)", rule: "dashboard", build: (p, s) => dashboardName(p, s, "ops"), valid: /^[A-Za-z0-9_-]{1,255}$/ },
    { service: "CloudWatch dashboard (real-time)", rule: "dashboard", build: (p, s) => dashboardName(p, s, "realtime"), valid: /^[A-Za-z0-9_-]{1,255}$/ },
    { service: "Lambda function (processor)", rule: "lambdaFunction", build: (p, s) => processorFunctionName(p, s, "drop", "raw"), valid: LAMBDA },
    { service: "Lambda function (serving)", rule: "lambdaFunction", build: (p, s) => trafficFunctionName(p, s, "traffic-api"), valid: LAMBDA },
    { service: "Lambda layer", rule: "lambdaLayer", build: (p, s) => layerName(p, s, "duckdb"), valid: LAMBDA },
    { service: "KMS alias", rule: "kmsAlias", build: (p, s) => zoneKeyAlias(p, s, "raw"), valid: /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/ },
    { service: "WAF metric", rule: "wafMetric", build: (p, s) => boundedName([p, s, "ingest-api"], NameRules.wafMetric), valid: /^[\w#:.\-/]{1,100}$/ },
    {
        service: "EventBridge rule",
        rule: "eventRule",
        build: (p, s) => boundedName([p, s, "glue-job-state-change"], NameRules.eventRule),
        valid: /^[A-Za-z0-9_.-]{1,64}$/,
    },
    {
        service: "CloudTrail trail",
        rule: "trail",
        build: (p, s) => boundedName([p, s, "trail"], NameRules.trail),
        // 3-128; a letter or digit first and last; no two of `._-` side by side.
        valid: /^(?=.{3,128}$)[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/,
    },
    { service: "Firehose delivery stream", rule: "deliveryStream", build: (p, s) => deliveryStreamName(p, s, "events"), valid: /^[A-Za-z0-9_.-]{1,64}$/ },
    { service: "Kinesis stream", rule: "kinesisStream", build: (p, s) => kinesisStreamName(p, s, "events"), valid: /^[A-Za-z0-9_.-]{1,128}$/ },
    {
        service: "DynamoDB table",
        rule: "dynamoTable",
        build: (p, s) => boundedName([p, s, "traffic"], NameRules.dynamoTable),
        valid: /^[A-Za-z0-9_.-]{3,255}$/,
    },
    { service: "EMR Serverless application", rule: "emr", build: (p, s) => emrName(p, s, "spark"), valid: /^[A-Za-z0-9._/#-]{1,64}$/ },
    {
        service: "Redshift identifier",
        rule: "redshift",
        build: (p, s) => warehouseIdentifier(`l${p}`, s),
        // 1-63 lowercase letters, digits and hyphens; a letter first; no `--`; no `-` last.
        valid: /^(?=.{1,63}$)[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/,
    },
];

describe("lib/names: every name builder against its service's rule", () => {
    it("covers every rule of NameRules", () => {
        expect(new Set(ROWS.map((r) => r.rule))).to.deep.equal(new Set(Object.keys(NameRules)));
    });

    for (const row of ROWS) {
        it(`${row.service}: valid for any Pulumi project and stack name`, () => {
            fc.assert(
                fc.property(pulumiName, pulumiName, (project, stack) => {
                    const name = row.build(project, stack);
                    expect(name, `${project} / ${stack}`).to.match(row.valid);
                }),
                { numRuns: 300 },
            );
        });
    }

    it("names the usual stacks as before", () => {
        expect(dashboardName("datalake", "prod", "ops")).to.equal("datalake-prod-ops");
        expect(boundedName(["datalake", "dev", "trail"], NameRules.trail)).to.equal("datalake-dev-trail");
        expect(warehouseIdentifier("datalake", "prod")).to.equal("datalake-prod-warehouse");
    });

    it("a refused character becomes `-`; what the service accepts stays as it is", () => {
        expect(dashboardName("datalake", "dev.eu", "realtime")).to.equal("datalake-dev-eu-realtime");
        expect(processorFunctionName("datalake", "dev.eu", "drop", "raw")).to.equal("datalake-dev-eu-drop-to-raw");
        expect(deliveryStreamName("datalake", "dev.eu", "events")).to.equal("datalake-dev.eu-events");
        expect(boundedName(["data_lake", "my_stack", "trail"], NameRules.trail)).to.equal("data_lake-my_stack-trail");
        expect(boundedName(["_lake", "a_", "trail"], NameRules.trail)).to.equal("lake-a-trail");
    });
});
