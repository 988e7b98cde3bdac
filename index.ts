/** The Pulumi program: validated stack config -> one DataLake; its names are the stack outputs. */
import { DataLake } from "./components/data-lake";
import { loadConfig } from "./lib/config";

const lake = new DataLake("lake", loadConfig());

export const logsBucket = lake.logs.bucketName;
export const buckets = lake.bucketNames;
export const queueUrls = lake.queueUrls;
export const dlqUrls = lake.dlqUrls;
export const keyArns = lake.keyArns;
export const functionNames = lake.functionNames;
export const alarmTopicArn = lake.alarmTopic.topicArn;
export const deliveryStreams = lake.ingest.deliveryStreamNames;
export const kinesisStreams = lake.ingest.kinesisStreamNames;
export const ingestApiUrl = lake.ingest.apiUrl;
export const ingestApiKeyId = lake.ingest.apiKeyId;
export const glueDatabases = lake.catalog.databaseNames;
export const crawlerNames = lake.catalog.crawlerNames;
export const athenaWorkgroup = lake.athena.workgroupName;
export const athenaResultsBucket = lake.athena.results.bucketName;
export const etlArtifactsBucket = lake.etl.artifacts.bucketName;
export const etlWorkflow = lake.etl.workflowName;
export const etlJobs = { dropToRaw: lake.etl.dropToRawJobNames, rawToCurated: lake.etl.rawToCuratedJobName, apiIngest: lake.etl.apiIngestJobName };
