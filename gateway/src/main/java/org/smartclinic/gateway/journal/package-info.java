/**
 * The durable journal and outbox on SQLite (WAL). One writer thread owns all writes and commits whatever is queued
 * as one transaction (group commit); a flush thread flushes the log and only then tells the writes they are stored
 * ({@code LogFlusher}), so a reading is on disk before the device is acknowledged without paying one fsync per
 * reading, and the writer never waits for the disk. Binding a reading to the exam open at its station
 * happens inside the same transaction that stores it, so a reading is never bound to an exam that closed first.
 */
package org.smartclinic.gateway.journal;
