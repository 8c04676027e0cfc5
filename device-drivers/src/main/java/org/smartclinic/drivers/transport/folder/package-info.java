/**
 * Export folders as message sources: {@link org.smartclinic.drivers.transport.folder.FolderTransport} polls a
 * folder, hands over each complete file (stable size and time) as one message, one at a time, and settles it by
 * moving it into {@code processed/} or {@code failed/} (with a reason file), so a file is read into the journal
 * exactly once across restarts. Non-API helpers (stability tracking, moves, the poller) are package-private.
 */
package org.smartclinic.drivers.transport.folder;
