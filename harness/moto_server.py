"""moto server, with the resource and the IAM action of each request named for its IAM check.

moto (5.2.5) checks an identity policy's Resource only where a service names the request's
resource: S3 (bucket/object), SQS (queue), IAM and STS (role). Every other service checks the
action against Resource "*", so a least-privilege statement (Resource: the stream's ARN) never
matches and the call is refused, while a statement on another stream is never noticed. This
launcher names the resource (its ARN, as AWS's authorization reference lists it per action) for
the JSON-protocol services the lake's functions and event source mappings call: Kinesis, Firehose,
DynamoDB and Glue jobs. CloudWatch PutMetricData stays "*" (AWS has no resource for it). KMS is
left as moto has it (no function calls KMS itself). moto also takes an operation's name for its
IAM action and the request's signing name for its prefix, so a correct policy is refused the SQS
batch calls (AWS checks SendMessageBatch as sqs:SendMessage, and so on) and every CloudWatch call
(signed as `monitoring`, authorized as `cloudwatch:`): those are mapped to the action AWS checks. Started by
harness/moto.ts with moto_server's arguments.
"""

import base64
import json
import sys

from moto.dynamodb.responses import DynamoHandler
from moto.firehose.responses import FirehoseResponse
from moto.glue.responses import GlueResponse
from moto.iam.access_control import IAMRequest
from moto.kinesis.responses import KinesisResponse
from moto.server import main


def _body(response):
    body = response.body
    if isinstance(body, dict):  # DynamoDB's handler holds it parsed
        return body
    try:
        return json.loads(body.decode("utf-8") if isinstance(body, bytes) else body or "{}")
    except (TypeError, ValueError):
        return {}


def _arn(response, service, resource):
    return f"arn:aws:{service}:{response.region}:{response.current_account}:{resource}"


def _kinesis(self):
    body = _body(self)
    if body.get("StreamARN"):
        return body["StreamARN"]
    name = body.get("StreamName")
    if not name and body.get("ShardIterator"):
        # GetRecords names no stream; moto's iterator is base64 of "<stream>:<shard>:<sequence>".
        try:
            name = base64.b64decode(body["ShardIterator"]).decode("utf-8").split(":")[0]
        except ValueError:
            name = None
    return _arn(self, "kinesis", f"stream/{name}") if name else "*"


def _firehose(self):
    name = _body(self).get("DeliveryStreamName")
    return _arn(self, "firehose", f"deliverystream/{name}") if name else "*"


def _dynamodb(self):
    body = _body(self)
    # BatchWriteItem/BatchGetItem name their tables in RequestItems: one table, its ARN.
    tables = list(body.get("RequestItems") or {})
    table = body.get("TableName") or (tables[0] if len(tables) == 1 else None)
    if not table:
        return "*"
    index = body.get("IndexName")
    return _arn(self, "dynamodb", f"table/{table}" + (f"/index/{index}" if index else ""))


def _glue(self):
    body = _body(self)
    job = body.get("JobName")
    return _arn(self, "glue", f"job/{job}") if job else "*"


# Operation -> the IAM action AWS authorizes it as, where the two differ.
IAM_ACTION_OF = {
    "sqs:SendMessageBatch": "sqs:SendMessage",
    "sqs:DeleteMessageBatch": "sqs:DeleteMessage",
    "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
}
# Signing name -> IAM prefix, where the two differ.
IAM_PREFIX_OF = {"monitoring": "cloudwatch"}
_iam_request_init = IAMRequest.__init__


def _iam_request(self, *args, **kwargs):
    _iam_request_init(self, *args, **kwargs)
    prefix, _, operation = self._action.partition(":")
    action = f"{IAM_PREFIX_OF.get(prefix, prefix)}:{operation}"
    self._action = IAM_ACTION_OF.get(action, action)


IAMRequest.__init__ = _iam_request
KinesisResponse._determine_resource = _kinesis
FirehoseResponse._determine_resource = _firehose
DynamoHandler._determine_resource = _dynamodb
GlueResponse._determine_resource = _glue

if __name__ == "__main__":
    sys.exit(main())
