package org.smartclinic.gateway.api;

/**
 * The body of every error answer.
 *
 * @param error what went wrong
 * @param hint  what to do about it; may be null
 */
public record ApiError(String error, String hint) {
}
