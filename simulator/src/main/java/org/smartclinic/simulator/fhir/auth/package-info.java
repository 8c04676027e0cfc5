/**
 * Authentication for the test EHRs: {@link org.smartclinic.simulator.fhir.auth.SmartTokenServer}, a small OAuth2
 * server as SMART Backend Services describe it (client credentials with a signed JWT client assertion, verified
 * for real: RS384/ES384 signature with the client's registered public key, iss, sub, aud, exp, jti replay), which
 * issues opaque access tokens, answers token introspection, and can expire its tokens early; and
 * {@link org.smartclinic.simulator.fhir.auth.RequestAuthorizer}, what the sandbox asks of each request (a token of
 * that server, a static bearer token, or HTTP basic). See docs/ehr-auth.md.
 */
package org.smartclinic.simulator.fhir.auth;
