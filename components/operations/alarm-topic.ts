/**
 * The lake's alarm topic: SNS encrypted with its own CMK (CloudWatch alarms may use the key to
 * publish), a topic policy admitting this account's alarms and the lake's failure-event rules over
 * TLS only, and an optional e-mail subscription.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { jsonOf } from "../../lib/outputs";
import type { AccountScope } from "../../lib/account-scope";
import { lakeKey } from "../keys";
import { alarmKeyPolicy, alarmTopicPolicy } from "./policies";
import { ownedBy } from "../../lib/ownership";

export interface AlarmTopicArgs {
    /** Account (key administration, `aws:SourceAccount`), partition and region (the alarms that may publish). Required. */
    scope: pulumi.Input<AccountScope>;
    /** prod: the key is protected and retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
    /** Address subscribed by e-mail (it must confirm). Default: no subscription. */
    email?: string;
    /** EventBridge rules that may publish (Monitoring's failure-event rules, by ARN). Default none. */
    eventRuleArns?: pulumi.Input<string>[];
}

export class AlarmTopic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly key: aws.kms.Key;
    readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:AlarmTopic", name, {}, ownedBy("operations", opts));
        const child = { parent: this };
        this.key = lakeKey(
            `${name}-key`,
            {
                description: "Data lake alarm topic",
                policy: pulumi.output(args.scope).apply((scope) => JSON.stringify(alarmKeyPolicy(scope))),
                retainData: args.retainData,
            },
            this,
        );
        this.topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: this.key.arn }, child);
        new aws.sns.TopicPolicy(
            `${name}-topic-policy`,
            {
                arn: this.topic.arn,
                policy: jsonOf({ topicArn: this.topic.arn, scope: args.scope, ruleArns: pulumi.all(args.eventRuleArns ?? []) }, ({ scope, ...a }) =>
                    alarmTopicPolicy({ ...a, ...scope }),
                ),
            },
            child,
        );
        if (args.email) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: this.topic.arn, protocol: "email", endpoint: args.email }, child);
        }
        this.topicArn = this.topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
