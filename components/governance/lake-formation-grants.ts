/**
 * Who Lake Formation lets do what, pure: the personas' and the writers' grants by LF-tag
 * expression (and data location), from which `LakeFormation` makes its `Permissions` and the
 * README its table of grants (`grantsMarkdown`, checked by test/components/governance/lake-formation.test.ts).
 *
 * Tags are inherited: every table takes its database's `zone` and `sensitivity`, every column its
 * table's, unless a table or column has its own (the contract's pii columns: `sensitivity=pii`).
 * A TABLE grant by expression therefore reaches exactly the columns whose tags match, so the BI
 * analyst's `sensitivity` in (public, internal) leaves out every pii column. The data scientist's
 * expression includes pii in the curated zone only, where curation has masked those columns (keyed
 * HMAC, so joins on them still work): the scientist reads masked values, never the originals.
 */
import { PERSONAS, type Persona } from "./args";
import { SENSITIVITIES, type Sensitivity } from "./lake-formation-args";

/** A grantee's permissions on what a tag expression (or a data location) selects. */
export interface LfGrant {
    /** A persona, or the name of a writer (a job's or crawler's role). */
    grantee: string;
    /** DATA_LOCATION: the zones' registered locations; DATABASE and TABLE: by tag expression. */
    resourceType: "DATA_LOCATION" | "DATABASE" | "TABLE";
    /** Zones: the `zone` tag values of the expression, or the locations. */
    zones: string[];
    /** The `sensitivity` values of the expression. Default: any (no condition on the tag). */
    sensitivity?: readonly Sensitivity[];
    permissions: string[];
}

/** Something that writes zones through the catalog: a Glue job's or a crawler's role. */
export interface LakeWriter {
    /** A name for its grants (unique among writers), e.g. `curate-tables`. */
    name: string;
    /** The zones whose locations and tables it writes. */
    zones: string[];
}

const READ = ["SELECT", "DESCRIBE"];
const WRITE_TABLES = ["SELECT", "INSERT", "DELETE", "ALTER", "DESCRIBE"];
const WRITE_DATABASES = ["CREATE_TABLE", "ALTER", "DESCRIBE"];
/** Readable by the BI analyst: everything but personal data. */
const NOT_PII = SENSITIVITIES.filter((s) => s !== "pii");

/** Where the grants apply: every zone, and the curated one business users read. */
export interface GrantScope {
    zones: string[];
    curated: string;
}

function writes(grantee: string, zones: string[], tablePermissions = WRITE_TABLES): LfGrant[] {
    return [
        { grantee, resourceType: "DATA_LOCATION", zones, permissions: ["DATA_LOCATION_ACCESS"] },
        { grantee, resourceType: "DATABASE", zones, permissions: WRITE_DATABASES },
        { grantee, resourceType: "TABLE", zones, permissions: tablePermissions },
    ];
}

/** The grants of `persona`. */
export function personaGrants(persona: Persona, s: GrantScope): LfGrant[] {
    const curated = [s.curated];
    switch (persona) {
        case "biAnalyst":
            return [
                { grantee: persona, resourceType: "DATABASE", zones: curated, permissions: ["DESCRIBE"] },
                { grantee: persona, resourceType: "TABLE", zones: curated, sensitivity: NOT_PII, permissions: READ },
            ];
        case "dataScientist":
            return [
                { grantee: persona, resourceType: "DATABASE", zones: curated, permissions: ["DESCRIBE"] },
                { grantee: persona, resourceType: "TABLE", zones: curated, sensitivity: SENSITIVITIES, permissions: READ },
            ];
        case "dataEngineer":
            return writes(persona, s.zones);
        case "dataSteward":
            // The engineer's, and dropping a table (crawlers and jobs write it again): the IAM CATALOG_DELETE's LF half.
            return writes(persona, s.zones, [...WRITE_TABLES, "DROP"]);
    }
}

/** The grants of a writer: its zones' locations (CreateTable on a registered location needs them, hybrid or not) and tables. */
export function writerGrants(w: LakeWriter): LfGrant[] {
    return writes(w.name, w.zones);
}

/** The personas whose reads Lake Formation governs (opted in on the curated zone's database and tables). */
export const OPTED_IN_PERSONAS: readonly Persona[] = ["biAnalyst", "dataScientist"];

/** The README's table of every persona's grants and the writers', for `s`. */
export function grantsMarkdown(s: GrantScope, writers: LakeWriter[]): string {
    const rows = [...PERSONAS.flatMap((p) => personaGrants(p, s)), ...writers.flatMap(writerGrants)].map((g) => {
        const what =
            g.resourceType === "DATA_LOCATION"
                ? `locations of ${g.zones.join(", ")}`
                : `${g.resourceType.toLowerCase()}s tagged zone in (${g.zones.join(", ")})` +
                  (g.sensitivity ? ` and sensitivity in (${g.sensitivity.join(", ")})` : "");
        return `| ${g.grantee} | ${what} | ${g.permissions.join(", ")} |`;
    });
    return ["| grantee | resources | permissions |", "| --- | --- | --- |", ...rows].join("\n");
}

/** A table as LF-tags see it: its database's tags, its own sensitivity, its columns' own. */
export interface TaggedTable {
    zone: string;
    databaseSensitivity: Sensitivity;
    /** Default: its database's. */
    sensitivity?: Sensitivity;
    /** Column -> its own sensitivity, or undefined (inherits the table's). */
    columns: Record<string, Sensitivity | undefined>;
}

/**
 * The columns of `t` a TABLE grant by expression reaches, as Lake Formation evaluates LF-tags: a
 * column's value of a key is its own, else its table's, else its database's; the grant reaches the
 * column when every key of the expression has one of the expression's values.
 */
export function grantedColumns(g: LfGrant, t: TaggedTable): string[] {
    if (g.resourceType !== "TABLE" || !g.zones.includes(t.zone)) return [];
    return Object.entries(t.columns)
        .filter(([, own]) => !g.sensitivity || g.sensitivity.includes(own ?? t.sensitivity ?? t.databaseSensitivity))
        .map(([column]) => column);
}
