/**
 * A zone's reconciliation: a Lambda (functions/reconcile) on an EventBridge schedule that
 * announces again, on the zone queue, the objects no processor finished once they are older than
 * a threshold. It closes what the queues cannot: a message that aged out of the zone queue or its
 * DLQ (SQS keeps one 14 days at most), or an event never delivered. Its role can list the bucket,
 * read object tags, send to that one queue (with the zone key, through SQS only) and write its own
 * logs. It runs outside the VPC: it calls only the S3 and SQS APIs, and the VPC has no SQS endpoint.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { functionCode } from "../../lib/bundle";
import { METRICS_NAMESPACE, ReconcileEnv, ReconcileEnvName } from "../../lib/contract";
import { type LambdaExecution, lambdaExecution } from "../../lib/lambda-execution";
import { requireLogsKey } from "../../lib/lake-context";
import { ownedBy } from "../../lib/ownership";
import { OUTSIDE_VPC_TAG } from "../../lib/vpc-placement";
import { reconcilerFunctionName, reconcilerServiceName } from "./names";
import { reconcilerPolicy } from "./policies";
import { reconcilerWithDefaults, type ReconcilerArgs, type ResolvedReconcilerArgs } from "./args";
import { allOf } from "../../lib/outputs";
import { liveFunction, type LiveFunction } from "../../lib/live-function";

/** The function's folder under functions/. */
export const RECONCILE_CODE = "reconcile";

export class Reconciler extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    /** The `live` alias the schedule invokes. */
    readonly alias: aws.lambda.Alias;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly rule: aws.cloudwatch.EventRule;
    readonly functionName: pulumi.Output<string>;

    /** A reconciliation from its args; fields left out take the defaults in args.ts (`RECONCILE_DEFAULTS`, `FUNCTION_DEFAULTS`). */
    constructor(name: string, args: ReconcilerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:processing:Reconciler", name, {}, ownedBy("processing", opts));
        // A local, not a field: every field is an output to the package's schema analyzer (components/plugin.ts).
        const resolved = reconcilerWithDefaults(args);
        const functionName = reconcilerFunctionName(pulumi.getProject(), pulumi.getStack(), args.zone.zoneName);
        const execution = this.execution(name, resolved, functionName);
        this.logGroup = execution.logGroup;
        this.role = execution.role;
        const live = this.reconcileFunction(name, resolved, functionName, execution.tracingConfig, execution.policy);
        this.function = live.function;
        this.alias = live.alias;
        this.rule = this.scheduleRule(name, resolved);
        this.functionName = this.function.name;
        this.registerOutputs({ functionName: this.functionName });
    }

    /** Log group, role and its policy: the zone's bucket (list, tags), its queue and key, its own logs. */
    private execution(name: string, args: ResolvedReconcilerArgs, functionName: string) {
        const { zone, context } = args;
        return lambdaExecution(
            name,
            {
                functionName,
                description: `Reconciliation of zone ${zone.zoneName}`,
                logRetentionDays: context.logRetentionDays,
                logsKeyArn: requireLogsKey(context, "Reconciler"),
                tracing: args.tracing,
                policy: (logGroupArn) =>
                    allOf({
                        bucketArn: zone.bucketArn,
                        queueArn: zone.queueArn,
                        keyArn: zone.keyArn,
                        region: pulumi.output(context.scope).region,
                        logGroupArn,
                    }).apply(reconcilerPolicy),
            },
            this,
        );
    }

    /** The function's environment, by the contract's names (lib/contract ReconcileEnv). */
    private environment(args: ResolvedReconcilerArgs): Record<ReconcileEnvName, pulumi.Input<string>> {
        const { zone } = args;
        return {
            [ReconcileEnv.bucket]: zone.bucketName,
            [ReconcileEnv.queueUrl]: zone.queueUrl,
            [ReconcileEnv.staleAfterSeconds]: String(args.staleAfterHours * 3600),
            [ReconcileEnv.serviceName]: reconcilerServiceName(zone.zoneName),
            [ReconcileEnv.metricsNamespace]: METRICS_NAMESPACE,
            [ReconcileEnv.logLevel]: args.logLevel,
        };
    }

    private reconcileFunction(
        name: string,
        args: ResolvedReconcilerArgs,
        functionName: string,
        tracingConfig: LambdaExecution["tracingConfig"],
        policy: aws.iam.RolePolicy,
    ): LiveFunction {
        return liveFunction(
            `${name}-function`,
            {
                name: functionName,
                description: `Announces again the stale unprocessed objects of zone ${args.zone.zoneName}`,
                runtime: aws.lambda.Runtime.NodeJS22dX,
                architectures: ["arm64"],
                handler: "index.handler",
                code: functionCode(RECONCILE_CODE),
                role: this.role.arn,
                memorySize: 256,
                // Lambda's longest: a large bucket's listing and one tag read per stale object.
                timeout: 900,
                environment: { variables: this.environment(args) },
                loggingConfig: { logFormat: "JSON", logGroup: this.logGroup.name },
                tracingConfig,
                tags: { [OUTSIDE_VPC_TAG]: "calls the SQS API and the VPC has no SQS endpoint" },
            },
            // Its failures are errors: a failed run is retried by the next schedule.
            { deployment: args.context.deployment },
            { parent: this, dependsOn: [policy] },
        );
    }

    /** The schedule: an EventBridge rule invoking the function, and the permission admitting only that rule. */
    private scheduleRule(name: string, args: ResolvedReconcilerArgs): aws.cloudwatch.EventRule {
        const child = { parent: this };
        const rule = new aws.cloudwatch.EventRule(
            `${name}-schedule`,
            { description: `Reconciliation of zone ${args.zone.zoneName}`, scheduleExpression: args.schedule },
            child,
        );
        const permission = new aws.lambda.Permission(
            `${name}-invoke`,
            {
                action: "lambda:InvokeFunction",
                function: this.function.name,
                qualifier: this.alias.name,
                principal: "events.amazonaws.com",
                sourceArn: rule.arn,
            },
            child,
        );
        new aws.cloudwatch.EventTarget(`${name}-target`, { rule: rule.name, arn: this.alias.arn }, { ...child, dependsOn: [permission] });
        return rule;
    }
}
