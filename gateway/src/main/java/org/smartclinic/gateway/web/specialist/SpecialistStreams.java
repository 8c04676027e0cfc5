package org.smartclinic.gateway.web.specialist;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.WebSocketConnection;

import org.smartclinic.gateway.config.GatewayConfig;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.invite.InviteService;
import org.smartclinic.gateway.journal.ExamRecords;
import org.smartclinic.gateway.journal.Journal;
import org.smartclinic.gateway.live.LiveBus;

/** What a specialist's live stream needs from the gateway, in one bean: makes one {@link SpecialistStream} each. */
@ApplicationScoped
public class SpecialistStreams {

    @Inject
    InviteService invites;

    @Inject
    LiveBus bus;

    @Inject
    DeviceManager devices;

    @Inject
    ExamRecords exams;

    @Inject
    Journal journal;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    SpecialistStream create(WebSocketConnection connection) {
        return new SpecialistStream(this, connection);
    }
}
