/**
 * How the gateway authenticates to the EHR and whom it trusts over TLS (docs/ehr-auth.md): a static bearer token,
 * HTTP basic, or OAuth2 client credentials with a signed JWT as SMART Backend Services specify (the token endpoint
 * found in the EHR's {@code .well-known/smart-configuration}, the access token cached, refreshed before it expires
 * and once more when the EHR answers 401). {@link org.smartclinic.gateway.uplink.auth.EhrConnection} builds the
 * HTTP client the FHIR client uses. Secrets come from files or the environment and never reach a log or an
 * exception message.
 */
package org.smartclinic.gateway.uplink.auth;
