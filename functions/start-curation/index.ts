/** Lambda entry of the curation starter (starter.ts); CURATE_JOB_NAME is read at init. */
import { GlueClient } from "@aws-sdk/client-glue";
import { makeHandler, readStarterSettings } from "./starter";

export const handler = makeHandler(readStarterSettings(), { glue: new GlueClient({}) });
