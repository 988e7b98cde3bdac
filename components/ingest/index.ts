/** The ingest area (props and defaults: ./defaults): Firehose delivery streams (with their Kinesis sources) into the landing zone and the HTTP ingest API, with their pure key layouts, API settings and role documents. */
export * from "./api-settings";
export * from "./defaults";
export * from "./delivery-stream";
export * from "./ingest";
export * from "./ingest-api";
export * from "./policies";
export * from "./stream-layout";
