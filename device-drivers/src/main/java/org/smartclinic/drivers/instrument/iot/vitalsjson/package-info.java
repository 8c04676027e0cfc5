/**
 * A generic connected IoT vitals device publishing JSON over MQTT in this project's format
 * {@code smartclinic.vitals/1}: the schema ({@code vitals-v1.schema.json}, JSON Schema draft 2020-12), a payload
 * writer shared with the simulator twin ({@link org.smartclinic.drivers.instrument.iot.vitalsjson.VitalsJsonPayload}),
 * the driver and its service-provider factory, and the code table {@code vitalsjson-codes.csv}. Its behaviour on
 * good and bad messages is pinned by the vector files under {@code src/test/resources/vectors/vitals-json}.
 */
package org.smartclinic.drivers.instrument.iot.vitalsjson;
