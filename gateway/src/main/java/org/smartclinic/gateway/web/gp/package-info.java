/**
 * The GP console: choosing a station, the console itself (open an exam, watch readings arrive as tiles and
 * waveforms, confirm or reject them, assign the station's unassigned and held readings with a reason, close the
 * exam with a conclusion), and the printable sample-id labels with their Code 128 barcodes drawn here as SVG. The
 * pages are rendered on the server; {@code /static/js/gp/*.js} makes the console live over the exam's WebSocket.
 */
package org.smartclinic.gateway.web.gp;
