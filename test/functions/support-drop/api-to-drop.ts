/** The API -> Firehose -> drop path in moto, as the end-to-end ingest tests build it. */
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { createHandler } from "../../../functions/ingest-api/handler";
import type { Moto } from "../../../harness/moto";
import { quietPowertools } from "../ingest-fixtures";
import { createDropStream, createLake, Lake } from "./lake";

export interface ApiToDrop {
    lake: Lake;
    /** The ingest handler routing `/<stream>` to the delivery stream `<prefix>-<stream>` (1 MiB bodies, 3 attempts). */
    ingest: ReturnType<typeof createHandler>;
}

/** Builds, before the suite's tests, a lake whose drop zone receives `stream` through Firehose, and the handler posting to it. */
export function useApiToDrop(moto: () => Moto, prefix: string, stream: string): ApiToDrop {
    const path = {} as ApiToDrop;
    before(async () => {
        path.lake = await createLake(moto(), prefix);
        await createDropStream(moto(), path.lake, `${prefix}-${stream}`, stream);
        path.ingest = createHandler({
            firehose: new FirehoseClient(moto().clientConfig),
            settings: { routeStreams: { [`/${stream}`]: `${prefix}-${stream}` }, maxBodyBytes: 1024 * 1024, maxAttempts: 3 },
            ...quietPowertools(),
        });
    });
    return path;
}
