/**
 * Canaries of the safe-deploy rules (policy/rules-deploys.ts), on the lake's recorded stacks with
 * real-time and serving on (every kind of invoker: queue and stream mappings, a rule target, a
 * schedule, API integrations): each breaks one thing (edits or removes `target`) and names the
 * rule, the one condition of it that must fire and the resource it is reported on (`flagged`,
 * default the target). deploy-rules.test.ts runs them; pack.test.ts counts conditions.
 */
import { ruleCases } from "./canaries";

type Props = Record<string, any>;

export interface DeployCanary {
    rule: string;
    condition: string;
    case: string;
    stack?: "dev" | "prod";
    /** Logical name of the resource changed (or removed). */
    target: string;
    /** The edit of its inputs and outputs; none: the target is removed. */
    change?: (props: Props) => void;
    /** Logical name of the resource reported. @default target */
    flagged?: string;
}

export const DEPLOY_CANARY_CONFIG = { realtime: { enabled: true }, serving: { enabled: true } };

const PROCESSOR = "lake-drop-to-raw-function";
/** `...:function:<name>:live` -> `...:function:<name>`, inside an invoke ARN too. */
const bare = (ref: string) => ref.replace(/:live(\/invocations)?$/, "$1");

export const deployCanaries: DeployCanary[] = [
    ...ruleCases<DeployCanary>("lambda-published-behind-alias", [
        { condition: "not-published", case: "publish unset", target: PROCESSOR, change: (p) => delete p.publish },
        { condition: "no-alias", case: "the alias removed", target: `${PROCESSOR}-live`, flagged: PROCESSOR },
        {
            condition: "alias-on-latest",
            case: "the alias on $LATEST",
            target: `${PROCESSOR}-live`,
            flagged: PROCESSOR,
            change: (p) => (p.functionVersion = "$LATEST"),
        },
    ]),
    ...ruleCases<DeployCanary>("lambda-invoked-through-alias", [
        {
            condition: "unqualified-invoker",
            case: "a queue mapping on the bare function",
            target: "lake-drop-to-raw-events",
            change: (p) => (p.functionName = bare(p.functionName)),
        },
        {
            condition: "unqualified-invoker",
            case: "a stream mapping on version 3",
            target: "lake-realtime-clicks",
            change: (p) => (p.functionName = p.functionName.replace(/:live$/, ":3")),
        },
        {
            condition: "unqualified-invoker",
            case: "a rule target on the bare function",
            target: "lake-drop-reconcile-target",
            // Set on outputs too: the mocks give a target an ARN of its own, where AWS reports its target's.
            change: (p) => (p.arn = "arn:aws:lambda:eu-west-1:123456789012:function:datalake-dev-drop-reconcile"),
        },
        {
            condition: "unqualified-invoker",
            case: "a schedule target on $LATEST",
            target: "lake-serving-schedule",
            change: (p) => (p.target.arn = p.target.arn.replace(/:live$/, ":$LATEST")),
        },
        {
            condition: "unqualified-invoker",
            case: "an API integration on the bare function",
            target: "lake-ingest-http-track-integration",
            change: (p) => (p.uri = bare(p.uri)),
        },
        {
            condition: "unqualified-permission",
            case: "an API permission without a qualifier",
            target: "lake-ingest-http-invoke",
            change: (p) => delete p.qualifier,
        },
        {
            condition: "unqualified-permission",
            case: "a rule permission on $LATEST",
            target: "lake-drop-reconcile-invoke",
            change: (p) => (p.qualifier = "$LATEST"),
        },
    ]),
    ...ruleCases<DeployCanary>("lambda-prod-rollback-alarm", [
        { condition: "no-rollback-alarm", case: "prod without the errors alarm", stack: "prod", target: `${PROCESSOR}-rollback-errors`, flagged: PROCESSOR },
        {
            condition: "no-rollback-alarm",
            case: "prod with an errors alarm on the whole function, not the alias",
            stack: "prod",
            target: `${PROCESSOR}-rollback-errors`,
            flagged: PROCESSOR,
            change: (p) => delete p.dimensions.Resource,
        },
    ]),
];
