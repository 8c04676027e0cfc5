/** Staff accounts, sessions, CSRF protection and the roles every endpoint and page requires. */
package org.smartclinic.gateway.security;
