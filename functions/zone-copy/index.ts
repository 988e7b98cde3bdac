/** Lambda entry of the copy processor of the hops past the curated zone (processor.ts). Settings are read at init. */
import { S3Client } from "@aws-sdk/client-s3";
import { makeHandler, readCopySettings } from "./processor";

export const handler = makeHandler(readCopySettings(), { s3: new S3Client({}) });
