/**
 * The lake's alarm topic: SNS encrypted with its own CMK (CloudWatch alarms may use the key to
 * publish), with an optional e-mail subscription.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { alarmKeyPolicy } from "./policies";

export interface AlarmTopicArgs {
    /** Account id, for key administration and the `aws:SourceAccount` condition. Required. */
    accountId: pulumi.Input<string>;
    /** AWS partition, for ARNs. Required. */
    partition: pulumi.Input<string>;
    /** prod: the key is protected and retained on stack removal, 30-day deletion window; dev: 7 days. Required. */
    retainData: boolean;
    /** Address subscribed by e-mail (it must confirm). Default: no subscription. */
    email?: string;
}

export class AlarmTopic extends pulumi.ComponentResource {
    readonly topic: aws.sns.Topic;
    readonly key: aws.kms.Key;
    readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:operations:AlarmTopic", name, {}, opts);
        const child = { parent: this };
        this.key = new aws.kms.Key(
            `${name}-key`,
            {
                description: "Data lake alarm topic",
                enableKeyRotation: true,
                deletionWindowInDays: args.retainData ? 30 : 7,
                policy: pulumi
                    .all([args.partition, args.accountId])
                    .apply(([partition, accountId]) => JSON.stringify(alarmKeyPolicy({ partition, accountId }))),
            },
            { ...child, protect: args.retainData, retainOnDelete: args.retainData },
        );
        this.topic = new aws.sns.Topic(`${name}-topic`, { kmsMasterKeyId: this.key.arn }, child);
        if (args.email) {
            new aws.sns.TopicSubscription(`${name}-email`, { topic: this.topic.arn, protocol: "email", endpoint: args.email }, child);
        }
        this.topicArn = this.topic.arn;
        this.registerOutputs({ topicArn: this.topicArn });
    }
}
