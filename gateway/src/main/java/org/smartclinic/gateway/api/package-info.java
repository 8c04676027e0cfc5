/** Shared parts of the REST API: the error body and the mapping of failures to HTTP statuses. */
package org.smartclinic.gateway.api;
