/**
 * EMR's pure parts: where its entry script lives in the artifacts bucket, the job-run request
 * that runs the raw -> curated views on EMR Serverless (the same lakeetl transforms the Glue job
 * runs), the cluster's security configuration (at-rest KMS for EMRFS and local disks, in-transit
 * TLS), and names.
 */
import { NameRules, boundedName } from "../../lib/names";

/** Entry script of the views on EMR (plain Spark, no awsglue): etl/jobs/<EMR_SCRIPT>. */
export const EMR_SCRIPT = "emr_raw_to_curated.py";
/** Artifacts bucket layout of EMR: its entry script, its cluster's TLS certificates. */
export const EMR_PREFIX = "emr/";
export function emrScriptKey(): string {
    return `${EMR_PREFIX}jobs/${EMR_SCRIPT}`;
}
export function certificatesKey(): string {
    return `${EMR_PREFIX}tls/certificates.zip`;
}
/** Prefix of cluster logs in the logs bucket. */
export const CLUSTER_LOG_PREFIX = "emr-logs/";
export { EMR_MANAGED_TAG } from "../network/settings";

/** `<project>-<stack>-<suffix>`, within EMR's 64-character name limit. */
export function emrName(project: string, stack: string, suffix: string): string {
    return boundedName([project, stack, suffix], NameRules.emr);
}

export interface ViewsJobArgs {
    rawBucket: string;
    curatedBucket: string;
    views: string[];
}

/** Arguments of the EMR entry script (the same names raw_to_curated.py reads on Glue). */
export function viewsJobArguments(a: ViewsJobArgs): string[] {
    return ["--raw_path", `s3://${a.rawBucket}/`, "--curated_path", `s3://${a.curatedBucket}/`, "--views", a.views.join(",")];
}

/** A Spark job's entry point, its arguments and its `--conf` flags. */
export interface SparkSubmit {
    entryPoint: string;
    entryPointArguments: string[];
    sparkSubmitParameters: string;
}

/** What runs: a Spark job. */
export interface JobDriver {
    sparkSubmit: SparkSubmit;
}

export interface JobRunRequest {
    applicationId: string;
    executionRoleArn: string;
    name: string;
    jobDriver: JobDriver;
}

/**
 * `aws emr-serverless start-job-run --cli-input-json` body: the entry script with the lakeetl
 * zip on the Python path, UTC session time and ANSI off (as on Glue 5.1), no _SUCCESS markers
 * (zone processors get an event per object written).
 */
export function jobRunRequest(
    a: ViewsJobArgs & { applicationId: string; executionRoleArn: string; scriptUri: string; packageUri: string; name: string },
): JobRunRequest {
    const conf = [
        `spark.submit.pyFiles=${a.packageUri}`,
        "spark.sql.session.timeZone=UTC",
        "spark.sql.ansi.enabled=false",
        "spark.hadoop.mapreduce.fileoutputcommitter.marksuccessfuljobs=false",
        "spark.hadoop.hive.metastore.client.factory.class=com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
    ];
    return {
        applicationId: a.applicationId,
        executionRoleArn: a.executionRoleArn,
        name: a.name,
        jobDriver: {
            sparkSubmit: {
                entryPoint: a.scriptUri,
                entryPointArguments: viewsJobArguments(a),
                sparkSubmitParameters: conf.map((c) => `--conf ${c}`).join(" "),
            },
        },
    };
}

export interface SecurityConfigurationArgs {
    /** EMR key: EMRFS default and local disks. */
    emrKeyArn: string;
    /** Zone buckets and their keys: EMRFS writes each bucket with its own key (zone bucket policies deny any other). */
    bucketKeys: { bucket: string; keyArn: string }[];
    /** S3 URI of the PEM zip (privateKey.pem, certificateChain.pem, trustedCertificates.pem). */
    certificatesUri: string;
}

/** The cluster's security configuration: at-rest SSE-KMS (per-bucket keys) and KMS local disks with EBS encryption; in-transit TLS with PEM certificates. */
export function securityConfiguration(a: SecurityConfigurationArgs): Record<string, unknown> {
    return {
        EncryptionConfiguration: {
            EnableInTransitEncryption: true,
            EnableAtRestEncryption: true,
            InTransitEncryptionConfiguration: { TLSCertificateConfiguration: { CertificateProviderType: "PEM", S3Object: a.certificatesUri } },
            AtRestEncryptionConfiguration: {
                S3EncryptionConfiguration: {
                    EncryptionMode: "SSE-KMS",
                    AwsKmsKey: a.emrKeyArn,
                    Overrides: a.bucketKeys.map((b) => ({ BucketName: b.bucket, EncryptionMode: "SSE-KMS", AwsKmsKey: b.keyArn })),
                },
                LocalDiskEncryptionConfiguration: { EncryptionKeyProviderType: "AwsKms", AwsKmsKey: a.emrKeyArn, EnableEbsEncryption: true },
            },
        },
    };
}

