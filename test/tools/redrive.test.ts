/**
 * tools/redrive.ts: argument handling, the DLQ lookup from the stack's dlqUrls output, and the
 * calls against a real SQS API (moto). moto has no StartMessageMoveTask / ListMessageMoveTasks,
 * so those two calls (and only those) are answered by a middleware that records their input.
 */
import { expect } from "chai";
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { UsageError, dlqUrlOf, parseRedriveArgs, redrive } from "../../tools/redrive";
import { useMoto } from "../../harness/moto";

describe("redrive (DLQ -> queue)", function () {
    this.timeout(30_000);

    describe("arguments", () => {
        it("takes --stack and --zone, or --dlq-url, and a rate of 1-500", () => {
            expect(parseRedriveArgs(["--stack", "dev", "--zone", "drop"])).to.deep.equal({
                stack: "dev",
                zone: "drop",
                dlqUrl: undefined,
                rate: undefined,
                status: false,
                region: undefined,
                endpoint: undefined,
            });
            expect(parseRedriveArgs(["--dlq-url", "http://q", "--rate", "500", "--status"])).to.include({ dlqUrl: "http://q", rate: 500, status: true });
            expect(parseRedriveArgs(["--stack", "p", "--zone", "raw", "--rate", "1", "--region", "eu-west-1"])).to.include({ rate: 1, region: "eu-west-1" });
        });

        it("refuses what it cannot act on, saying how to call it", () => {
            const bad: [string[], RegExp][] = [
                [[], /give --stack and --zone \(or --dlq-url\)\nusage: npm run redrive/],
                [["--stack", "dev"], /give --stack and --zone/],
                [["--zone", "drop"], /give --stack and --zone/],
                [["--stack", "dev", "--zone", "drop", "--rate", "0"], /--rate must be an integer from 1 to 500, got "0"/],
                [["--stack", "dev", "--zone", "drop", "--rate", "501"], /got "501"/],
                [["--stack", "dev", "--zone", "drop", "--rate", "2.5"], /got "2.5"/],
                [["--stack", "dev", "--zone", "drop", "--bogus"], /Unknown option '--bogus'[\s\S]*usage:/],
            ];
            for (const [argv, message] of bad) expect(() => parseRedriveArgs(argv), argv.join(" ")).to.throw(UsageError, message);
        });

        it("finds the zone's DLQ in the stack's dlqUrls output", () => {
            const outputs = { drop: "https://sqs/drop-dlq", raw: "https://sqs/raw-dlq" };
            expect(dlqUrlOf(outputs, "raw")).to.equal("https://sqs/raw-dlq");
            expect(() => dlqUrlOf(outputs, "curated")).to.throw(UsageError, "the stack has no DLQ for zone 'curated' (zones: drop, raw)");
            expect(() => dlqUrlOf(null, "drop")).to.throw(UsageError, "(zones: none)");
        });
    });

    describe("against SQS (moto)", () => {
        const moto = useMoto();
        let sqs: SQSClient;
        let moves: Record<string, unknown>[];

        before(() => {
            sqs = new SQSClient(moto().clientConfig);
            moves = [];
            sqs.middlewareStack.add(
                (next, context) => async (args) => {
                    if (context.commandName === "StartMessageMoveTaskCommand") {
                        moves.push(args.input as Record<string, unknown>);
                        return { output: { TaskHandle: "task-1", $metadata: {} }, response: {} };
                    }
                    if (context.commandName === "ListMessageMoveTasksCommand") {
                        return {
                            output: {
                                Results: [{ Status: "RUNNING", ApproximateNumberOfMessagesMoved: 1, ApproximateNumberOfMessagesToMove: 2 }],
                                $metadata: {},
                            },
                            response: {},
                        };
                    }
                    return next(args);
                },
                { step: "initialize", name: "noMoveTasksInMoto" },
            );
        });

        async function dlq(name: string, messages: number): Promise<{ url: string; arn: string }> {
            const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
            for (let i = 0; i < messages; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `m${i}` }));
            const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
            return { url: QueueUrl!, arn: attrs.Attributes!.QueueArn! };
        }

        it("starts one move task from the DLQ's ARN back to the source queue, at the given rate", async () => {
            const q = await dlq("redrive-full-dlq", 3);
            const result = await redrive(sqs, q.url, { rate: 25, status: false });
            expect(result).to.deep.equal({ dlqArn: q.arn, messages: 3, taskHandle: "task-1" });
            // No DestinationArn: SQS sends each message back to the queue it was dead-lettered from.
            expect(moves).to.deep.equal([{ SourceArn: q.arn, MaxNumberOfMessagesPerSecond: 25 }]);
        });

        it("starts nothing for an empty DLQ", async () => {
            const q = await dlq("redrive-empty-dlq", 0);
            moves.length = 0;
            expect(await redrive(sqs, q.url, { status: false })).to.deep.equal({ dlqArn: q.arn, messages: 0 });
            expect(moves).to.deep.equal([]);
        });

        it("--status lists the DLQ's move tasks and starts none", async () => {
            const q = await dlq("redrive-status-dlq", 2);
            moves.length = 0;
            const result = await redrive(sqs, q.url, { status: true });
            expect(result).to.deep.equal({
                dlqArn: q.arn,
                messages: 2,
                tasks: [{ status: "RUNNING", moved: 1, toMove: 2, started: undefined, failure: undefined }],
            });
            expect(moves).to.deep.equal([]);
        });
    });
});
