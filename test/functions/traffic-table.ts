/** The traffic table as the program lays it out (components/traffic): adId + date keys, a keys-only index by date. */
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { TrafficTable } from "../../lib/contract";

/** Creates the traffic table `name` through `client` (moto's, in the tests). */
export async function createTrafficTable(client: DynamoDBClient, name: string): Promise<void> {
    await client.send(
        new CreateTableCommand({
            TableName: name,
            BillingMode: "PAY_PER_REQUEST",
            AttributeDefinitions: [
                { AttributeName: TrafficTable.partitionKey, AttributeType: "S" },
                { AttributeName: TrafficTable.sortKey, AttributeType: "S" },
            ],
            KeySchema: [
                { AttributeName: TrafficTable.partitionKey, KeyType: "HASH" },
                { AttributeName: TrafficTable.sortKey, KeyType: "RANGE" },
            ],
            GlobalSecondaryIndexes: [
                {
                    IndexName: TrafficTable.byDateIndex,
                    KeySchema: [
                        { AttributeName: TrafficTable.sortKey, KeyType: "HASH" },
                        { AttributeName: TrafficTable.partitionKey, KeyType: "RANGE" },
                    ],
                    Projection: { ProjectionType: "KEYS_ONLY" },
                },
            ],
        }),
    );
}
