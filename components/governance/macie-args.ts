/** Macie's settings and their defaults, applied inside `Macie`. Pure: lib/config validates the stack config with them. */

/** How often the discovery job runs (an `as const` object: an enum in the component package's schema). */
export const MacieSchedule = { daily: "daily", weekly: "weekly", monthly: "monthly" } as const;
export type MacieSchedule = (typeof MacieSchedule)[keyof typeof MacieSchedule];
export const MACIE_SCHEDULES = Object.values(MacieSchedule);

export interface MacieSettings {
    /**
     * Enable Macie and its discovery job over the zones.
     * @default false
     */
    enabled?: boolean;
    /**
     * Enable Macie in the account (`aws.macie2.Account`); false when it is enabled already
     * (Macie is one per account and region: a second stack in the account sets false).
     * @default true
     */
    enableAccount?: boolean;
    /**
     * How often the discovery job analyzes the objects new since its last run.
     * @default "weekly"
     */
    schedule?: MacieSchedule;
    /**
     * Percentage of eligible objects each run analyzes (1-100): fewer is cheaper (billed per GB inspected).
     * @default 100
     */
    samplingPercentage?: number;
}

export const MACIE_DEFAULTS = { enabled: false, enableAccount: true, schedule: "weekly", samplingPercentage: 100 } as const satisfies Required<MacieSettings>;
