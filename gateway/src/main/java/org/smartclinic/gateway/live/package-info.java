/**
 * The live path: the bus (waveform chunks, stored readings, device status, and the exam and station events
 * {@code ExamFeed} derives from the journal; bounded, lossy only here, every drop counted, one sequence order), its
 * WebSocket doors ({@code /ws/exams/{id}} through {@code ExamStream}, reusable by other endpoints such as the
 * specialist's invite link, and {@code /ws/devices/{id}} through {@code DeviceStream}), each viewer with a bounded
 * queue that thins waveforms, then drops, then closes a viewer that stays stuck, and the Server-Sent Events
 * endpoint. docs/live-bus.md has the protocol.
 */
package org.smartclinic.gateway.live;
