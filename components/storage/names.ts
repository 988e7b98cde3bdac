/** Fixed names of the storage area. Pure. */
import { boundedName, NameRules } from "../../lib/names";

/** `alias/<project>-<stack>-<zone>` for a zone's CMK. */
export function zoneKeyAlias(project: string, stack: string, zone: string): string {
    return `alias/${boundedName([project, stack, zone], NameRules.kmsAlias)}`;
}

/** Prefix of a zone's server access logs inside the shared logs bucket. */
export function accessLogPrefix(zone: string): string {
    return `s3/${zone}/`;
}
