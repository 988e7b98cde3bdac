/** EMR under the mocks: the serverless application and the cluster, their roles scoped to the zones, encryption and logs. */
import { expect } from "chai";
import { program, Resources, RecordedResource } from "../../../harness/program";
import { EMR_VIEWS } from "../../../components/emr";

const policyOf = (r: RecordedResource) => JSON.parse(r.props.policy);
const zone = (res: Resources, name: string) => ({
    bucket: res.one("aws:s3/bucket:Bucket", `${name}-bucket`).outputs,
    key: res.one("aws:kms/key:Key", `lake-${name}-key`).outputs,
});
const resources = (p: { Statement: { Resource: string | string[] }[] }) => p.Statement.flatMap((s) => [s.Resource].flat());

/** The zones' part of a job policy: read raw, write only the curated views' prefixes, their keys, create `default`. */
function expectZoneScoped(res: Resources, p: { Statement: { Sid: string; Resource: string | string[] }[] }) {
    const raw = zone(res, "raw");
    const curated = zone(res, "curated");
    const drop = zone(res, "drop");
    const bySid = Object.fromEntries(p.Statement.map((s) => [s.Sid, s]));
    expect(bySid.ReadRaw.Resource).to.equal(`${raw.bucket.arn}/*`);
    expect(bySid.WriteCuratedViews.Resource).to.deep.equal(EMR_VIEWS.map((v) => `${curated.bucket.arn}/${v}/*`));
    expect(bySid.UseCuratedKey.Resource).to.deep.equal([curated.key.arn]);
    expect(bySid.DecryptRaw.Resource).to.deep.equal([raw.key.arn]);
    // Spark's Glue metastore client may create `default`: the same grant, scoped the same way, as the Glue jobs'.
    const catalog = (bySid.ReadCatalog.Resource as string[])[0];
    expect(bySid.CreateDefaultDatabase).to.deep.include({
        Action: "glue:CreateDatabase",
        Resource: [catalog, catalog.replace(/:catalog$/, ":database/default")],
    });
    const all = resources(p).join(" ");
    expect(all).not.to.include(drop.bucket.arn);
    expect(all).not.to.include(drop.key.arn);
}

describe("emr: serverless", function () {
    this.timeout(120_000);
    let res: Resources;
    before(async () => {
        res = await program("dev", { emr: { mode: "serverless", serverless: { autoStopIdleMinutes: 30, maxVcpu: 16, maxMemoryGb: 64 } } });
    });

    it("a Spark application with the release, auto-start, auto-stop, maximum capacity, in the private subnets", () => {
        const app = res.one("aws:emrserverless/application:Application", "emr-application");
        expect(app.props).to.deep.include({
            type: "spark",
            releaseLabel: "emr-7.11.0",
            autoStartConfiguration: { enabled: true },
            autoStopConfiguration: { enabled: true, idleTimeoutMinutes: 30 },
            maximumCapacity: { cpu: "16 vCPU", memory: "64 GB", disk: "1000 GB" },
        });
        expect(app.props.networkConfiguration).to.deep.equal({
            subnetIds: res.one("awsx:ec2:Vpc", "network-vpc").outputs.isolatedSubnetIds,
            securityGroupIds: ["lake-emr-sg-id"],
        });
        const logs = app.props.monitoringConfiguration.cloudwatchLoggingConfiguration;
        expect(logs).to.deep.include({ enabled: true, encryptionKeyArn: res.one("aws:kms/key:Key", "lake-logs-key-key").outputs.arn });
        expect(res.byType("aws:kms/key:Key").filter((k) => k.name.includes("emr"))).to.deep.equal([]);
        expect(res.one("aws:cloudwatch/logGroup:LogGroup", "emr-logs").props.name).to.equal(logs.logGroupName);
    });

    it("the job role: EMR Serverless only, scoped to the zones, its code and its log group", () => {
        const trust = JSON.parse(res.one("aws:iam/role:Role", "emr-job-role").props.assumeRolePolicy);
        expect(trust.Statement[0].Principal).to.deep.equal({ Service: "emr-serverless.amazonaws.com" });
        const p = policyOf(res.one("aws:iam/rolePolicy:RolePolicy", "emr-job-policy"));
        expectZoneScoped(res, p);
        const artifacts = res.one("aws:s3/bucket:Bucket", "etl-artifacts-bucket").outputs.arn;
        expect(p.Statement.find((s: { Sid: string }) => s.Sid === "ReadCode").Resource).to.deep.equal([`${artifacts}/emr/*`, `${artifacts}/glue/packages/*`]);
    });

    it("ships etl/jobs/emr_raw_to_curated.py next to the Glue scripts, encrypted with the analytics key", () => {
        const script = res.one("aws:s3/bucketObjectv2:BucketObjectv2", "emr-script");
        expect(script.props).to.deep.include({
            key: "emr/jobs/emr_raw_to_curated.py",
            serverSideEncryption: "aws:kms",
            kmsKeyId: res.one("aws:kms/key:Key", "analytics-key-key").outputs.arn,
        });
    });
});

