/**
 * The governance area's own settings and their defaults, applied inside `Governance`
 * (`governanceWithDefaults`). Pure, so lib/config validates the stack config against the
 * persona names and takes its governance defaults from here.
 */

import { type LakeFormationSettings, type ResolvedLakeFormationSettings, lakeFormationWithDefaults } from "./lake-formation-args";

/** The lake's personas, each a role of its own when it has principals. */
export const PERSONAS = ["dataSteward", "dataEngineer", "dataScientist", "biAnalyst"] as const;
export type Persona = (typeof PERSONAS)[number];

/** Who may assume a persona's role. */
export interface PersonaProps {
    /**
     * IAM principal ARNs allowed to assume the persona's role; none, no role.
     * @default []
     */
    principals?: string[];
}

/**
 * Persona roles by persona: an interface with each member written out, as the component
 * package's schema analyzer reads only declared members (it takes a mapped type's for any).
 */
export interface PersonasProps extends Partial<Record<Persona, PersonaProps>> {
    dataSteward?: PersonaProps;
    dataEngineer?: PersonaProps;
    dataScientist?: PersonaProps;
    biAnalyst?: PersonaProps;
}

/** The CloudTrail trail (multi-region, S3 data events of the zone buckets). */
export interface TrailProps {
    /**
     * Create the trail (with its key, bucket and CloudWatch Logs group).
     * @default true
     */
    enabled?: boolean;
    /**
     * Trail log files expire after this many days. The lake's stack config passes 2557 (7 years) in prod.
     * @default 90
     */
    retentionDays?: number;
}

/** The trail, the persona roles and the sandbox bucket. */
export interface GovernanceSettings {
    /**
     * The CloudTrail trail: whether there is one, and how long its log files are kept.
     * @default { enabled: true, retentionDays: 90 }
     */
    trail?: TrailProps;
    /**
     * Persona roles by persona.
     * @default {} (no persona roles)
     */
    personas?: PersonasProps;
    /**
     * Sandbox objects (the data scientist's scratch prefix) expire after this many days.
     * @default 30
     */
    sandboxExpireDays?: number;
    /**
     * Lake Formation over the zones: hybrid registration, LF-tags, persona and writer grants (lake-formation-args.ts).
     * @default { enabled: false }
     */
    lakeFormation?: LakeFormationSettings;
}

/** The settings with their defaults applied. */
export interface ResolvedGovernanceSettings {
    trail: Required<TrailProps>;
    personas: Partial<Record<Persona, Required<PersonaProps>>>;
    sandboxExpireDays: number;
    lakeFormation: ResolvedLakeFormationSettings;
}

export const GOVERNANCE_DEFAULTS = {
    trail: { enabled: true, retentionDays: 90 },
    sandboxExpireDays: 30,
} as const satisfies Omit<ResolvedGovernanceSettings, "personas" | "lakeFormation">;

/** `settings` with the defaults of what it leaves out. */
export function governanceWithDefaults(settings: GovernanceSettings): ResolvedGovernanceSettings {
    const personas = Object.fromEntries(
        (Object.entries(settings.personas ?? {}) as [Persona, PersonaProps | undefined][]).map(([persona, props]) => [
            persona,
            { principals: props?.principals ?? [] },
        ]),
    ) as ResolvedGovernanceSettings["personas"];
    return {
        trail: {
            enabled: settings.trail?.enabled ?? GOVERNANCE_DEFAULTS.trail.enabled,
            retentionDays: settings.trail?.retentionDays ?? GOVERNANCE_DEFAULTS.trail.retentionDays,
        },
        personas,
        sandboxExpireDays: settings.sandboxExpireDays ?? GOVERNANCE_DEFAULTS.sandboxExpireDays,
        lakeFormation: lakeFormationWithDefaults(settings.lakeFormation),
    };
}
