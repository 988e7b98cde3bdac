/**
 * The ingest API's custom domain (`api.domain`): an ACM certificate for the name, validated by a
 * DNS record in the given hosted zone (aws.acm.CertificateValidation waits until ACM issued it),
 * a Regional API Gateway domain name with the TLS 1.2 security policy, the stage mapped at the
 * base path (one mapping: the traffic route is a resource of the same API and stage, so it is
 * served under the same mapping as the ingest routes), and an alias A record for the name.
 * A Regional domain takes a certificate of its own region, which the default provider gives.
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { ApiDomainProps } from "./defaults";

/** TLS 1.2 minimum: API Gateway's `TLS_1_0` policy still accepts TLS 1.0 and 1.1 (policy rule apigateway-domain-tls). */
export const DOMAIN_SECURITY_POLICY = "TLS_1_2";

/** Seconds the validation record is cached: short, so a re-issued certificate validates quickly. */
const VALIDATION_RECORD_TTL = 300;

/** The base URL callers use on the custom domain: `https://<name>` or `https://<name>/<basePath>`. */
export function domainUrl(domain: ApiDomainProps): string {
    return `https://${domain.name}${domain.basePath ? `/${domain.basePath}` : ""}`;
}

export interface ApiDomain {
    domainName: aws.apigateway.DomainName;
    /** `domainUrl(domain)`, once the mapping and the alias record exist. */
    url: pulumi.Output<string>;
}

/** The certificate, its validation, the domain name, the mapping of `stage` and the alias record, children of `parent`. */
export function apiDomain(
    name: string,
    domain: ApiDomainProps,
    api: { restApi: aws.apigateway.RestApi; stage: aws.apigateway.Stage },
    parent: pulumi.Resource,
): ApiDomain {
    const child = { parent };
    const certificate = new aws.acm.Certificate(`${name}-certificate`, { domainName: domain.name, validationMethod: "DNS" }, child);
    // One name, so ACM asks for one validation record.
    const option = certificate.domainValidationOptions.apply((options) => {
        const found = options.find((o) => o.domainName === domain.name);
        if (!found) throw new Error(`certificate for ${domain.name}: ACM gave no DNS validation option for it`);
        return found;
    });
    const validationRecord = new aws.route53.Record(
        `${name}-certificate-validation-record`,
        {
            zoneId: domain.hostedZoneId,
            name: option.resourceRecordName,
            type: option.resourceRecordType,
            records: [option.resourceRecordValue],
            ttl: VALIDATION_RECORD_TTL,
            // The record ACM asks for is the same for every certificate of the name: a re-created one reuses it.
            allowOverwrite: true,
        },
        child,
    );
    const validation = new aws.acm.CertificateValidation(
        `${name}-certificate-validation`,
        { certificateArn: certificate.arn, validationRecordFqdns: [validationRecord.fqdn] },
        child,
    );
    const domainName = new aws.apigateway.DomainName(
        `${name}-domain`,
        {
            domainName: domain.name,
            regionalCertificateArn: validation.certificateArn,
            endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: DOMAIN_SECURITY_POLICY,
        },
        child,
    );
    const mapping = new aws.apigateway.BasePathMapping(
        `${name}-base-path`,
        { domainName: domainName.domainName, restApi: api.restApi.id, stageName: api.stage.stageName, basePath: domain.basePath },
        child,
    );
    const alias = new aws.route53.Record(
        `${name}-domain-alias`,
        {
            zoneId: domain.hostedZoneId,
            name: domainName.domainName,
            type: "A",
            aliases: [{ name: domainName.regionalDomainName, zoneId: domainName.regionalZoneId, evaluateTargetHealth: false }],
        },
        child,
    );
    return { domainName, url: pulumi.all([mapping.id, alias.id]).apply(() => domainUrl(domain)) };
}
