/** The Pulumi program: validated stack config -> one DataLake; its `outputs` are the stack outputs. */
import { DataLake } from "./components/data-lake";
import { loadConfig } from "./lib/config";

const lake = new DataLake("lake", loadConfig());

export const {
    logsBucket,
    buckets,
    queueUrls,
    dlqUrls,
    keyArns,
    functionNames,
    alarmTopicArn,
    deliveryStreams,
    kinesisStreams,
    ingestApiUrl,
    ingestApiKeyId,
    glueDatabases,
    crawlerNames,
    athenaWorkgroup,
    athenaResultsBucket,
    etlArtifactsBucket,
    etlWorkflow,
    etlJobs,
    opsDashboard,
    trailBucket,
    sandboxBucket,
    personaRoleArns,
    vpcId,
    warehouseArn,
    warehouseAdminSecretArn,
    emrApplicationId,
    emrJobRunRequest,
    emrClusterId,
    realtimeDashboard,
    trafficTable,
} = lake.outputs;
