package org.smartclinic.drivers.transport.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The read-ahead sockets Paho gets for tcp:// brokers, on a real loopback connection. */
class ReadAheadSocketFactoryTest {

    @Test
    void read_byteByByteThenTimeout_availableFromTheBufferAndNothingLostAcrossTheTimeout() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new ReadAheadSocketFactory().createSocket()) {
            client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()), 2000);
            client.setSoTimeout(200);
            try (Socket peer = server.accept()) {
                OutputStream out = peer.getOutputStream();
                InputStream in = client.getInputStream();
                assertThat(client.getInputStream()).as("one stream per socket").isSameAs(in);
                assertThat(in).isInstanceOf(ReadAheadSocketFactory.ReadAheadStream.class);
                DataInputStream data = new DataInputStream(in);

                out.write(new byte[] {0x30, 0x03, 'a', 'b', 'c'});
                out.flush();
                assertThat(data.readUnsignedByte()).isEqualTo(0x30);
                assertThat(in.available()).as("the rest is already buffered").isEqualTo(4);
                byte[] rest = new byte[4];
                data.readFully(rest);
                assertThat(new String(rest, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("abc");
                assertThat(in.available()).isZero();

                assertThatThrownBy(data::readUnsignedByte).isInstanceOf(SocketTimeoutException.class);
                out.write(0x40);
                out.flush();
                assertThat(data.readUnsignedByte()).as("the next byte after a timeout").isEqualTo(0x40);
            }
        }
    }

    @Test
    void createSocket_hostAndPort_isConnectedAndReadsAhead() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket client = new ReadAheadSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                        server.getLocalPort());
                Socket peer = server.accept()) {
            assertThat(client.isConnected()).isTrue();
            peer.getOutputStream().write(new byte[] {1, 2});
            assertThat(client.getInputStream().read()).isEqualTo(1);
            assertThat(client.getInputStream().available()).isEqualTo(1);
        }
    }
}
