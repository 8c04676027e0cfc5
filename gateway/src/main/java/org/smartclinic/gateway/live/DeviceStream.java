package org.smartclinic.gateway.live;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.smartclinic.gateway.device.DeviceManager;

/**
 * One device's live stream for the technician ({@code /ws/devices/{deviceId}}): its waveforms, its status, and its
 * readings as they are journaled (the bus's {@link LiveViews.ReadingLive}: no patient, no binding).
 */
@ApplicationScoped
public class DeviceStream {

    @Inject
    LiveSockets sockets;

    @Inject
    DeviceManager devices;

    /** Serves device {@code deviceId} from {@code since} (0: live only); an unknown device closes (1008). */
    public void open(WebSocketConnection connection, String deviceId, long since) {
        if (devices.get(deviceId).isEmpty()) {
            connection.close(new CloseReason(1008, "no such device")).subscribe().with(ok -> { }, f -> { });
            return;
        }
        sockets.open(connection, new LiveScope() {
            @Override
            public boolean watches(String key) {
                return key.equals(deviceId);
            }

            @Override
            public boolean wants(LiveEvent event) {
                return true;
            }
        }, since);
    }
}
