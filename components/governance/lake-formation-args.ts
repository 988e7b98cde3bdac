/**
 * Lake Formation's settings and their defaults, applied inside `LakeFormation`
 * (`lakeFormationWithDefaults`). Pure: lib/config validates the stack config with the same limits.
 *
 * Off by default: registering a location, tagging the catalog and opting principals in changes how
 * the account's Data Catalog answers (CreateTable on a registered location then needs a
 * DATA_LOCATION_ACCESS grant, whatever the hybrid flag), every LF resource needs the deploying
 * principal to be a Lake Formation administrator, and LF-tags are account-wide (two stacks in one
 * account need distinct `tagKeyPrefix`es). A stack turns it on when its account is ready for that.
 */
import { refuse } from "../../lib/defaults";

/**
 * The values of the `sensitivity` LF-tag, least to most sensitive (an `as const` object: an enum in
 * the component package's schema).
 */
export const Sensitivity = { public: "public", internal: "internal", pii: "pii" } as const;
export type Sensitivity = (typeof Sensitivity)[keyof typeof Sensitivity];
export const SENSITIVITIES = Object.values(Sensitivity);

/** How sensitive a table is, and which of its columns hold personal data. */
export interface TableSensitivity {
    /**
     * The table's `sensitivity` tag (its columns inherit it).
     * @default the settings' `defaultSensitivity`
     */
    sensitivity?: Sensitivity;
    /**
     * Columns tagged `sensitivity=pii` (the dataset contract's pii columns). They must exist in the
     * table's schema when the tag is assigned.
     * @default []
     */
    pii?: string[];
}

/**
 * LF-tag keys are lowercase (Lake Formation stores them so), at most 128 characters; the prefix
 * leaves room for `sensitivity`.
 */
export const LF_TAG_KEY = /^[a-z0-9_.:/=+\-@%]{0,116}$/;

export interface LakeFormationSettings {
    /**
     * Register the zones with Lake Formation (hybrid access mode), create and assign the LF-tags,
     * grant the personas and writers by tag expression, opt the reading personas in.
     * @default false
     */
    enabled?: boolean;
    /**
     * IAM role or user ARNs made the account's Lake Formation administrators (the stack's deploying
     * role among them, when it is not one already). Lake Formation keeps ONE admin list per account
     * and `PutDataLakeSettings` replaces it: set only with `replaceAccountAdmins: true`. Empty: the
     * account's settings are left alone (the deploying principal must already be an LF admin).
     * @default []
     */
    admins?: string[];
    /**
     * Acknowledges that `admins` becomes the account's whole LF admin list (any admin not in it is
     * removed). Required with `admins`.
     * @default false
     */
    replaceAccountAdmins?: boolean;
    /**
     * Prefix of the two LF-tag keys (`<prefix>zone`, `<prefix>sensitivity`): LF-tags are account-wide,
     * so a second stack in the account needs its own.
     * @default "" (the keys `zone` and `sensitivity`)
     */
    tagKeyPrefix?: string;
    /**
     * The `sensitivity` of every database (so of tables and columns with none of their own).
     * @default "internal"
     */
    defaultSensitivity?: Sensitivity;
    /**
     * Sensitivity by dataset: its table's tag and its pii columns (the dataset contract's). The
     * zones before the curated one hold pii as it arrived, so when any dataset has pii columns their
     * databases are tagged `pii` as a whole; in the curated zone only the columns are (masked there).
     * @default {} (every table `defaultSensitivity`)
     */
    datasets?: Record<string, TableSensitivity>;
}

export interface ResolvedLakeFormationSettings {
    enabled: boolean;
    admins: string[];
    replaceAccountAdmins: boolean;
    tagKeyPrefix: string;
    defaultSensitivity: Sensitivity;
    datasets: Record<string, TableSensitivity>;
}

export const LAKE_FORMATION_DEFAULTS = {
    enabled: false,
    admins: [] as string[],
    replaceAccountAdmins: false,
    tagKeyPrefix: "",
    defaultSensitivity: "internal",
    datasets: {},
} as const satisfies ResolvedLakeFormationSettings;

/** What AWS or the guard would refuse in `s`, each naming its setting. */
export function lakeFormationIssues(s: ResolvedLakeFormationSettings): { setting: string; message: string }[] {
    const issues: { setting: string; message: string }[] = [];
    if (s.admins.length > 0 && !s.replaceAccountAdmins) {
        issues.push({
            setting: "admins",
            message:
                "Lake Formation keeps one admin list per account and these would replace it: set replaceAccountAdmins: true to say so, or leave admins empty",
        });
    }
    for (const admin of s.admins) {
        if (!/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/.test(admin)) {
            issues.push({ setting: "admins", message: `${admin} is not an IAM role or user ARN (Lake Formation admins are IAM principals)` });
        }
    }
    if (!LF_TAG_KEY.test(s.tagKeyPrefix))
        issues.push({ setting: "tagKeyPrefix", message: `${JSON.stringify(s.tagKeyPrefix)} is not lowercase LF-tag key text of at most 116 characters` });
    return issues;
}

/** `settings` with the defaults of what it leaves out; throws on what `lakeFormationIssues` finds. */
export function lakeFormationWithDefaults(settings: LakeFormationSettings = {}): ResolvedLakeFormationSettings {
    const resolved: ResolvedLakeFormationSettings = {
        enabled: settings.enabled ?? LAKE_FORMATION_DEFAULTS.enabled,
        admins: settings.admins ?? [],
        replaceAccountAdmins: settings.replaceAccountAdmins ?? LAKE_FORMATION_DEFAULTS.replaceAccountAdmins,
        tagKeyPrefix: settings.tagKeyPrefix ?? LAKE_FORMATION_DEFAULTS.tagKeyPrefix,
        defaultSensitivity: settings.defaultSensitivity ?? LAKE_FORMATION_DEFAULTS.defaultSensitivity,
        datasets: settings.datasets ?? {},
    };
    refuse("LakeFormation", lakeFormationIssues(resolved));
    return resolved;
}

/** The two LF-tag keys. */
export interface LfTagKeys {
    zone: string;
    sensitivity: string;
}

/** The two LF-tag keys under `prefix`. */
export function lfTagKeys(prefix: string): LfTagKeys {
    return { zone: `${prefix}zone`, sensitivity: `${prefix}sensitivity` };
}
