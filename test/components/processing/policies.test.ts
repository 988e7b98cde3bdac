import { expect } from "chai";
import { processorPolicy } from "../../../components/processing";

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("processing documents", () => {
    describe("processorPolicy", () => {
        const a = {
            sourceBucketArn: "arn:aws:s3:::src",
            sourceKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/src",
            targetBucketArn: "arn:aws:s3:::dst",
            targetKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/dst",
            queueArn: "arn:aws:sqs:eu-west-1:123456789012:src-queue",
            logGroupArn: "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/fn",
            quarantinePrefix: "quarantine/",
        };
        const doc = processorPolicy(a);
        const allowed = (action: string) =>
            doc.Statement.filter((s) => s.Effect === "Allow" && list(s.Action).includes(action)).flatMap((s) => list(s.Resource));

        it("grants no wildcard action or resource", () => {
            for (const s of doc.Statement) {
                expect(
                    list(s.Action).every((x) => !x.endsWith(":*") && x !== "*"),
                    s.Sid,
                ).to.equal(true);
                expect(list(s.Resource)).not.to.include("*");
            }
        });
        it("reads only the source zone", () => {
            expect(allowed("s3:GetObject")).to.deep.equal(["arn:aws:s3:::src/*"]);
            expect(allowed("s3:GetObjectVersion")).to.deep.equal(["arn:aws:s3:::src/*"]);
            expect(allowed("s3:ListBucket")).to.deep.equal(["arn:aws:s3:::src"]);
        });
        it("tags source objects (any version) and nothing else, so the landing zone can expire what it finished", () => {
            expect(doc.Statement.find((s) => s.Sid === "TagFinishedSources")).to.deep.equal({
                Sid: "TagFinishedSources",
                Effect: "Allow",
                Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
                Resource: "arn:aws:s3:::src/*",
            });
            expect(allowed("s3:PutObjectTagging")).to.deep.equal(["arn:aws:s3:::src/*"]);
            expect(allowed("s3:DeleteObjectTagging")).to.deep.equal([]);
        });
        it("writes the target zone and only the quarantine prefix of the source zone", () => {
            expect(allowed("s3:PutObject")).to.have.members(["arn:aws:s3:::src/quarantine/*", "arn:aws:s3:::dst/*"]);
        });
        it("may abort the multipart copies it starts (objects above 5 GiB), only where it writes", () => {
            expect(allowed("s3:AbortMultipartUpload")).to.have.members(["arn:aws:s3:::src/quarantine/*", "arn:aws:s3:::dst/*"]);
        });
        it("uses only the two zone keys", () => {
            for (const action of ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"]) {
                expect(allowed(action)).to.have.members([a.sourceKeyArn, a.targetKeyArn]);
            }
        });
        it("consumes only its queue", () => {
            for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]) {
                expect(allowed(action)).to.deep.equal([a.queueArn]);
            }
            expect(allowed("sqs:SendMessage")).to.deep.equal([]);
        });
        it("is exactly these statements (every Sid, Effect, Action, Resource; no Principal, no Condition)", () => {
            expect(doc).to.deep.equal({
                Version: "2012-10-17",
                Statement: [
                    { Sid: "ReadSourceZone", Effect: "Allow", Action: ["s3:GetObject", "s3:GetObjectVersion"], Resource: "arn:aws:s3:::src/*" },
                    { Sid: "ListSourceZone", Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:::src" },
                    {
                        Sid: "TagFinishedSources",
                        Effect: "Allow",
                        Action: ["s3:GetObjectTagging", "s3:GetObjectVersionTagging", "s3:PutObjectTagging", "s3:PutObjectVersionTagging"],
                        Resource: "arn:aws:s3:::src/*",
                    },
                    {
                        Sid: "WriteSourceQuarantine",
                        Effect: "Allow",
                        Action: ["s3:PutObject", "s3:AbortMultipartUpload"],
                        Resource: "arn:aws:s3:::src/quarantine/*",
                    },
                    { Sid: "WriteTargetZone", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: "arn:aws:s3:::dst/*" },
                    {
                        Sid: "UseZoneKeys",
                        Effect: "Allow",
                        Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:Encrypt"],
                        Resource: [a.sourceKeyArn, a.targetKeyArn],
                    },
                    {
                        Sid: "ConsumeZoneQueue",
                        Effect: "Allow",
                        Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"],
                        Resource: a.queueArn,
                    },
                    // Lambda writes the function's logs with the role: without CreateLogStream no log lands.
                    {
                        Sid: "WriteOwnLogs",
                        Effect: "Allow",
                        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
                        Resource: [a.logGroupArn, `${a.logGroupArn}:*`],
                    },
                ],
            });
        });
        it("logs only to its own log group", () => {
            expect(allowed("logs:PutLogEvents")).to.have.members([a.logGroupArn, `${a.logGroupArn}:*`]);
            expect(allowed("logs:CreateLogGroup")).to.deep.equal([]);
        });
    });
});
