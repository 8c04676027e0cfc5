/** The raw-capture store's API (view, download, decode again) and its retention. */
package org.smartclinic.gateway.capture;
