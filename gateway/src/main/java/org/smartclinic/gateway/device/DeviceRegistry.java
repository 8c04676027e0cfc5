package org.smartclinic.gateway.device;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.jboss.logging.Logger;
import org.smartclinic.drivers.spi.DeviceDriverFactory;
import org.smartclinic.gateway.api.ApiException;
import org.smartclinic.gateway.journal.DeviceRegistrations;

/**
 * Instruments added, edited and removed through the API while the gateway runs. Each change is written to the
 * journal first ({@link DeviceRegistrations}) and then applied by the {@link DeviceManager}: an edit stops the
 * device and registers it again with the new settings, so nothing needs a restart and every change outlives one.
 *
 * <p>The rule for the two sources: devices from the configuration file stay as the file says (the API refuses to
 * edit or remove them and the page says they are edited in the file); an API device whose id the file later
 * registers too is not started, and the file's is used.
 */
@ApplicationScoped
public class DeviceRegistry {

    private static final Logger LOG = Logger.getLogger(DeviceRegistry.class);

    @Inject
    DeviceManager devices;

    @Inject
    DeviceRegistrations registrations;

    @Inject
    ObjectMapper json;

    /** The stored registrations, checked again against this build's drivers (at start). */
    List<DeviceSpecs.Result> stored() {
        List<DeviceSpecs.Result> out = new ArrayList<>();
        for (DeviceRegistrations.Stored s : registrations.all()) {
            DeviceRequest r = null;
            try {
                r = json.readValue(s.spec(), DeviceRequest.class);
                DeviceSpec spec = DeviceRequests.spec(r.withId(s.deviceId()), devices.brokers());
                String problem = DeviceSpecs.problem(spec, DeviceDriverFactory.find(spec.driverId()).orElseThrow());
                out.add(problem == null ? new DeviceSpecs.Valid(spec)
                        : new DeviceSpecs.Invalid(s.deviceId(), spec.driverId(), spec.station(), problem));
            } catch (JsonProcessingException | ApiException e) {
                String problem = e instanceof ApiException a && a.hint() != null ? a.getMessage() + " (" + a.hint()
                        + ")" : e.getMessage();
                out.add(new DeviceSpecs.Invalid(s.deviceId(), r == null ? "?" : String.valueOf(r.driver()),
                        r == null ? "?" : String.valueOf(r.station()), "stored registration no longer valid: "
                                + problem + "; edit or delete it"));
            }
        }
        return out;
    }

    /** Adds a device and starts it (if enabled). */
    public synchronized void add(DeviceRequest request, String actor) {
        DeviceSpec spec = DeviceRequests.spec(request, devices.brokers());
        if (devices.registered(spec.id())) {
            throw new ApiException(Response.Status.CONFLICT, "there is already a device " + spec.id(),
                    "choose another id, or edit that device");
        }
        save(spec.id(), request, actor);
        devices.registerRuntime(spec);
        LOG.infof("device %s (%s) added by %s", spec.id(), spec.driverId(), actor);
    }

    /** Replaces an API device's settings and restarts it with them. */
    public synchronized void update(String id, DeviceRequest request, String actor) {
        requireRuntime(id);
        if (request != null && request.id() != null && !request.id().isBlank() && !request.id().strip().equals(id)) {
            throw ApiException.badRequest("the id cannot be changed", "add a new device and delete this one");
        }
        DeviceRequest named = request == null ? null : request.withId(id);
        DeviceSpec spec = DeviceRequests.spec(named, devices.brokers());
        save(id, named, actor);
        devices.unregister(id);
        devices.registerRuntime(spec);
        LOG.infof("device %s edited by %s: %s %s", id, actor, spec.transport().kind(), spec.transport().describe());
    }

    /** Stops and removes an API device; its readings stay. */
    public synchronized void remove(String id, String actor) {
        requireRuntime(id);
        registrations.delete(id).join();
        devices.unregister(id);
        LOG.infof("device %s removed by %s", id, actor);
    }

    /** The request an API device was last saved with, for the edit form. */
    public DeviceRequest request(String id) {
        requireRuntime(id);
        return registrations.all().stream().filter(s -> s.deviceId().equals(id)).findFirst().map(s -> {
            try {
                return json.readValue(s.spec(), DeviceRequest.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored registration of " + id + " is not readable", e);
            }
        }).orElseThrow(() -> ApiException.notFound("no device " + id));
    }

    private void requireRuntime(String id) {
        if (!devices.registered(id)) {
            throw ApiException.notFound("no device " + id);
        }
        if (!devices.isRuntime(id)) {
            throw new ApiException(Response.Status.CONFLICT, "device " + id + " is registered in the configuration"
                    + " file", "edit smartclinic.devices." + id + ".* in the file and restart the gateway");
        }
    }

    private void save(String id, DeviceRequest request, String actor) {
        try {
            registrations.save(id, json.writeValueAsString(request), actor).join();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("device " + id + " cannot be written as JSON", e);
        }
    }
}
