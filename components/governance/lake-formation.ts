/**
 * Lake Formation over the lake's zones (issue 20), in hybrid access mode: each zone bucket
 * registered with a role of its own (not the service-linked role, whose registrations cannot be
 * edited and which the zone keys' policies do not name), so principals Lake Formation does not
 * govern keep their IAM access while grants are added. Two LF-tags, `zone` on each zone's database
 * and `sensitivity` (public / internal / pii) on the databases, on tables that declare one and on
 * their pii columns; grants by tag expression to the personas and to the writers (jobs, crawlers;
 * lake-formation-grants.ts). The reading personas (BI analyst, data scientist) are opted in on
 * the curated database and its tables: for them LF permissions then apply, for everyone else IAM.
 *
 * The deploying principal must be a Lake Formation administrator (tags, grants and opt-ins need
 * one). `admins` makes principals admins through `DataLakeSettings`, which REPLACES the account's
 * whole settings: the guard (`replaceAccountAdmins`) makes the user say so, the settings keep the
 * IAM_ALLOWED_PRINCIPALS defaults for new databases and tables (left out, PutDataLakeSettings
 * clears them, and then new tables would lose the IAM access hybrid mode promises), and the
 * resource is retained on delete (destroying a stack must not empty the account's admin list).
 * Settings and their defaults: lake-formation-args.ts.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Persona } from "./args";
import {
    type LakeFormationSettings,
    type LfTagKeys,
    type ResolvedLakeFormationSettings,
    SENSITIVITIES,
    lakeFormationWithDefaults,
    lfTagKeys,
} from "./lake-formation-args";
import { type GrantScope, type LfGrant, OPTED_IN_PERSONAS, personaGrants, writerGrants } from "./lake-formation-grants";
import { registrationPolicy } from "./policies";
import { jsonOf } from "../../lib/outputs";
import { ownedBy } from "../../lib/ownership";
import { roleWithPolicy } from "../../lib/service-role";

/** Lake Formation's principal for "whoever IAM allows" (hybrid mode's other pathway). */
export const IAM_ALLOWED_PRINCIPALS = "IAM_ALLOWED_PRINCIPALS";

/** A zone as Lake Formation sees it: its bucket (the registered location), key and database. */
export interface LakeFormationZone {
    /** The zone's name (its `zone` tag value). */
    name: string;
    bucketArn: pulumi.Input<string>;
    /** The bucket's KMS key: the registration role reads and writes with it. */
    keyArn: pulumi.Input<string>;
    /** Its Glue database, by name. */
    database: string;
    /**
     * The database's resource when this program creates it (tags and grants come after it).
     * @default none (the database exists already)
     */
    databaseResource?: aws.glue.CatalogDatabase;
}

/** A table the stack creates: its dataset's `datasets` entry (sensitivity, pii columns) applies to it. */
export interface GovernedTable {
    /** The zone whose database holds it. */
    zone: string;
    /** Its dataset (a key of `datasets`; also names its resources). */
    dataset: string;
    /** The table's name (an output of its resource, so the tags wait for the table). */
    name: pulumi.Input<string>;
}

/** A role that writes zones through the catalog (a Glue job's, a crawler's). */
export interface LakeFormationWriter {
    /** Its grants' name (unique among writers). */
    name: string;
    roleArn: pulumi.Input<string>;
    /** The zones it writes. */
    zones: string[];
}

/** Role ARNs by persona, each member written out for the component package's schema. */
export interface PersonaRoleInputs extends Partial<Record<Persona, pulumi.Input<string>>> {
    dataSteward?: pulumi.Input<string>;
    dataEngineer?: pulumi.Input<string>;
    dataScientist?: pulumi.Input<string>;
    biAnalyst?: pulumi.Input<string>;
}

