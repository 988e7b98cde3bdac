/**
 * Peer of functions/ingest-api/index.ts for the init-time benchmark: the same module-scope work
 * (Firehose client, Powertools) but the schemas compiled by ajv at init instead of the
 * standalone validators generated at build time. Bundled and required by bench/ingest.ts only.
 */
import Ajv from "ajv";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import event from "../functions/ingest-api/schemas/event.schema.json";
import trackBody from "../functions/ingest-api/schemas/trackBody.schema.json";
import aliasBody from "../functions/ingest-api/schemas/aliasBody.schema.json";
import profileBody from "../functions/ingest-api/schemas/profileBody.schema.json";
import impression from "../functions/ingest-api/schemas/impression.schema.json";
import click from "../functions/ingest-api/schemas/click.schema.json";

const ajv = new Ajv({ allErrors: true, schemas: [event, trackBody, aliasBody, profileBody, impression, click] });
export const validators = [trackBody, aliasBody, profileBody, impression, click].map((s) => ajv.getSchema(s.$id)!);
export const firehose = new FirehoseClient({});
export const logger = new Logger({ serviceName: "ingest-api" });
export const metrics = new Metrics({ namespace: "DataLake", serviceName: "ingest-api" });
