/**
 * The Pulumi program: validated stack config -> one DataLake. It is a function, and Pulumi takes
 * its result as the stack outputs, so the same program runs under `pulumi up`, inline in the
 * Automation API driver (automation/) and under the mocks (harness/program.ts), any number of
 * times in one process.
 */
import { DataLake } from "./components/data-lake";
import { loadConfig } from "./lib/config";

async function program() {
    const lake = new DataLake("lake", loadConfig());
    return {
        logsBucket: lake.logs.bucketName,
        buckets: lake.bucketNames,
        queueUrls: lake.queueUrls,
        dlqUrls: lake.dlqUrls,
        keyArns: lake.keyArns,
        functionNames: lake.functionNames,
        alarmTopicArn: lake.alarmTopic.topicArn,
        deliveryStreams: lake.ingest.deliveryStreamNames,
        kinesisStreams: lake.ingest.kinesisStreamNames,
        ingestApiUrl: lake.ingest.apiUrl,
        ingestApiKeyId: lake.ingest.apiKeyId,
        glueDatabases: lake.catalog.databaseNames,
        crawlerNames: lake.catalog.crawlerNames,
        athenaWorkgroup: lake.athena.workgroupName,
        athenaResultsBucket: lake.athena.results.bucketName,
        etlArtifactsBucket: lake.etl.artifacts.bucketName,
        etlWorkflow: lake.etl.workflowName,
        etlJobs: { dropToRaw: lake.etl.dropToRawJobNames, rawToCurated: lake.etl.rawToCuratedJobName, apiIngest: lake.etl.apiIngestJobName },
    };
}

// CommonJS `module.exports = program`: Pulumi's Node.js runtime calls an exported function (a
// `default` export is only unwrapped for ES modules).
export = program;
