/**
 * Macie under the mocks (components/governance/macie.ts): off by default; on, the account enabled,
 * a scheduled discovery job over exactly the zone buckets, a Decrypt grant on each zone key for
 * Macie's service-linked role, and the findings of those buckets routed to the alarm topic, whose
 * policy admits the rule.
 */
import { expect } from "chai";
import { Macie, macieFindingsPattern, macieScheduleFrequency } from "../../../components/governance";
import { Resources, recordResources } from "../../../harness/program";
import { parseConfig } from "../../../lib/config";
import { STACKS, T, json, lake } from "../helpers";

const M = {
    account: "aws:macie2/account:Account",
    job: "aws:macie2/classificationJob:ClassificationJob",
    grant: "aws:kms/grant:Grant",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
} as const;
const SLR = "arn:aws:iam::123456789012:role/aws-service-role/macie.amazonaws.com/AWSServiceRoleForAmazonMacie";

for (const stack of STACKS) {
    describe(`Macie (${stack})`, function () {
        this.timeout(120_000);

        it("is off by default: no Macie resource, no findings rule", async () => {
            const { res, cfg } = await lake(stack);
            expect(cfg.macie.enabled).to.equal(false);
            expect(res.all.filter((r) => r.type.startsWith("aws:macie2/") || r.name.includes("macie")).map((r) => r.name)).to.deep.equal([]);
        });

        describe("on", () => {
            let res: Resources;
            let buckets: string[];
            before(async () => {
                res = (await lake(stack, { macie: { enabled: true } })).res;
                buckets = res.byType(T.zone).map((z) => res.childrenOf(z).find((r) => r.type === T.bucket)!.outputs.bucket);
            });

            it("enables the account and runs a weekly job over exactly the zone buckets, after the key grants", () => {
                const [account] = res.byType(M.account);
                expect(account.props.status).to.equal("ENABLED");
                const [job] = res.byType(M.job);
                expect(job.props).to.deep.include({
                    jobType: "SCHEDULED",
                    scheduleFrequency: { weeklySchedule: "MONDAY" },
                    samplingPercentage: 100,
                    initialRun: false,
                });
                expect(job.props.s3JobDefinition.bucketDefinitions).to.deep.equal([{ accountId: "123456789012", buckets }]);
                for (const grant of res.byType(M.grant)) expect(job.dependencies).to.include(grant.urn);
            });

            it("lets Macie's service-linked role decrypt with each zone key, and nothing more", () => {
                const keys = res.byType(T.zone).map((z) => res.childrenOf(z).find((r) => r.type === T.key)!.outputs.arn);
                const grants = res.byType(M.grant);
                expect(grants.map((g) => g.props.keyId).sort()).to.deep.equal([...keys].sort());
                for (const g of grants) expect(g.props).to.deep.include({ granteePrincipal: SLR, operations: ["Decrypt"] });
            });

            it("sends the findings of the zone buckets to the alarm topic, whose policy admits the rule", () => {
                const rule = res.named(M.rule, "lake-macie-findings");
                expect(json(rule.props.eventPattern)).to.deep.equal(macieFindingsPattern(buckets));
                const target = res.byType(M.target).find((t) => t.props.rule === rule.outputs.name)!;
                const topic = res.byType(T.topic)[0];
                expect(target.props.arn).to.equal(topic.outputs.arn);
                const policy = JSON.stringify(res.byType(M.topicPolicy)[0].props.policy);
                expect(policy).to.contain(`rule/${rule.props.name}`);
            });
        });
    });
}

describe("Macie settings", () => {
    it("maps each schedule onto the job's frequency", () => {
        expect(["daily", "weekly", "monthly"].map((s) => macieScheduleFrequency(s as "daily"))).to.deep.equal([
            { dailySchedule: true },
            { weeklySchedule: "MONDAY" },
            { monthlySchedule: 1 },
        ]);
    });

    it("refuses a sampling percentage outside 1-100, in config and in the component", async () => {
        expect(() => parseConfig({ macie: { enabled: true, samplingPercentage: 0 } })).to.throw(/macie\.samplingPercentage/);
        let error: Error | undefined;
        const build = () =>
            new Macie("m", {
                enabled: true,
                samplingPercentage: 101,
                scope: { accountId: "123456789012", partition: "aws", region: "eu-west-1" },
                zones: [],
                alarmTopicArn: "t",
            });
        await recordResources("dev", build).catch((e: Error) => (error = e));
        expect(error?.message).to.equal("Macie: samplingPercentage: 101 is not an integer from 1 to 100");
    });

    it("leaves the account alone with enableAccount false", async () => {
        const res = new Resources(
            await recordResources(
                "dev",
                () =>
                    new Macie("m", {
                        enableAccount: false,
                        scope: { accountId: "123456789012", partition: "aws", region: "eu-west-1" },
                        zones: [{ name: "raw", bucketName: "raw-bucket", keyArn: "arn:aws:kms:eu-west-1:123456789012:key/raw" }],
                        alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:alarms",
                    }),
            ),
        );
        expect(res.byType(M.account)).to.deep.equal([]);
        expect(res.byType(M.job)).to.have.length(1);
    });
});