/** Spark's catalog on the cluster: the Glue Data Catalog. */
export const CLUSTER_CONFIGURATIONS = [
    {
        Classification: "spark-hive-site",
        Properties: { "hive.metastore.client.factory.class": "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory" },
    },
];

/** The cluster's three EMR-managed security groups (ids, or anything standing for them). */
export interface ClusterGroups<T> {
    primary: T;
    core: T;
    serviceAccess: T;
}

/** One security group rule: on `group`, to or from another group of the cluster or a CIDR. */
export interface GroupRule<T> {
    /** Resource name suffix. */
    name: string;
    direction: "ingress" | "egress";
    group: T;
    peer: { group: T } | { cidrIpv4: string };
    /** "tcp" with a port, or "-1" (every protocol and port). */
    ipProtocol: "tcp" | "-1";
    port?: number;
    description: string;
}

/** The port the primary node reaches the service-access group on (EMR 5.30.0 and later). */
export const SERVICE_ACCESS_PORT = 9443;
/** The port the cluster manager reaches the nodes on, through the service-access group. */
export const CLUSTER_MANAGER_PORT = 8443;
const HTTPS = 443;

/**
 * The rules EMR documents for its managed groups in a private subnet that it does not write
 * itself (it adds only missing inbound node rules at launch, ManagementGuide/emr-man-sec-groups.html),
 * needed because the provider removes AWS's default allow-all egress: the service-access group
 * takes 9443 from the primary group (EMR refuses the cluster otherwise) and reaches both node
 * groups on 8443; the nodes talk to each other on every port (YARN, HDFS, Spark's shuffle and
 * executors) and reach AWS APIs over HTTPS: S3 and DynamoDB through the gateway endpoints, Glue,
 * KMS and EMR through the interface endpoints (network/settings.ts), anything else through NAT
 * when one is configured. EMR's own default groups allow all egress; only HTTPS leaves the VPC here.
 */
export function clusterGroupRules<T>(g: ClusterGroups<T>): GroupRule<T>[] {
    const nodes: [string, T][] = [
        ["primary", g.primary],
        ["core", g.core],
    ];
    return [
        {
            name: "service-access-from-primary",
            direction: "ingress",
            group: g.serviceAccess,
            peer: { group: g.primary },
            ipProtocol: "tcp",
            port: SERVICE_ACCESS_PORT,
            description: "Primary node to the EMR service access group",
        },
        ...nodes.map(([role, group]): GroupRule<T> => ({
            name: `service-access-to-${role}`,
            direction: "egress",
            group: g.serviceAccess,
            peer: { group },
            ipProtocol: "tcp",
            port: CLUSTER_MANAGER_PORT,
            description: `EMR cluster manager to the ${role} nodes`,
        })),
        {
            name: "primary-to-service-access",
            direction: "egress",
            group: g.primary,
            peer: { group: g.serviceAccess },
            ipProtocol: "tcp",
            port: SERVICE_ACCESS_PORT,
            description: "Primary node to the EMR service access group",
        },
        ...nodes.flatMap(([from, group]) =>
            nodes.map(([to, peer]): GroupRule<T> => ({
                name: `${from}-to-${to}`,
                direction: "egress",
                group,
                peer: { group: peer },
                ipProtocol: "-1",
                description: `Cluster traffic from the ${from} to the ${to} nodes`,
            })),
        ),
        ...nodes.map(([role, group]): GroupRule<T> => ({
            name: `${role}-https-out`,
            direction: "egress",
            group,
            peer: { cidrIpv4: "0.0.0.0/0" },
            ipProtocol: "tcp",
            port: HTTPS,
            description: "HTTPS to AWS APIs: S3 and DynamoDB gateway endpoints, interface endpoints, NAT when configured",
        })),
    ];
}

/** vCPU / GB strings EMR Serverless takes for maximum capacity. */
export function serverlessCapacity(c: { maxVcpu: number; maxMemoryGb: number; maxDiskGb: number }): { cpu: string; memory: string; disk: string } {
    return { cpu: `${c.maxVcpu} vCPU`, memory: `${c.maxMemoryGb} GB`, disk: `${c.maxDiskGb} GB` };
}
