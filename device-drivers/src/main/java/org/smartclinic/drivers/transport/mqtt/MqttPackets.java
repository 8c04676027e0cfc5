package org.smartclinic.drivers.transport.mqtt;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The parts of MQTT 3.1.1's wire format (OASIS standard, chapter 2) that every packet uses: the variable-length
 * "remaining length" (1-4 bytes, 7 bits each) and length-prefixed strings. Shared by the gateway's client and the
 * simulator's device publishers.
 */
public final class MqttPackets {

    public static final int CONNECT = 0x10;
    public static final int CONNACK = 0x20;
    public static final int PUBLISH = 0x30;
    public static final int PUBACK = 0x40;
    public static final int SUBSCRIBE = 0x82;
    public static final int SUBACK = 0x90;
    public static final int UNSUBSCRIBE = 0xA2;
    public static final int UNSUBACK = 0xB0;
    public static final int PINGREQ = 0xC0;
    public static final int PINGRESP = 0xD0;
    public static final int DISCONNECT = 0xE0;
    /** The largest remaining length the four length bytes can say (2.2.3). */
    public static final int MAX_REMAINING = 268_435_455;

    private MqttPackets() {
    }

    /** Writes {@code length} as a remaining length. */
    public static void writeLength(OutputStream out, int length) throws IOException {
        if (length < 0 || length > MAX_REMAINING) {
            throw new IOException("an MQTT packet holds at most " + MAX_REMAINING + " bytes: " + length);
        }
        int rest = length;
        do {
            int digit = rest & 0x7F;
            rest >>>= 7;
            out.write(rest > 0 ? digit | 0x80 : digit);
        } while (rest > 0);
    }

    /** Reads a remaining length; a fifth length byte is a protocol error. */
    public static int readLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("protocol error: a remaining length longer than four bytes");
    }


    /**
     * The body of a CONNECT (3.1): protocol "MQTT" level 4, the flags, the keep-alive and the payload. The caller
     * wipes it after sending when it holds a password.
     *
     * @param user     user name in UTF-8, or null
     * @param password password bytes, or null (needs a user name)
     */
    public static byte[] connect(byte[] clientId, boolean cleanSession, int keepAliveSeconds, byte[] user,
            byte[] password) throws IOException {
        int size = 10 + 2 + clientId.length + (user == null ? 0 : 2 + user.length)
                + (password == null ? 0 : 2 + password.length);
        ByteBuffer body = ByteBuffer.allocate(size);
        body.putShort((short) 4).put("MQTT".getBytes(StandardCharsets.US_ASCII)).put((byte) 4)
                .put((byte) ((user == null ? 0 : 0x80) | (password == null ? 0 : 0x40) | (cleanSession ? 0x02 : 0)))
                .putShort((short) keepAliveSeconds);
        putString(body, clientId);
        if (user != null) {
            putString(body, user);
        }
        if (password != null) {
            putString(body, password);
        }
        return body.array();
    }

    /**
     * Reads the CONNACK that answers a CONNECT and returns its return code (0 accepted).
     *
     * @throws IOException if the answer is another packet (not an MQTT 3.1.1 broker)
     */
    public static int readConnack(DataInputStream in) throws IOException {
        int type = in.readUnsignedByte();
        int length = readLength(in);
        if (type != CONNACK || length != 2) {
            throw new IOException("protocol error: the broker answered the CONNECT with packet type 0x"
                    + Integer.toHexString(type) + " (not an MQTT 3.1.1 broker?)");
        }
        in.readUnsignedByte(); // session present
        return in.readUnsignedByte();
    }

    private static void putString(ByteBuffer out, byte[] utf8) throws IOException {
        if (utf8.length > 0xFFFF) {
            throw new IOException("an MQTT string holds at most 65535 bytes: " + utf8.length);
        }
        out.putShort((short) utf8.length).put(utf8);
    }

    /** Writes a big-endian 16-bit number (a packet id, a string's length, the keep-alive). */
    public static void writeShort(OutputStream out, int value) throws IOException {
        out.write(value >>> 8);
        out.write(value & 0xFF);
    }

    /** Writes {@code utf8} with its 16-bit length. */
    public static void writeString(OutputStream out, byte[] utf8) throws IOException {
        if (utf8.length > 0xFFFF) {
            throw new IOException("an MQTT string holds at most 65535 bytes: " + utf8.length);
        }
        writeShort(out, utf8.length);
        out.write(utf8);
    }

    /** Reads a length-prefixed UTF-8 string. */
    public static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readUnsignedShort()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }
}
