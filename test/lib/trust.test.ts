import { expect } from "chai";
import { serviceTrustPolicy as roleTrustPolicy, statementId } from "../../lib/iam";
import { serviceTrust, serviceTrustPolicy, trustConditions, trustedServices } from "../../lib/trust";
import { grammarIssues } from "../../policy/iam-grammar";

describe("lib/trust: what each service sends when it assumes a role", () => {
    it("lists the services the lake's roles trust, each with the AWS page its trust policy comes from", () => {
        expect(trustedServices()).to.deep.equal([
            "lambda.amazonaws.com",
            "glue.amazonaws.com",
            "firehose.amazonaws.com",
            "apigateway.amazonaws.com",
            "scheduler.amazonaws.com",
            "vpc-flow-logs.amazonaws.com",
            "redshift.amazonaws.com",
            "emr-serverless.amazonaws.com",
            "elasticmapreduce.amazonaws.com",
            "cloudtrail.amazonaws.com",
            "lakeformation.amazonaws.com",
            "ec2.amazonaws.com",
        ]);
        for (const s of trustedServices()) expect(serviceTrust(s)!.documentation, s).to.match(/^https:\/\/docs\.aws\.amazon\.com\//);
    });

    it("Firehose: sts:ExternalId = the account; Scheduler: aws:SourceAccount; Lambda, Glue and API Gateway: none", () => {
        const ctx = { accountId: "123456789012" };
        expect(trustConditions("firehose.amazonaws.com", ctx)).to.deep.equal({ StringEquals: { "sts:ExternalId": "123456789012" } });
        expect(trustConditions("scheduler.amazonaws.com", ctx)).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        for (const s of ["lambda.amazonaws.com", "glue.amazonaws.com", "apigateway.amazonaws.com"]) expect(trustConditions(s, ctx), s).to.equal(undefined);
    });

    it("the optional parts: VPC Flow Logs and the EMR service role send aws:SourceAccount; Redshift, EMR Serverless and EC2: none", () => {
        const ctx = { accountId: "123456789012" };
        for (const s of ["vpc-flow-logs.amazonaws.com", "elasticmapreduce.amazonaws.com"])
            expect(trustConditions(s, ctx), s).to.deep.equal({ StringEquals: { "aws:SourceAccount": "123456789012" } });
        for (const s of ["redshift.amazonaws.com", "emr-serverless.amazonaws.com", "ec2.amazonaws.com"]) expect(trustConditions(s, ctx), s).to.equal(undefined);
    });

    it("CloudTrail's CloudWatch Logs role: none (its page says that role supports neither aws:SourceArn nor aws:SourceAccount)", () => {
        expect(trustConditions("cloudtrail.amazonaws.com", { accountId: "123456789012" })).to.equal(undefined);
    });

    it("refuses a service it does not know, and a condition value it is not given", () => {
        expect(() => serviceTrustPolicy("sagemaker.amazonaws.com", {}, "SagemakerAssumeRole")).to.throw(/no trust entry for sagemaker\.amazonaws\.com/);
        expect(() => serviceTrustPolicy("firehose.amazonaws.com", {}, "FirehoseAssumeRole")).to.throw(/needs accountId \(sts:ExternalId\)/);
    });

    it("builds the one-statement trust policy, without a Resource (IAM rejects it in trust policies)", () => {
        expect(serviceTrustPolicy("scheduler.amazonaws.com", { accountId: "123456789012" }, "SchedulerAssumeRole")).to.deep.equal({
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "SchedulerAssumeRole",
                    Effect: "Allow",
                    Principal: { Service: "scheduler.amazonaws.com" },
                    Action: "sts:AssumeRole",
                    Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
                },
            ],
        });
    });

    it("every service's trust policy (lib/iam) is named after the service with a Sid IAM accepts, and follows the policy grammar", () => {
        const sids = trustedServices().map((service) => {
            const policy = roleTrustPolicy(service, "123456789012");
            expect(grammarIssues({ ...policy }, "trust"), service).to.deep.equal([]);
            return policy.Statement[0].Sid;
        });
        expect(sids).to.deep.equal([
            "LambdaAssumeRole",
            "GlueAssumeRole",
            "FirehoseAssumeRole",
            "ApigatewayAssumeRole",
            "SchedulerAssumeRole",
            "VpcFlowLogsAssumeRole",
            "RedshiftAssumeRole",
            "EmrServerlessAssumeRole",
            "ElasticmapreduceAssumeRole",
            "CloudtrailAssumeRole",
            "LakeformationAssumeRole",
            "Ec2AssumeRole",
        ]);
    });

    it("statementId keeps only letters and digits, capitalising each run", () => {
        expect(statementId("vpc-flow-logs", "AssumeRole")).to.equal("VpcFlowLogsAssumeRole");
        expect(statementId("emr_serverless.v2", "x")).to.equal("EmrServerlessV2X");
        expect(statementId("--")).to.equal("");
    });
});
