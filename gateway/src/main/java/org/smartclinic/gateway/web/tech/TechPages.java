package org.smartclinic.gateway.web.tech;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;

import org.smartclinic.gateway.api.Input;
import org.smartclinic.gateway.device.DeviceManager;
import org.smartclinic.gateway.security.Roles;
import org.smartclinic.gateway.web.Pages;

/**
 * The technician's pages: the instruments table ({@code /tech}), one instrument ({@code /tech/devices/{id}}: state
 * and reason, identity, counters, clock, last rejected frames, raw captures, probe and start/stop/restart), the
 * "add instrument" wizard and its edit form, and the dead letters. The pages are shells rendered here in the
 * viewer's language; their scripts ({@code /static/js/tech/}) fill them from the REST API and keep them current.
 */
@Path("/tech")
@RolesAllowed(Roles.TECHNICIAN)
@Produces(MediaType.TEXT_HTML)
@Blocking
public class TechPages {

    @Inject
    Pages pages;

    @Inject
    DeviceManager devices;

    @Inject
    @Location("tech/devices.html")
    Template list;

    @Inject
    @Location("tech/device.html")
    Template device;

    @Inject
    @Location("tech/device-form.html")
    Template form;

    @Inject
    @Location("tech/dead-letters.html")
    Template deadLetters;

    @GET
    public TemplateInstance devices() {
        return pages.page(list);
    }

    @GET
    @Path("/devices/new")
    public TemplateInstance add() {
        return pages.page(form).data("deviceId", null);
    }

    @GET
    @Path("/devices/{id}")
    public TemplateInstance device(@PathParam("id") String id) {
        return pages.page(device).data("deviceId", known(id));
    }

    @GET
    @Path("/devices/{id}/edit")
    public TemplateInstance edit(@PathParam("id") String id) {
        return pages.page(form).data("deviceId", known(id));
    }

    @GET
    @Path("/dead-letters")
    public TemplateInstance deadLetters() {
        return pages.page(deadLetters);
    }

    /** {@code id} if it names a registered device (running or misconfigured), else 404. */
    private String known(String id) {
        if (id == null || !Input.ID.matcher(id).matches() || !devices.registered(id)) {
            throw new NotFoundException();
        }
        return id;
    }
}
