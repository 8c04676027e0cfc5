package org.smartclinic.drivers.codec.astm.record;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Random message models for round trips: random delimiters, values full of delimiters (the message's and the
 * standard ones), escape-like text, control characters and non-ASCII, random field counts.
 */
final class AstmRandomMessages {

    private static final String DELIMITER_CHOICES = "|\\^&!@#$%*~;:,/?+=_'\"<>{}[]()";
    private static final String VALUE_CHARS = "abcXFSREHN019 .-|\\^&!@#$%*~\r\n\t\u0000\u007f\u00e9\u20ac";

    private final Random random;

    AstmRandomMessages(long seed) {
        this.random = new Random(seed);
    }

    AstmMessage message() {
        AstmDelimiters delimiters = delimiters();
        AstmRecord headerRecord = record('H', 12).with(2, delimiters.definition().substring(1));
        if (random.nextInt(4) == 0) {
            headerRecord = new AstmRecord('H', List.of(AstmField.of(delimiters.definition().substring(1))));
        }
        List<AstmPatient> patients = new ArrayList<>();
        for (int p = random.nextInt(4); p > 0; p--) {
            List<AstmOrder> orders = new ArrayList<>();
            for (int o = random.nextInt(4); o > 0; o--) {
                List<AstmResult> results = new ArrayList<>();
                for (int r = random.nextInt(5); r > 0; r--) {
                    results.add(new AstmResult(record('R', 14), 4, comments(), extras()));
                }
                orders.add(new AstmOrder(record('O', 31), results, comments(), extras()));
            }
            patients.add(new AstmPatient(record('P', 35), orders, comments(), extras()));
        }
        List<AstmQuery> queries = new ArrayList<>();
        for (int q = random.nextInt(3); q > 0; q--) {
            queries.add(new AstmQuery(record('Q', 13), comments(), extras()));
        }
        return new AstmMessage(new AstmHeader(delimiters, headerRecord), comments(), extras(), patients, queries,
                Optional.of(new AstmTerminator(record('L', 3))), List.of());
    }

    AstmDelimiters delimiters() {
        if (random.nextBoolean()) {
            return AstmDelimiters.STANDARD;
        }
        StringBuilder chosen = new StringBuilder();
        while (chosen.length() < 4) {
            char c = DELIMITER_CHOICES.charAt(random.nextInt(DELIMITER_CHOICES.length()));
            if (chosen.indexOf(String.valueOf(c)) < 0) {
                chosen.append(c);
            }
        }
        return AstmDelimiters.fromDefinition(chosen).orElseThrow();
    }

    private List<AstmComment> comments() {
        List<AstmComment> comments = new ArrayList<>();
        for (int c = random.nextInt(5) / 3; c > 0; c--) {
            comments.add(new AstmComment(record('C', 5)));
        }
        return comments;
    }

    private List<AstmRecord> extras() {
        List<AstmRecord> extras = new ArrayList<>();
        for (int e = random.nextInt(7) / 5; e > 0; e--) {
            extras.add(record(random.nextBoolean() ? 'M' : 'S', 6));
        }
        return extras;
    }

    /** A record of {@code type} with 0 to {@code fields + 2} fields after the type, each random. */
    private AstmRecord record(char type, int fields) {
        List<AstmField> list = new ArrayList<>();
        int count = random.nextInt(fields + 3);
        for (int i = 0; i < count; i++) {
            list.add(random.nextInt(3) == 0 ? AstmField.EMPTY : field());
        }
        return new AstmRecord(type, list);
    }

    private AstmField field() {
        List<List<String>> repeats = new ArrayList<>();
        for (int r = 1 + random.nextInt(5) / 3; r > 0; r--) {
            List<String> components = new ArrayList<>();
            for (int c = 1 + random.nextInt(7) / 2; c > 0; c--) {
                components.add(value());
            }
            repeats.add(components);
        }
        return new AstmField(repeats);
    }

    private String value() {
        int length = random.nextInt(3) == 0 ? 0 : random.nextInt(12);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(VALUE_CHARS.charAt(random.nextInt(VALUE_CHARS.length())));
        }
        return out.toString();
    }
}
