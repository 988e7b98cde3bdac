/**
 * The EMR area's own args, its limits and its defaults, applied inside `EmrServerless` and
 * `EmrCluster` (`emrServerlessWithDefaults`, `emrClusterWithDefaults`). Pure, so
 * lib/config-optional.ts validates the stack config's `emr` against the same limits and maps it here.
 */
import type * as pulumi from "@pulumi/pulumi";
import { lakeContext, type LakeContext, type ResolvedLakeContext } from "../../lib/lake-context";
import { refuse, withDefaults } from "../../lib/defaults";

/**
 * EC2 instance types EMR runs (current general purpose, compute and memory families, xlarge and
 * up; `.large` sizes and older generations are not offered for EMR in most regions).
 */
export const EMR_INSTANCE_TYPE =
    /^(m5|m5a|m5d|m6a|m6g|m6gd|m6i|m6id|m7a|m7g|m7gd|m7i|c5|c5a|c5d|c6a|c6g|c6gd|c6i|c7a|c7g|c7i|r5|r5a|r5d|r6a|r6g|r6gd|r6i|r7a|r7g|r7gd|r7i)\.(xlarge|(2|4|8|9|12|16|24|32|48)xlarge)$/;

export const EMR_INSTANCE_TYPE_RULE = "an EMR instance type like m5.xlarge, m6g.2xlarge or r7i.4xlarge (m/c/r families of generation 5-7, xlarge and up)";

/** `emr-X.Y.Z` of the 6.x and 7.x series (release labels are always three numbers). */
export const EMR_RELEASE_LABEL = /^emr-(6|7)\.(\d+)\.(\d+)$/;
export const EMR_RELEASE_RULE = "an EMR 6.x or 7.x release label like emr-7.11.0";

/** The first release EMR Serverless offers ("With Amazon EMR 6.6.0 and higher", release-versions.html). */
export const EMR_SERVERLESS_FIRST_RELEASE = "emr-6.6.0";
export const EMR_SERVERLESS_RELEASE_RULE = `EMR Serverless offers ${EMR_SERVERLESS_FIRST_RELEASE} and later: set a later release or leave it unset`;

/** Whether `label` (an `emr-X.Y.Z` label) is at least `floor`. */
export function releaseAtLeast(label: string, floor: string): boolean {
    const parts = (l: string) => (EMR_RELEASE_LABEL.exec(l) ?? []).slice(1).map(Number);
    const [a, b] = [parts(label), parts(floor)];
    const i = a.findIndex((n, k) => n !== b[k]);
    return i === -1 || a[i] > b[i];
}

/**
 * Listed for Serverless in the EMR Serverless User Guide's "Release versions"
 * (EMR-Serverless-UserGuide/release-versions.html, checked December 2026: 6.6.0 to 7.14.0), with
 * Spark 3.5.6 there (release-version-7110.html), the Spark of Glue 5.1 that runs the same views;
 * the newer labels' Spark versions were not confirmed. EMR on EC2 offers it too.
 */
export const EMR_DEFAULT_RELEASE = "emr-7.11.0";

/** Primary nodes of a cluster: one, or three for high availability. */
export const PrimaryInstanceCount = { single: 1, highAvailability: 3 } as const;
export type PrimaryInstanceCount = (typeof PrimaryInstanceCount)[keyof typeof PrimaryInstanceCount];

/** Both modes: the EMR release. */
export interface EmrReleaseProps {
    /**
     * EMR release label (6.x or 7.x; EMR Serverless runs `EMR_SERVERLESS_FIRST_RELEASE` and later).
     * @default "emr-7.11.0" (Spark 3.5.6, as Glue 5.1)
     */
    releaseLabel?: string;
}

/** An EMR Serverless application's idle stop and capacity caps. */
export interface EmrServerlessProps extends EmrReleaseProps {
    /**
     * Stop the application after this many idle minutes (1-10080).
     * @default 15
     */
    autoStopIdleMinutes?: number;
    /**
     * Maximum vCPUs across all workers.
     * @default 32
     */
    maxVcpu?: number;
    /**
     * Maximum memory (GB) across all workers.
     * @default 128
     */
    maxMemoryGb?: number;
    /**
     * Maximum disk (GB) across all workers.
     * @default 1000
     */
    maxDiskGb?: number;
}

/** An EMR on EC2 cluster's nodes, access and idle termination. */
export interface EmrClusterProps extends EmrReleaseProps {
    /**
     * Primary node type (`EMR_INSTANCE_TYPE`).
     * @default "m5.xlarge"
     */
    primaryInstanceType?: string;
    /**
     * Primary nodes: 1, or 3 for high availability.
     * @default 1
     */
    primaryInstanceCount?: PrimaryInstanceCount;
    /**
     * Core node type (`EMR_INSTANCE_TYPE`).
     * @default "m5.xlarge"
     */
    coreInstanceType?: string;
    /**
     * Core nodes (1-50).
     * @default 1
     */
    coreInstanceCount?: number;
    /**
     * EC2 key pair for SSH to the primary node.
     * @default undefined (no SSH)
     */
    keyPair?: string;
    /**
     * Terminate the cluster after this many idle minutes (1-10080).
     * @default 60
     */
    idleTimeoutMinutes?: number;
}

export type ResolvedEmrServerlessProps = Required<EmrServerlessProps>;
export type ResolvedEmrClusterProps = Required<Omit<EmrClusterProps, "keyPair">> & Pick<EmrClusterProps, "keyPair">;

