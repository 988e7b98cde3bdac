/** Kinesis in moto, as the moto tests use it: a client that can talk to it, an active stream, its records. */
import {
    CreateStreamCommand,
    DescribeStreamCommand,
    GetRecordsCommand,
    GetShardIteratorCommand,
    KinesisClient,
    ListShardsCommand,
} from "@aws-sdk/client-kinesis";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { Moto } from "../../harness/moto";

/** moto answers Kinesis over HTTP/1.1 only; the SDK's default handler would try HTTP/2. */
export const motoKinesis = (moto: Moto) => new KinesisClient({ ...moto.clientConfig, requestHandler: new NodeHttpHandler() });

/** Creates `stream` and waits (up to 2.5 s) until it is ACTIVE. */
export async function createActiveStream(kinesis: KinesisClient, stream: string, shards: number): Promise<void> {
    await kinesis.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
    for (let i = 0; i < 50; i++) {
        if ((await kinesis.send(new DescribeStreamCommand({ StreamName: stream }))).StreamDescription?.StreamStatus === "ACTIVE") return;
        await new Promise((r) => setTimeout(r, 50));
    }
}

/** Every record in every shard of `stream`, decoded. */
export async function streamRecords(kinesis: KinesisClient, stream: string): Promise<string[]> {
    const shards = (await kinesis.send(new ListShardsCommand({ StreamName: stream }))).Shards ?? [];
    const out: string[] = [];
    for (const shard of shards) {
        let iterator = (await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: shard.ShardId, ShardIteratorType: "TRIM_HORIZON" })))
            .ShardIterator;
        for (let i = 0; iterator && i < 100; i++) {
            const page = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 10000 }));
            out.push(...(page.Records ?? []).map((r) => Buffer.from(r.Data!).toString("utf8")));
            if (!page.Records?.length) break;
            iterator = page.NextShardIterator;
        }
    }
    return out;
}