describe("emr: cluster", function () {
    this.timeout(120_000);
    let res: Resources;
    before(async () => {
        res = await program("dev", {
            emr: { mode: "cluster", cluster: { coreInstanceType: "r6g.2xlarge", coreInstanceCount: 3, keyPair: "ops", idleTimeoutMinutes: 30 } },
        });
    });

    it("release, instance types and counts from config, one private subnet, key pair, idle auto-termination, logs to the logs bucket encrypted", () => {
        const c = res.one("aws:emr/cluster:Cluster", "emr-cluster");
        expect(c.props).to.deep.include({ releaseLabel: "emr-7.11.0", applications: ["Spark"], autoTerminationPolicy: { idleTimeout: 1800 } });
        expect(c.props.masterInstanceGroup).to.deep.include({ instanceType: "m5.xlarge", instanceCount: 1 });
        expect(c.props.coreInstanceGroup).to.deep.include({ instanceType: "r6g.2xlarge", instanceCount: 3 });
        expect(c.props.ec2Attributes).to.deep.include({ keyName: "ops", subnetId: res.one("awsx:ec2:Vpc", "network-vpc").outputs.isolatedSubnetIds[0] });
        const logs = res.one("aws:s3/bucket:Bucket", "access-logs-bucket").outputs.bucket;
        expect(c.props.logUri).to.equal(`s3://${logs}/emr-logs/`);
        expect(c.props.logEncryptionKmsKeyId).to.equal(res.one("aws:kms/key:Key", "emr-cmk-key").outputs.arn);
        expect(c.props.securityConfiguration).to.equal(res.one("aws:emr/securityConfiguration:SecurityConfiguration", "emr-security").props.name);
    });

    it("security configuration: at rest with KMS (each zone bucket with its own key, local disks and EBS), in transit with PEM certificates", () => {
        const config = JSON.parse(res.one("aws:emr/securityConfiguration:SecurityConfiguration", "emr-security").props.configuration).EncryptionConfiguration;
        const emrKey = res.one("aws:kms/key:Key", "emr-cmk-key").outputs.arn;
        expect(config).to.deep.include({ EnableAtRestEncryption: true, EnableInTransitEncryption: true });
        const s3 = config.AtRestEncryptionConfiguration.S3EncryptionConfiguration;
        expect(s3.Overrides).to.deep.equal(
            ["raw", "curated"].map((z) => ({ BucketName: zone(res, z).bucket.bucket, EncryptionMode: "SSE-KMS", AwsKmsKey: zone(res, z).key.arn })),
        );
        expect(config.AtRestEncryptionConfiguration.LocalDiskEncryptionConfiguration).to.deep.equal({
            EncryptionKeyProviderType: "AwsKms",
            AwsKmsKey: emrKey,
            EnableEbsEncryption: true,
        });
        const tls = config.InTransitEncryptionConfiguration.TLSCertificateConfiguration;
        const zip = res.one("aws:s3/bucketObjectv2:BucketObjectv2", "emr-tls-certificates");
        expect(tls).to.deep.equal({ CertificateProviderType: "PEM", S3Object: `s3://${zip.props.bucket}/emr/tls/certificates.zip` });
        expect(zip.props.serverSideEncryption).to.equal("aws:kms");
    });

    it("the nodes' role is scoped to the zones and may write only emr-logs/ of the logs bucket; the service role passes only it", () => {
        const p = policyOf(res.one("aws:iam/rolePolicy:RolePolicy", "emr-instance-policy"));
        expectZoneScoped(res, p);
        const logsArn = res.one("aws:s3/bucket:Bucket", "access-logs-bucket").outputs.arn;
        expect(p.Statement.find((s: { Sid: string }) => s.Sid === "WriteClusterLogs").Resource).to.equal(`${logsArn}/emr-logs/*`);
        const service = policyOf(res.one("aws:iam/rolePolicy:RolePolicy", "emr-service-policy"));
        expect(service.Statement[0]).to.deep.include({ Action: "iam:PassRole", Resource: res.one("aws:iam/role:Role", "emr-instance-role").outputs.arn });
        expect(res.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "emr-service-managed").props.policyArn).to.match(/AmazonEMRServicePolicy_v2$/);
    });

    it("EMR-managed security groups and subnets carry the tag AmazonEMRServicePolicy_v2 requires", () => {
        for (const role of ["primary", "core", "service-access"]) {
            expect(res.one("aws:ec2/securityGroup:SecurityGroup", `emr-${role}-sg`).props.tags).to.deep.include({
                "for-use-with-amazon-emr-managed-policies": "true",
            });
        }
        expect(res.one("awsx:ec2:Vpc", "network-vpc").props.subnetSpecs[0].tags).to.deep.equal({ "for-use-with-amazon-emr-managed-policies": "true" });
    });

    it("the groups' rules EMR documents for a private subnet and does not write: service access 9443 in and 8443 out, node egress", () => {
        const sg = (role: string) => res.one("aws:ec2/securityGroup:SecurityGroup", `emr-${role}-sg`).id;
        const [primary, core, serviceAccess] = [sg("primary"), sg("core"), sg("service-access")];
        const rules = [
            ...res.byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => ["in", r] as const),
            ...res.byType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule").map((r) => ["out", r] as const),
        ]
            .filter(([, r]) => [primary, core, serviceAccess].includes(r.props.securityGroupId))
            .map(([direction, r]) => [
                direction,
                r.props.securityGroupId,
                r.props.referencedSecurityGroupId ?? r.props.cidrIpv4,
                r.props.ipProtocol,
                r.props.fromPort,
                r.props.toPort,
            ]);
        expect(rules).to.have.deep.members([
            ["in", serviceAccess, primary, "tcp", 9443, 9443],
            ["out", serviceAccess, primary, "tcp", 8443, 8443],
            ["out", serviceAccess, core, "tcp", 8443, 8443],
            ["out", primary, serviceAccess, "tcp", 9443, 9443],
            ["out", primary, primary, "-1", undefined, undefined],
            ["out", primary, core, "-1", undefined, undefined],
            ["out", core, core, "-1", undefined, undefined],
            ["out", core, primary, "-1", undefined, undefined],
            ["out", primary, "0.0.0.0/0", "tcp", 443, 443],
            ["out", core, "0.0.0.0/0", "tcp", 443, 443],
        ]);
        // The cluster is created after its rules (EMR checks 9443 at creation).
        const ruleUrns = res
            .byType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")
            .concat(res.byType("aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"))
            .filter((r) => [primary, core, serviceAccess].includes(r.props.securityGroupId))
            .map((r) => r.urn);
        expect(res.one("aws:emr/cluster:Cluster", "emr-cluster").dependencies).to.include.members(ruleUrns);
        // Separate rule resources only: inline rules would remove the inbound rules EMR adds at launch.
        for (const role of ["primary", "core", "service-access"]) {
            expect(res.one("aws:ec2/securityGroup:SecurityGroup", `emr-${role}-sg`).props).not.to.have.any.keys("ingress", "egress");
        }
    });
});
