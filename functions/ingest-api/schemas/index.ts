/**
 * The JSON Schemas the ingest function validates request bodies with, and which route takes
 * which: the one source of both the validators (build-validators.ts compiles them ahead of time)
 * and the API's OpenAPI document (../openapi.ts). Every `*.schema.json` of this folder is listed
 * here (test/functions/ingest-openapi.test.ts checks it).
 */
import type { IngestRoute } from "../../../lib/contract";
import aliasBody from "./aliasBody.schema.json";
import click from "./click.schema.json";
import event from "./event.schema.json";
import impression from "./impression.schema.json";
import profileBody from "./profileBody.schema.json";
import trackBody from "./trackBody.schema.json";

/** A schema file's content: draft-07, named by its `$id` (the file name), with examples of valid items. */
export type BodySchema = Record<string, unknown> & { $id: string; title: string; description: string; examples: unknown[] };

/** Every schema, in file name order (the order ajv compiles them in). */
export const BODY_SCHEMAS: readonly BodySchema[] = [aliasBody, click, event, impression, profileBody, trackBody];

/** The schema ($id) each route's records must satisfy. */
export const ROUTE_SCHEMAS: Record<IngestRoute, string> = {
    "/track": trackBody.$id,
    "/alias": aliasBody.$id,
    "/profile": profileBody.$id,
    "/impressions": impression.$id,
    "/clicks": click.$id,
};
