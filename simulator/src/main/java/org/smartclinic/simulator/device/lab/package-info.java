/**
 * Laboratory analyzer twins that follow {@code docs/lab-analyzers.md} to the letter: LP-100 ({@code lp100}: HbA1c,
 * lipid, CRP and ACR cartridges, host query on sample scan), HX-3 ({@code hx3}: 20-parameter blood count with a
 * morphology remark), CH-200 ({@code ch200}: chemistry over TCP, several orders per message, R records past 240
 * characters) and US-10 ({@code us10}: urine strip, right-aligned ordinals, lower-case checksums). Each model is a
 * message generator ({@link org.smartclinic.simulator.device.lab.LabMessages}) on the ASTM instrument engine of
 * {@code org.smartclinic.simulator.device.lab.astm}; {@link org.smartclinic.simulator.device.lab.LabTwin} runs one.
 */
package org.smartclinic.simulator.device.lab;
