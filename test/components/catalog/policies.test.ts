import { expect } from "chai";
import { crawlerPolicy } from "../../../components/catalog";

const scope = { partition: "aws", region: "eu-west-1", accountId: "123456789012" };
const args = {
    scope,
    bucketArn: "arn:aws:s3:::lake-raw",
    bucketKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/raw",
    database: "lake_raw",
    analyticsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/analytics",
    crawlerName: "datalake_dev_raw_crawler",
};
const queue = "arn:aws:sqs:eu-west-1:123456789012:lake-raw-crawler-events";
const dlq = "arn:aws:sqs:eu-west-1:123456789012:lake-raw-crawler-events-dlq";

describe("catalog documents", () => {
    it("crawlerPolicy in S3 event mode: its zone statements, then exactly what a crawler does with its queue and DLQ", () => {
        const plain = crawlerPolicy(args).Statement;
        expect(crawlerPolicy({ ...args, eventQueueArns: [queue, dlq] })).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                ...plain,
                {
                    Sid: "ConsumeEventQueue",
                    Effect: "Allow",
                    Action: [
                        "sqs:ReceiveMessage",
                        "sqs:DeleteMessage",
                        "sqs:GetQueueUrl",
                        "sqs:GetQueueAttributes",
                        "sqs:SetQueueAttributes",
                        "sqs:ListDeadLetterSourceQueues",
                        "sqs:ListQueueTags",
                        "sqs:PurgeQueue",
                    ],
                    Resource: [queue, dlq],
                },
            ],
        });
    });

    it("crawlerPolicy with an encrypted Data Catalog: the catalog's key too, before the log statement", () => {
        const catalogKey = "arn:aws:kms:eu-west-1:123456789012:key/catalog";
        const plain = crawlerPolicy(args).Statement;
        expect(crawlerPolicy({ ...args, catalogKeyArns: [catalogKey] }).Statement).to.deep.equal([
            ...plain.slice(0, -1),
            { Sid: "UseCatalogKey", Effect: "Allow", Action: ["kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt"], Resource: [catalogKey] },
            plain[plain.length - 1],
        ]);
        expect(crawlerPolicy({ ...args, catalogKeyArns: [] })).to.deep.equal(crawlerPolicy(args));
    });

    it("crawlerPolicy with an empty queue list is the crawl-everything policy: no queue statement", () => {
        expect(crawlerPolicy({ ...args, eventQueueArns: [] })).to.deep.equal(crawlerPolicy(args));
        expect(crawlerPolicy(args).Statement.map((s) => s.Sid)).to.deep.equal([
            "ReadZoneObjects",
            "ListZoneBucket",
            "DecryptZone",
            "UseAnalyticsKey",
            "MaintainZoneCatalog",
            "WriteGlueLogs",
        ]);
    });
});
