package org.smartclinic.drivers.codec.astm.link;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.smartclinic.drivers.codec.Printable;
import org.smartclinic.drivers.testkit.EscapedBytes;

/** Test data and views for the ASTM link tests: records, frames, transmissions, events as short text. */
final class AstmBytes {

    /** A result message as an analyzer sends it: header, patient, order, two results, terminator (all made up). */
    static final List<String> RESULTS = List.of(
            "H|\\^&|||Analyzer^1.0|||||||P|1394-97|20240101120000",
            "P|1||PAT001||Doe^John||19700101|M",
            "O|1|SMP001||^^^GLU\\^^^CREA|R||||||N||||||||||||||F",
            "R|1|^^^GLU|5.4|mmol/L||N||F||||20240101115900",
            "R|2|^^^CREA|88|umol/L||N||F||||20240101115900",
            "L|1|N");

    static final byte[] ENQ = {AstmControl.ENQ};
    static final byte[] EOT = {AstmControl.EOT};
    static final byte[] ACK = {AstmControl.ACK};
    static final byte[] NAK = {AstmControl.NAK};

    private AstmBytes() {
    }

    /** Text with {@code <STX>}-style escapes as bytes. */
    static byte[] esc(String text) {
        return EscapedBytes.parse(text);
    }

    static byte[] frame(int number, String text, boolean last) {
        return new AstmFrame(number, text, last).encode();
    }

    /** The frames of {@code records}, one record per frame set, back to back. */
    static byte[] frames(List<String> records) {
        return AstmFrame.encodeAll(AstmFrame.split(records));
    }

    /** The frames of {@code records} numbered from {@code first}, as in the middle of a transmission. */
    static byte[] framesFrom(int first, List<String> records) {
        return AstmFrame.encodeAll(AstmFrame.split(records).stream()
                .map(f -> new AstmFrame((f.number() + first - 1) & 7, f.text(), f.last())).toList());
    }

    /** ENQ, the frames of {@code records}, EOT: what a sender puts on the wire, the receiver's answers apart. */
    static byte[] transmission(List<String> records) {
        return concat(ENQ, frames(records), EOT);
    }

    /** {@code frame} with its two checksum digits replaced by {@code digits}. */
    static byte[] withChecksum(byte[] frame, String digits) {
        byte[] copy = frame.clone();
        copy[copy.length - 4] = (byte) digits.charAt(0);
        copy[copy.length - 3] = (byte) digits.charAt(1);
        return copy;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Records named {@code R|n|...} of the given lengths, between a header and a terminator. */
    static List<String> message(int... resultLengths) {
        List<String> records = new ArrayList<>();
        records.add(RESULTS.get(0));
        for (int i = 0; i < resultLengths.length; i++) {
            String head = "R|" + (i + 1) + "|";
            records.add(head + "x".repeat(Math.max(0, resultLengths[i] - head.length())));
        }
        records.add("L|1|N");
        return records;
    }

    /** The events as short text, timer requests left out. */
    static List<String> describe(List<AstmReceiverEvent> events) {
        return events.stream().filter(e -> !(e instanceof AstmTimerRequest)).map(AstmBytes::describe).toList();
    }

    static String describe(AstmReceiverEvent event) {
        return switch (event) {
            case AstmReceiverEvent.EnquiryAnswered e -> "enq " + Printable.of(e.answer());
            case AstmReceiverEvent.FrameAcknowledged f -> "ack " + f.frameNumber() + (f.last() ? "" : " etb")
                    + (f.duplicate() ? " duplicate" : "");
            case AstmReceiverEvent.MessageReceived m -> "message " + m.records().stream()
                    .map(r -> r.substring(0, 1)).reduce("", String::concat) + (m.terminated() ? "" : " unterminated");
            case AstmReceiverEvent.Rejected r -> "rejected " + r.reason().code()
                    + (r.answer().length == 0 ? "" : " " + Printable.of(r.answer()));
            case AstmReceiverEvent.TransmissionIncomplete i -> "incomplete " + i.cause().name().toLowerCase()
                    + " " + i.records().size() + (i.partial().isEmpty() ? "" : " +partial");
            case AstmReceiverEvent.TransmissionEnded t -> "ended " + t.messages() + "/" + t.frames();
            case AstmTimerRequest.Arm a -> "arm " + a.name();
            case AstmTimerRequest.Cancel c -> "cancel " + c.name();
        };
    }

    /** Every field of every event as text, byte arrays by content: for comparing event lists fast. */
    static List<String> canonical(List<AstmReceiverEvent> events) {
        return events.stream().map(e -> switch (e) {
            case AstmReceiverEvent.EnquiryAnswered a -> "enq " + a.accepted() + hex(a.answer());
            case AstmReceiverEvent.FrameAcknowledged f -> "ack " + f.frameNumber() + f.last() + f.duplicate()
                    + hex(f.raw()) + hex(f.answer());
            case AstmReceiverEvent.MessageReceived m -> "message " + m.records() + m.terminated() + hex(m.raw())
                    + hex(m.ack()) + hex(m.nak());
            case AstmReceiverEvent.Rejected r -> "rejected " + r.reason() + r.detail() + hex(r.raw()) + hex(r.answer());
            case AstmReceiverEvent.TransmissionIncomplete i -> "incomplete " + i.cause() + i.records() + i.partial()
                    + hex(i.raw());
            default -> e.toString();
        }).toList();
    }

    private static String hex(byte[] bytes) {
        return " " + HexFormat.of().formatHex(bytes);
    }

    /** The answers to send at once, in order (deferred acknowledgements are not among them). */
    static byte[] answers(List<AstmReceiverEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (AstmReceiverEvent e : events) {
            switch (e) {
                case AstmReceiverEvent.EnquiryAnswered a -> out.writeBytes(a.answer());
                case AstmReceiverEvent.FrameAcknowledged f -> out.writeBytes(f.answer());
                case AstmReceiverEvent.Rejected r -> out.writeBytes(r.answer());
                default -> { }
            }
        }
        return out.toByteArray();
    }
}
