/**
 * `Ingest` built on its own (no `DataLake`): its args are its own, the context carries the shared
 * fields, and what it leaves out gets the area's defaults.
 */
import { expect } from "chai";
import { Ingest } from "../../../components/ingest";
import { ACCOUNT_ID, recordResources } from "../../../harness/program";
import { rejectionOf, LOGS_KEY, SCOPE } from "../helpers";

const DROP = { bucketArn: "arn:aws:s3:::landing", keyArn: `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/drop` };

describe("Ingest on its own", () => {
    it("a Kinesis-fed stream, retained with the context's retainData; logs kept as the context says; no API when disabled", async () => {
        const recorded = await recordResources("dev", () => {
            new Ingest("in", {
                landingZone: DROP,
                streams: [{ name: "clicks", source: "kinesis" }],
                api: { enabled: false },
                context: { scope: SCOPE, logsKeyArn: LOGS_KEY, retainData: true, logRetentionDays: 30 },
            });
        });
        const kinesis = recorded.filter((r) => r.type === "aws:kinesis/stream:Stream");
        expect(kinesis).to.have.length(1);
        expect(kinesis[0]).to.include({ protect: true, retainOnDelete: true });
        expect(kinesis[0].props).to.include({ retentionPeriod: 24 });
        const log = recorded.find((r) => r.type === "aws:cloudwatch/logGroup:LogGroup")!;
        expect(log.props).to.include({ retentionInDays: 30, kmsKeyId: LOGS_KEY });
        expect(recorded.filter((r) => r.type.startsWith("aws:apigateway/"))).to.deep.equal([]);
    });

    it("without a logs key in the context: an error that names it", async () => {
        const build = recordResources("dev", () => new Ingest("in", { landingZone: DROP, context: { scope: SCOPE } }));
        const error = await rejectionOf(build);
        expect(error?.message).to.contain("context.logsKeyArn is required");
    });
});