export interface LakeFormationArgs extends LakeFormationSettings {
    /** Every zone: registered, its database tagged. Required. */
    zones: LakeFormationZone[];
    /**
     * The zone the reading personas read.
     * @default the last of `zones`
     */
    curatedZone?: string;
    /**
     * Role ARNs of the personas that have one.
     * @default {} (no persona grants)
     */
    personaRoleArns?: PersonaRoleInputs;
    /**
     * The roles that write zones through the catalog.
     * @default []
     */
    writers?: LakeFormationWriter[];
    /**
     * The tables the stack creates (the curated Iceberg tables); those whose dataset `datasets` names get its tags.
     * @default []
     */
    tables?: GovernedTable[];
}

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export class LakeFormation extends pulumi.ComponentResource {
    /** The LF-tag keys: `zone` and `sensitivity` under the settings' prefix. */
    readonly tagKeys: LfTagKeys;
    /** The registration role's ARN. */
    readonly registrationRoleArn: pulumi.Output<string>;

    constructor(name: string, args: LakeFormationArgs, opts?: pulumi.ComponentResourceOptions) {
        super("datalake:governance:LakeFormation", name, {}, ownedBy("governance", opts));
        const settings = lakeFormationWithDefaults(args);
        this.tagKeys = lfTagKeys(settings.tagKeyPrefix);
        const admins = this.adminSettings(name, settings);
        const after = admins ? [admins] : [];
        const { role, locations } = this.register(name, args, after);
        this.registrationRoleArn = role.arn;
        const tags = this.lfTags(name, args, after);
        const scope: GrantScope = { zones: args.zones.map((z) => z.name), curated: args.curatedZone ?? args.zones[args.zones.length - 1].name };
        const assigned = this.assignTags(name, args, settings, scope.curated, tags);
        this.grant(name, args, scope, [...tags, ...locations, ...assigned]);
        this.optIn(name, args, scope, assigned);
        this.registerOutputs({ registrationRoleArn: this.registrationRoleArn });
    }

    /** The account's admin list, only when configured (and acknowledged: lakeFormationWithDefaults). */
    private adminSettings(name: string, s: ResolvedLakeFormationSettings): aws.lakeformation.DataLakeSettings | undefined {
        if (s.admins.length === 0) return undefined;
        const iamDefaults = [{ principal: IAM_ALLOWED_PRINCIPALS, permissions: ["ALL"] }];
        return new aws.lakeformation.DataLakeSettings(
            `${name}-settings`,
            { admins: s.admins, createDatabaseDefaultPermissions: iamDefaults, createTableDefaultPermissions: iamDefaults },
            { parent: this, retainOnDelete: true },
        );
    }

    /** The registration role and each zone bucket registered with it in hybrid access mode. */
    private register(name: string, args: LakeFormationArgs, after: pulumi.Resource[]) {
        const { role, policy } = roleWithPolicy(
            `${name}-registration`,
            {
                role: { service: "lakeformation.amazonaws.com", description: "Lake Formation access to the lake's zone buckets" },
                policy: jsonOf(
                    { zones: pulumi.all(args.zones.map((z) => pulumi.all([z.bucketArn, z.keyArn]).apply(([bucketArn, keyArn]) => ({ bucketArn, keyArn })))) },
                    registrationPolicy,
                ),
            },
            this,
        );
        const locations = args.zones.map(
            (z) =>
                new aws.lakeformation.Resource(
                    `${name}-${z.name}-location`,
                    { arn: z.bucketArn, roleArn: role.arn, hybridAccessEnabled: true },
                    { parent: this, dependsOn: [policy, ...after] },
                ),
        );
        return { role, locations };
    }

    /** `zone` (the zone names) and `sensitivity`. */
    private lfTags(name: string, args: LakeFormationArgs, after: pulumi.Resource[]): aws.lakeformation.LfTag[] {
        return [
            new aws.lakeformation.LfTag(
                `${name}-zone-tag`,
                { key: this.tagKeys.zone, values: args.zones.map((z) => z.name) },
                { parent: this, dependsOn: after },
            ),
            new aws.lakeformation.LfTag(
                `${name}-sensitivity-tag`,
                { key: this.tagKeys.sensitivity, values: [...SENSITIVITIES] },
                { parent: this, dependsOn: after },
            ),
        ];
    }

    /**
     * Each database its zone and sensitivity (pii before the curated zone when any dataset has pii
     * columns: they arrive unmasked); each table of a dataset in `datasets` its sensitivity and pii columns.
     */
    private assignTags(
        name: string,
        args: LakeFormationArgs,
        s: ResolvedLakeFormationSettings,
        curated: string,
        tags: pulumi.Resource[],
    ): aws.lakeformation.ResourceLfTags[] {
        const { zone, sensitivity } = this.tagKeys;
        const unmasked = args.zones
            .slice(
                0,
                args.zones.findIndex((z) => z.name === curated),
            )
            .map((z) => z.name);
        const anyPii = Object.values(s.datasets).some((d) => (d.pii ?? []).length > 0);
        const databases = args.zones.map(
            (z) =>
                new aws.lakeformation.ResourceLfTags(
                    `${name}-${z.name}-database-tags`,
                    {
                        database: { name: z.database },
                        lfTags: [
                            { key: zone, value: z.name },
                            { key: sensitivity, value: anyPii && unmasked.includes(z.name) ? "pii" : s.defaultSensitivity },
                        ],
                    },
                    { parent: this, dependsOn: [...tags, ...(z.databaseResource ? [z.databaseResource] : [])] },
                ),
        );
        const tables = args.tables ?? [];
        const unknown = Object.keys(s.datasets).filter((d) => !tables.some((t) => t.dataset === d));
        if (unknown.length)
            throw new Error(`LakeFormation: datasets: ${unknown.join(", ")} name no table of tables (${tables.map((t) => t.dataset).join(", ")})`);
        const tableTags = tables.flatMap((t) => {
            const db = args.zones.find((x) => x.name === t.zone);
            if (!db) throw new Error(`LakeFormation: tables: ${t.dataset} is in zone ${t.zone}, which is not one of zones`);
            const declared = s.datasets[t.dataset];
            if (!declared) return [];
            const opts = { parent: this, dependsOn: databases };
            const resource = `${name}-${t.zone}-${t.dataset}`;
            return [
                ...(declared.sensitivity
                    ? [
                          new aws.lakeformation.ResourceLfTags(
                              `${resource}-tags`,
                              { table: { databaseName: db.database, name: t.name }, lfTags: [{ key: sensitivity, value: declared.sensitivity }] },
                              opts,
                          ),
                      ]
                    : []),
                ...(declared.pii?.length
                    ? [
                          new aws.lakeformation.ResourceLfTags(
                              `${resource}-pii-tags`,
                              {
                                  tableWithColumns: { databaseName: db.database, name: t.name, columnNames: declared.pii },
                                  lfTags: [{ key: sensitivity, value: "pii" }],
                              },
                              opts,
                          ),
                      ]
                    : []),
            ];
        });
        return [...databases, ...tableTags];
    }

    /** The personas' and writers' grants (lake-formation-grants.ts) as Permissions. */
    private grant(name: string, args: LakeFormationArgs, scope: GrantScope, after: pulumi.Resource[]): void {
        const grants: { principal: pulumi.Input<string>; resource: string; grants: LfGrant[] }[] = [
            ...(Object.entries(args.personaRoleArns ?? {}) as [Persona, pulumi.Input<string>][]).map(([persona, arn]) => ({
                principal: arn,
                resource: kebab(persona),
                grants: personaGrants(persona, scope),
            })),
            ...(args.writers ?? []).map((w) => ({ principal: w.roleArn, resource: w.name, grants: writerGrants(w) })),
        ];
        for (const { principal, resource, grants: list } of grants) {
            for (const g of list) {
                const base = `${name}-${resource}-${g.resourceType.toLowerCase().replace("_", "-")}`;
                if (g.resourceType === "DATA_LOCATION") {
                    for (const zoneName of g.zones) {
                        const z = args.zones.find((x) => x.name === zoneName)!;
                        new aws.lakeformation.Permissions(
                            `${base}-${zoneName}`,
                            { principal, permissions: g.permissions, dataLocation: { arn: z.bucketArn } },
                            { parent: this, dependsOn: after },
                        );
                    }
                    continue;
                }
                new aws.lakeformation.Permissions(
                    base,
                    { principal, permissions: g.permissions, lfTagPolicy: { resourceType: g.resourceType, expressions: this.expression(g) } },
                    { parent: this, dependsOn: after },
                );
            }
        }
    }

    private expression(g: LfGrant) {
        return [{ key: this.tagKeys.zone, values: g.zones }, ...(g.sensitivity ? [{ key: this.tagKeys.sensitivity, values: [...g.sensitivity] }] : [])];
    }

    /** The reading personas opted in on the curated database and its tables: LF governs their reads there. */
    private optIn(name: string, args: LakeFormationArgs, scope: GrantScope, after: pulumi.Resource[]): void {
        const curated = args.zones.find((z) => z.name === scope.curated)!;
        for (const persona of OPTED_IN_PERSONAS) {
            const arn = args.personaRoleArns?.[persona];
            if (!arn) continue;
            const principals = [{ dataLakePrincipalIdentifier: arn }];
            new aws.lakeformation.OptIn(
                `${name}-${kebab(persona)}-opt-in-database`,
                { principals, resourceDatas: [{ database: { name: curated.database } }] },
                { parent: this, dependsOn: after },
            );
            new aws.lakeformation.OptIn(
                `${name}-${kebab(persona)}-opt-in-tables`,
                { principals, resourceDatas: [{ table: { databaseName: curated.database, wildcard: true } }] },
                { parent: this, dependsOn: after },
            );
        }
    }
}
