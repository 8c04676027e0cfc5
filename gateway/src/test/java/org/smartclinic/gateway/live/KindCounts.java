package org.smartclinic.gateway.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a benchmark viewer of an ingest run does with a message: counts its events by kind, straight from the
 * bytes, without a String or a JSON tree per message. The viewers share a CPU with the instruments' twins, whose
 * answers are on the ingest path, so a viewer must cost as little as a client can. Each event of a message is
 * counted by the kind that follows its opening ({@code {"seq":N,"kind":"..."}}, or a control frame's
 * {@code {"kind":"..."}}), not by kinds inside its data.
 */
final class KindCounts {

    private static final byte[] KIND = "\"kind\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NEXT_EVENT = "},{\"seq\":".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> KINDS = List.of("reading", "waveform", "status", "queue", "exam", "hello",
            "ping", "dropped", "end");
    private static final List<byte[]> KIND_BYTES = KINDS.stream().map(k -> k.getBytes(StandardCharsets.US_ASCII))
            .toList();

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    /** Counts the events of the message {@code text[0, length)}. */
    void add(byte[] text, int length) {
        int from = 0;
        while (true) {
            int k = indexOf(text, length, KIND, from);
            if (k < 0) {
                return;
            }
            int start = k + KIND.length;
            int end = start;
            while (end < length && text[end] != '"') {
                end++;
            }
            count(text, start, end);
            int next = indexOf(text, length, NEXT_EVENT, end);
            if (next < 0) {
                return;
            }
            from = next;
        }
    }

    /** Events of {@code kind} counted so far. */
    long get(String kind) {
        LongAdder n = counts.get(kind);
        return n == null ? 0 : n.sum();
    }

    /** Counts the kind in {@code text[start, end)}, without a String for the kinds the gateway sends. */
    private void count(byte[] text, int start, int end) {
        for (int i = 0; i < KINDS.size(); i++) {
            byte[] kind = KIND_BYTES.get(i);
            if (kind.length == end - start && Arrays.equals(text, start, end, kind, 0, kind.length)) {
                counts.computeIfAbsent(KINDS.get(i), x -> new LongAdder()).increment();
                return;
            }
        }
        counts.computeIfAbsent(new String(text, start, end - start, StandardCharsets.UTF_8), x -> new LongAdder())
                .increment();
    }

    private static int indexOf(byte[] text, int length, byte[] pattern, int from) {
        for (int i = from; i <= length - pattern.length; i++) {
            if (text[i] == pattern[0] && Arrays.equals(text, i, i + pattern.length, pattern, 0, pattern.length)) {
                return i;
            }
        }
        return -1;
    }
}
