package org.smartclinic.gateway.device;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.smartclinic.drivers.transport.folder.FolderStats;
import org.smartclinic.drivers.transport.tcp.TcpServerStats;
import org.smartclinic.drivers.transport.tcp.UnknownConnection;
import org.smartclinic.gateway.security.Roles;

/**
 * {@code /api/transports}: the transports devices share, for the technician: each TCP server port with its counts
 * and the connections it refused because no registered device could be recognised (never guessed), each MQTT
 * broker connection with its state, and each export folder's file counts.
 */
@RolesAllowed(Roles.TECHNICIAN)
@Path("/api/transports")
@Produces(MediaType.APPLICATION_JSON)
public class TransportResource {

    @Inject
    Transports transports;

    @Inject
    MqttBrokers brokers;

    /** One shared TCP port. */
    public record TcpServerView(String address, TcpServerStats stats, List<UnknownConnection> unknownConnections) {
    }

    /** One export folder's counts. */
    public record FolderView(long handedOver, long processed, long failed, long retried, long oversized) {
        static FolderView of(FolderStats s) {
            return new FolderView(s.handedOver(), s.processed(), s.failed(), s.retried(), s.oversized());
        }
    }

    /** Everything shared. */
    public record TransportsView(List<TcpServerView> tcpServers, List<MqttBrokers.BrokerView> mqttBrokers,
            Map<String, FolderView> folders) {
    }

    @GET
    public TransportsView list() {
        List<TcpServerView> hubs = transports.hubs().stream()
                .map(h -> new TcpServerView(h.describe(), h.stats(), h.unknownConnections())).toList();
        Map<String, FolderView> folders = new TreeMap<>();
        transports.folders().forEach((device, stats) -> folders.put(device, FolderView.of(stats)));
        return new TransportsView(hubs, brokers.views(), folders);
    }
}
