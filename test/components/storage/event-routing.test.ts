/**
 * Event routing (components/storage/event-routing.ts): the overlap check S3 applies to a bucket's
 * notification rules, run on every bucket notification of every stack variant, and the policy
 * rule built on it (policy/rules-aws.ts) with its canary.
 */
import { expect } from "chai";
import { eventTypesOverlap, overlappingRules } from "../../../lib/s3-notifications";
import { awsPolicies } from "../../../policy/rules-aws";
import { RecordedResource, runProgram } from "../../../harness/program";
import { describeViolations, evaluate } from "../../policy/harness";
import { T } from "../helpers";

const VARIANTS: { name: string; stack: "dev" | "prod"; overrides?: Record<string, unknown> }[] = [
    { name: "dev", stack: "dev" },
    { name: "prod", stack: "prod" },
    { name: "dev, recrawl events", stack: "dev", overrides: { catalog: { recrawl: "events", deleteBehavior: "LOG" } } },
    { name: "prod, recrawl events", stack: "prod", overrides: { catalog: { recrawl: "events", deleteBehavior: "LOG" } } },
];

describe("event routing: overlapping notification rules", () => {
    it("event types overlap when equal or covered by a wildcard", () => {
        expect(eventTypesOverlap("s3:ObjectCreated:*", "s3:ObjectCreated:Put")).to.equal(true);
        expect(eventTypesOverlap("s3:ObjectCreated:Put", "s3:ObjectCreated:*")).to.equal(true);
        expect(eventTypesOverlap("s3:ObjectCreated:Put", "s3:ObjectCreated:Put")).to.equal(true);
        expect(eventTypesOverlap("s3:ObjectCreated:Put", "s3:ObjectCreated:Copy")).to.equal(false);
        expect(eventTypesOverlap("s3:ObjectCreated:*", "s3:ObjectRemoved:*")).to.equal(false);
    });

    it("finds rules whose key filters can match one key for one event type", () => {
        const created = ["s3:ObjectCreated:*"];
        // The configuration the lake had with recrawl: events: two unfiltered rules.
        expect(
            overlappingRules([
                { id: "events", events: created },
                { id: "crawler", events: created },
            ]),
        ).to.deep.equal([{ a: "events", b: "crawler", event: "s3:ObjectCreated:*" }]);
        expect(
            overlappingRules([
                { id: "a", events: created, filterPrefix: "orders/" },
                { id: "b", events: created, filterPrefix: "orders/2026/" },
            ]),
        ).to.have.length(1);
        expect(
            overlappingRules([
                { id: "a", events: created, filterSuffix: ".csv" },
                { id: "b", events: created, filterSuffix: "x.csv" },
            ]),
        ).to.have.length(1);
        // Disjoint prefixes, disjoint suffixes, or different event types: accepted.
        expect(
            overlappingRules([
                { id: "a", events: created, filterPrefix: "orders/" },
                { id: "b", events: created, filterPrefix: "items/" },
            ]),
        ).to.deep.equal([]);
        expect(
            overlappingRules([
                { id: "a", events: created, filterSuffix: ".csv" },
                { id: "b", events: created, filterSuffix: ".json" },
            ]),
        ).to.deep.equal([]);
        expect(
            overlappingRules([
                { id: "a", events: created },
                { id: "b", events: ["s3:ObjectRemoved:*"] },
            ]),
        ).to.deep.equal([]);
    });

    for (const v of VARIANTS) {
        describe(v.name, function () {
            this.timeout(120_000);
            let recorded: RecordedResource[];
            before(async () => {
                recorded = await runProgram(v.stack, v.overrides);
            });

            it("one notification per bucket, and no two of its rules overlap for one event type", () => {
                const notifications = recorded.filter((r) => r.type === T.notification);
                const buckets = recorded.filter((r) => r.type === T.bucket);
                const notified = notifications.map((n) => n.props.bucket);
                expect(new Set(notified).size).to.equal(notified.length);
                expect(notified.every((b) => buckets.some((x) => x.outputs.bucket === b))).to.equal(true);
                expect(notifications).to.have.length.greaterThan(0);
                for (const n of notifications) {
                    expect(overlappingRules([...(n.props.queues ?? []), ...(n.props.topics ?? []), ...(n.props.lambdaFunctions ?? [])]), n.name).to.deep.equal(
                        [],
                    );
                }
            });

            it("passes bucket-notification-unambiguous", async () => {
                const violations = await evaluate(recorded, { policies: awsPolicies });
                expect(violations, describeViolations(violations)).to.deep.equal([]);
            });
        });
    }

    it("canary: bucket-notification-unambiguous flags the zone queue and the crawler queue on one unfiltered rule each", async () => {
        const recorded = await runProgram("dev", { catalog: { recrawl: "events", deleteBehavior: "LOG" } });
        const target = recorded.find((r) => r.name === "lake-raw-notification")!;
        const broken = JSON.parse(JSON.stringify(target.props));
        broken.queues.unshift({ id: "events", queueArn: "arn:aws:sqs:eu-west-1:123456789012:raw-events", events: ["s3:ObjectCreated:*"] });
        const changed = recorded.map((r) => (r === target ? { ...r, props: broken } : r));
        const violations = await evaluate(changed, { policies: awsPolicies });
        expect(violations.map((x) => [x.policy, x.urn])).to.deep.equal([["bucket-notification-unambiguous", target.urn]]);
        expect(violations[0].message).to.match(/'events' and 'crawler'/);
    });
});