export const EMR_SERVERLESS_DEFAULTS = {
    releaseLabel: EMR_DEFAULT_RELEASE,
    autoStopIdleMinutes: 15,
    maxVcpu: 32,
    maxMemoryGb: 128,
    maxDiskGb: 1000,
} as const satisfies ResolvedEmrServerlessProps;

export const EMR_CLUSTER_DEFAULTS = {
    releaseLabel: EMR_DEFAULT_RELEASE,
    primaryInstanceType: "m5.xlarge",
    primaryInstanceCount: 1,
    coreInstanceType: "m5.xlarge",
    coreInstanceCount: 1,
    idleTimeoutMinutes: 60,
} as const satisfies Omit<ResolvedEmrClusterProps, "keyPair">;

/** A setting EMR refuses: the setting and why (lib/config-optional reports them as config errors). */
export interface EmrSettingIssue<S> {
    setting: keyof S & string;
    message: string;
}

/** A release label EMR does not have. */
function releaseIssues(releaseLabel: string): EmrSettingIssue<EmrReleaseProps>[] {
    return EMR_RELEASE_LABEL.test(releaseLabel) ? [] : [{ setting: "releaseLabel", message: EMR_RELEASE_RULE }];
}

/** Releases EMR Serverless does not run. */
export function emrServerlessIssues(p: Pick<ResolvedEmrServerlessProps, "releaseLabel">): EmrSettingIssue<EmrServerlessProps>[] {
    const malformed = releaseIssues(p.releaseLabel);
    if (malformed.length) return malformed;
    return releaseAtLeast(p.releaseLabel, EMR_SERVERLESS_FIRST_RELEASE) ? [] : [{ setting: "releaseLabel", message: EMR_SERVERLESS_RELEASE_RULE }];
}

/** Releases and instance types an EMR cluster cannot have. */
export function emrClusterIssues(p: ResolvedEmrClusterProps): EmrSettingIssue<EmrClusterProps>[] {
    return [
        ...releaseIssues(p.releaseLabel),
        ...(["primaryInstanceType", "coreInstanceType"] as const)
            .filter((setting) => !EMR_INSTANCE_TYPE.test(p[setting]))
            .map((setting) => ({ setting, message: EMR_INSTANCE_TYPE_RULE })),
    ];
}

/** `props` with the defaults of what it leaves out; throws on a release EMR Serverless does not run. */
export function emrServerlessWithDefaults(props: EmrServerlessProps): ResolvedEmrServerlessProps {
    const resolved: ResolvedEmrServerlessProps = withDefaults(props, EMR_SERVERLESS_DEFAULTS);
    refuse("EmrServerless", emrServerlessIssues(resolved));
    return resolved;
}

/** `props` with the defaults of what it leaves out (`keyPair` stays unset: no SSH); throws on a release or instance type EMR refuses. */
export function emrClusterWithDefaults(props: EmrClusterProps): ResolvedEmrClusterProps {
    const resolved: ResolvedEmrClusterProps = {
        ...withDefaults(props, EMR_CLUSTER_DEFAULTS),
        ...(props.keyPair !== undefined && { keyPair: props.keyPair }),
    };
    refuse("EmrCluster", emrClusterIssues(resolved));
    return resolved;
}

/** A zone as EMR sees it. */
export interface EmrZoneInput {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    keyArn: pulumi.Input<string>;
    /** Its Glue database. */
    database: pulumi.Input<string>;
}

/** The ETL artifacts bucket (the Etl component's): EMR's entry script goes next to Glue's. */
export interface EmrArtifacts {
    bucketName: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** Its key (the analytics key). */
    keyArn: pulumi.Input<string>;
    /** S3 URI of the lakeetl zip the Glue jobs use. */
    packageUri: pulumi.Input<string>;
    /** Prefix of that zip in the bucket (the job role may read it). */
    packagePrefix: string;
}

/** The VPC EMR runs in. */
export interface EmrNetwork {
    /** The VPC's id. */
    vpcId: pulumi.Input<string>;
    /** The subnets EMR runs in. */
    subnetIds: pulumi.Input<string[]>;
}

/** What both modes are given: where they run, the zones they read and write, and the artifacts bucket. */
export interface EmrCommonArgs {
    /** The VPC whose subnets EMR runs in. Required. */
    network: EmrNetwork;
    /** The zone the views read. Required. */
    raw: EmrZoneInput;
    /** The zone the views write. Required. */
    curated: EmrZoneInput;
    /** Where the entry script goes, next to the lakeetl package. Required. */
    artifacts: EmrArtifacts;
    /**
     * Account scope; `retainData` (the EMR key protected and retained), `logRetentionDays` and
     * `logsKeyArn` (required by EmrServerless) for its log group. Required.
     */
    context: LakeContext;
    /**
     * Keys the account's Data Catalog is encrypted with (Catalog `catalogKeyArns`): the jobs read the catalog with them.
     * @default []
     */
    catalogKeyArns?: pulumi.Input<string>[];
}

/** The common args with their defaults applied (the context's too). */
export type ResolvedEmrCommonArgs = Omit<EmrCommonArgs, "context" | "catalogKeyArns"> & {
    context: ResolvedLakeContext;
    catalogKeyArns: pulumi.Input<string>[];
};

/** The common args' defaults. */
export function emrCommonWithDefaults(args: EmrCommonArgs): ResolvedEmrCommonArgs {
    return {
        network: args.network,
        raw: args.raw,
        curated: args.curated,
        artifacts: args.artifacts,
        context: lakeContext(args.context),
        catalogKeyArns: args.catalogKeyArns ?? [],
    };
}
