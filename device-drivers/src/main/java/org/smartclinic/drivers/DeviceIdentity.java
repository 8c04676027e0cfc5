package org.smartclinic.drivers;

/**
 * Who a device says it is: model, serial number and firmware as it reports them (an identity frame, an ASTM
 * header, an export file's header). Each part may be null when the device does not say. The gateway compares it
 * with what the technician registered and puts it on the FHIR Device resource.
 *
 * @param model        the model name as the device reports it
 * @param serialNumber the serial number as the device reports it
 * @param firmware     the firmware or software version as the device reports it
 */
public record DeviceIdentity(String model, String serialNumber, String firmware) {

    /** Longest part kept; longer parts are cut. */
    public static final int MAX_PART = 64;

    public DeviceIdentity {
        model = clean(model);
        serialNumber = clean(serialNumber);
        firmware = clean(firmware);
    }

    private static String clean(String part) {
        if (part == null || part.isBlank()) {
            return null;
        }
        String s = part.strip();
        return s.length() > MAX_PART ? s.substring(0, MAX_PART) : s;
    }
}
