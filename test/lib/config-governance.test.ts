/** lib/config's `operations` and `governance` keys: defaults and refusals naming key, value and rule. */
import { expect } from "chai";
import { parseConfig } from "../../lib/config";
import { configErrorOf } from "./config-errors";

describe("lib/config: operations and governance", () => {
    it("defaults: thresholds, no account-level log groups, a trail kept 90 days in dev and 7 years in prod, no personas", () => {
        const dev = parseConfig({});
        expect(dev.operations).to.deep.equal({
            queueAgeAlarmSeconds: 3600,
            firehoseFreshnessMarginSeconds: 900,
            api5xxPercent: 1,
            apiLatencyP99Ms: 3000,
            manageGlueLogGroups: false,
        });
        expect(dev.governance).to.deep.equal({
            trail: { enabled: true, retentionDays: 90 },
            personas: {},
            sandboxExpireDays: 30,
            lakeFormation: { enabled: false, admins: [], replaceAccountAdmins: false, tagKeyPrefix: "", defaultSensitivity: "internal", datasets: {} },
        });
        expect(parseConfig({ environment: "prod" }).governance.trail.retentionDays).to.equal(2557);
        expect(parseConfig({ governance: { trail: { retentionDays: 400 } } }).governance.trail.retentionDays).to.equal(400);
    });

    it("accepts role, user, root and assumed-role principals", () => {
        const principals = [
            "arn:aws:iam::123456789012:role/sso/AWSReservedSSO_DataScientist_abc",
            "arn:aws:iam::123456789012:user/alice",
            "arn:aws:iam::210987654321:root",
            "arn:aws-us-gov:iam::123456789012:role/x",
            "arn:aws:sts::123456789012:assumed-role/ci/session-1",
        ];
        expect(parseConfig({ governance: { personas: { dataScientist: { principals } } } }).governance.personas.dataScientist!.principals).to.deep.equal(
            principals,
        );
    });

    const refused: [string, unknown, string][] = [
        [
            "a wildcard principal",
            { governance: { personas: { biAnalyst: { principals: ["*"] } } } },
            'datalake:governance.personas.biAnalyst.principals.0 = "*"',
        ],
        [
            "a principal that is not an ARN",
            { governance: { personas: { dataEngineer: { principals: ["alice"] } } } },
            'datalake:governance.personas.dataEngineer.principals.0 = "alice"',
        ],
        ["an S3 ARN as principal", { governance: { personas: { dataSteward: { principals: ["arn:aws:s3:::bucket"] } } } }, "an IAM principal ARN"],
        ["an unknown persona", { governance: { personas: { admin: { principals: [] } } } }, "datalake:governance.personas"],
        ["an unknown trail key", { governance: { trail: { multiRegion: false } } }, "datalake:governance.trail"],
        ["a queue age below a minute", { operations: { queueAgeAlarmSeconds: 10 } }, "datalake:operations.queueAgeAlarmSeconds = 10"],
        ["an API latency above API Gateway's 29 s limit", { operations: { apiLatencyP99Ms: 60000 } }, "datalake:operations.apiLatencyP99Ms = 60000"],
        ["a 5xx percentage above 100", { operations: { api5xxPercent: 101 } }, "datalake:operations.api5xxPercent = 101"],
        ["a non-boolean manageGlueLogGroups", { operations: { manageGlueLogGroups: "yes" } }, 'datalake:operations.manageGlueLogGroups = "yes"'],
    ];
    for (const [what, raw, expected] of refused) {
        it(`refuses ${what}`, () => expect(configErrorOf(raw)).to.contain(expected));
    }

    it("governance.lakeFormation: maps datasets and admins onto the component's settings; refuses bad tag prefixes and sensitivities, naming the key", () => {
        const lf = parseConfig({
            governance: {
                lakeFormation: {
                    enabled: true,
                    admins: ["arn:aws:iam::123456789012:role/deployer"],
                    replaceAccountAdmins: true,
                    tagKeyPrefix: "prod_",
                    datasets: { orders: { pii: ["customer_email"] } },
                },
            },
        }).governance.lakeFormation;
        expect(lf).to.deep.include({ enabled: true, tagKeyPrefix: "prod_", datasets: { orders: { pii: ["customer_email"] } }, defaultSensitivity: "internal" });
        expect(() => parseConfig({ governance: { lakeFormation: { tagKeyPrefix: "Prod " } } })).to.throw(/governance\.lakeFormation\.tagKeyPrefix/);
        expect(() => parseConfig({ governance: { lakeFormation: { defaultSensitivity: "secret" } } })).to.throw(
            /governance\.lakeFormation\.defaultSensitivity/,
        );
        expect(() => parseConfig({ governance: { lakeFormation: { datasets: { orders: { pii: "email" } } } } })).to.throw(
            /governance\.lakeFormation\.datasets\.orders\.pii/,
        );
    });
});
