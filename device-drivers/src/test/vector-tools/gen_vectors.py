#!/usr/bin/env python3
"""Generates the input side of the ASTM lab driver vectors; see astm_vec.py. Run from this folder."""
import os
from astm_vec import vec, frames, frame, transmission, esc, ENQ, EOT, ACK, NAK

ROOT = os.path.join("..", "resources", "vectors")
T = "20261123101500"
TR = "20261123101200"


def luhn(digits):
    s, dbl = 0, True
    for ch in reversed(digits):
        d = int(ch)
        if dbl:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        s += d
        dbl = not dbl
    return digits + str((10 - s % 10) % 10)


S1, S2, S3 = luhn("471100001"), luhn("471100002"), luhn("471100003")


def write(driver, name, comments, segments, options=()):
    """Writes a vector's input side; a file that already has expectations is left alone (delete it to redo it)."""
    os.makedirs(os.path.join(ROOT, driver), exist_ok=True)
    path = os.path.join(ROOT, driver, name + ".vec")
    if os.path.exists(path) and "\nout:" in open(path, encoding="utf-8").read():
        return
    vec(path, comments, segments, options)


def hdr(model):
    return "H|\\^&|||" + model + "|||||||P|LIS2-A2|" + T


def order(sample, test, descriptor=""):
    return "O|1|" + sample + "||^^^" + test + "|R" + "|" * 6 + "N" + ("|" * 4 + descriptor if descriptor else "")


def res(seq, code, value, unit, rng, flag, status="F"):
    # A '^' in a unit is the component delimiter: E1394 escapes it as &S&.
    return "R|%d|^^^%s|%s|%s|%s|%s||%s||||%s" % (seq, code, value, unit.replace("^", "&S&"), rng, flag, status, TR)


LP = "LP-100^2.1.0^LP100-0042"
# ---- LP-100 ------------------------------------------------------------------------------------------------
hba1c = [hdr(LP), "P|1|PAT-77", order(S1, "HBA1C", "Blood"), res(1, "HBA1C", "6.8", "%", "4.0-6.0", "H"),
         res(2, "HBA1C_IFCC", "51", "mmol/mol", "20-42", "H"), "L|1|N"]
write("lp100", "hba1c", ["HbA1c cartridge: two results, both high; the message's last frame is ACKed after storing.",
                          "Sample %s (ten digits, Luhn check digit). Checksums computed by vector-tools/astm_vec.py." % S1],
      transmission(hba1c))
lipid = [hdr(LP), "P|1|PAT-77", order(S2, "LIPID", "Serum"), res(1, "CHOL", "5.9", "mmol/L", "0.0-5.0", "H"),
         res(2, "HDL", "1.1", "mmol/L", ">1.0", "N"), res(3, "TRIG", "1.6", "mmol/L", "<1.7", "N"),
         res(4, "LDL", "4.1", "mmol/L", "<3.0", "H"), res(5, "TC/HDL", "5.4", "", "<5.0", "H"), "L|1|N"]
write("lp100", "lipid-panel", ["Lipid cartridge, order code LIPID: the reading forms the lipid panel (LOINC 24331-1).",
                               "TC/HDL is a ratio without unit: UCUM {ratio}."], transmission(lipid))
crp = [hdr(LP), "P|1|PAT-78", order(S3, "CRP", "Blood"), res(1, "CRP", "12", "mg/L", "<5", "H"), "L|1|N"]
write("lp100", "crp", ["CRP cartridge: one result above the upper limit '<5'."], transmission(crp))
acr = [hdr(LP), "P|1|PAT-79", order(S1, "ACR", "Urine"), res(1, "UALB", "45", "mg/L", "<20", "H"),
       res(2, "UCREA", "8.2", "mmol/L", "", ""), res(3, "ACR", "5.5", "mg/mmol", "<3.0", "H"), "L|1|N"]
write("lp100", "acr", ["Urine albumin/creatinine cartridge (O-16 Urine); UCREA without range or flag."],
      transmission(acr))

# Host query: the analyzer asks, the gateway answers as host after the analyzer's EOT.
query = [hdr(LP), "Q|1|^" + S1 + "||^^^ALL||||||||O", "L|1|N"]
answer_known = ["H|\\^&|||SmartClinic^Gateway|||||" + LP + "||P|LIS2-A2|20261123120000",
                "P|1|P-1001|||Doe^Jane||19800131|F",
                "O|1|" + S1 + "||^^^HBA1C|R||||||N||||||||||||||Q", "L|1|N"]
answer_none = ["H|\\^&|||SmartClinic^Gateway|||||" + LP + "||P|LIS2-A2|20261123120000", "L|1|I"]


def answered(records, acks):
    segs = []
    for a in acks:
        segs += [("wait",), ("in", a)]
    return segs


nframes = len(answer_known)
write("lp100", "host-query", ["Sample scan: Q for " + S1 + " ('^^^ALL'); the clinic knows it. After the analyzer's EOT",
                              "the gateway bids (ENQ) and sends H, P (id, family^given, birth date, sex), O (sample, the",
                              "clinic's tests), L, one frame each, as the analyzer ACKs them; then EOT.",
                              "Expected answer frames (independent): " + esc(ENQ + b"".join(frames(answer_known)) + EOT)],
      transmission(query) + answered(answer_known, [ACK] * (nframes + 1)))
open(os.path.join(ROOT, "lp100", "host-query.vec"), "a").write(
    "host: %s patient=P-1001 family=Doe given=Jane birth=1980-01-31 sex=F tests=HBA1C\n" % S1)
write("lp100", "host-query-unknown", ["Q for a sample the clinic does not know: 'no information' (H, L|1|I).",
                                      "Expected answer frames: " + esc(ENQ + b"".join(frames(answer_none)) + EOT)],
      transmission(query) + answered(answer_none, [ACK] * 3))
write("lp100", "host-query-nak-retry", ["The analyzer NAKs the answer's first frame once: the gateway sends it again."],
      transmission(query) + answered(answer_none, [ACK, NAK, ACK, ACK]))
write("lp100", "host-query-timeout", ["The analyzer never answers the gateway's ENQ: after the reply timer (15 s)",
                                      "the gateway sends EOT and bids again after the retry timer (10 s)."],
      transmission(query) + [("timer", "astm.sender.reply"), ("timer", "astm.sender.retry"), ("wait",),
                             ("in", ACK), ("wait",), ("in", ACK), ("wait",), ("in", ACK)])
# Contention: both bid at once; the host yields, receives the analyzer's message, bids again later.
write("lp100", "contention", ["Contention: the analyzer's ENQ crosses the gateway's ENQ. The gateway (host) yields:",
                              "ACKs the analyzer's ENQ, receives its message, and bids again when its retry timer",
                              "(20 s host backoff) fires on a quiet line."],
      transmission(query) + [("wait",)] + transmission(crp) + [("timer", "astm.sender.retry"), ("wait",), ("in", ACK),
                                                               ("wait",), ("in", ACK), ("wait",), ("in", ACK)])

# ---- faults (LP-100) ----------------------------------------------------------------------------------------
f = frames(crp)
bad = bytearray(f[3]); bad[10] ^= 0x01
write("lp100", "bad-checksum-then-retransmit", ["A flipped bit in the R frame: NAK; the analyzer sends it again; twice."],
      [("in", ENQ + b"".join(f[:3]) + bytes(bad)), ("wait",), ("in", f[3] + bytes(bad)), ("wait",),
       ("in", f[3] + b"".join(f[4:])), ("wait",), ("in", EOT)])
write("lp100", "lost-ack-duplicate", ["The ACK of frame 3 is lost: the analyzer repeats it; it is ACKed again, stored once."],
      [("in", ENQ + b"".join(f[:3])), ("wait",), ("in", f[2]), ("wait",), ("in", b"".join(f[3:])), ("wait",),
       ("in", EOT)])
write("lp100", "garbage-between-frames", ["Line noise between frames is reported (no answer) and skipped."],
      [("in", ENQ + f[0] + b"xx\xff" + b"".join(f[1:3]) + b"\x00\x00" + b"".join(f[3:])), ("wait",), ("in", EOT)])
write("lp100", "eot-mid-message", ["EOT after the R record, before the terminator: nothing stored, rejected truncated."],
      [("in", ENQ + b"".join(f[:4])), ("wait",), ("in", EOT)])
longr = res(1, "CRP", "12", "mg/L", "<5", "H") + "|" + "X" * 300
lf = frames([hdr(LP), "P|1|PAT-78", order(S3, "CRP"), longr, "L|1|N"])
write("lp100", "eot-mid-record", ["EOT after an intermediate (ETB) frame: the record was cut; rejected truncated."],
      [("in", ENQ + b"".join(lf[:4])), ("wait",), ("in", EOT)])
over = frame(4, "R|1|^^^CRP|12|mg/L|<5|H||F||||" + TR + "|" + "Y" * 240 + "\r")
write("lp100", "overlong-frame", ["A frame with more than 240 text characters: NAK (over-long); then the good one."],
      [("in", ENQ + b"".join(f[:3]) + over), ("wait",), ("in", b"".join(f[3:])), ("wait",), ("in", EOT)])
wrong = frame(6, "R|1|^^^CRP|12|mg/L|<5|H||F||||" + TR + "\r")
write("lp100", "wrong-frame-number", ["Frame number 6 where 4 is expected: NAK; then frame 4."],
      [("in", ENQ + b"".join(f[:3]) + wrong), ("wait",), ("in", b"".join(f[3:])), ("wait",), ("in", EOT)])
write("lp100", "timeout", ["The analyzer stops after frame 3: the receive timer (30 s) ends the transmission,",
                           "incomplete, nothing stored; the next transmission is received normally."],
      [("in", ENQ + b"".join(f[:3])), ("timer", "astm.receiver.frame"), ("wait",)] + transmission(crp))
write("lp100", "message-then-timeout", ["A complete message, then a second one cut off by the receive timeout:",
                                        "the first is kept (accepted), the second rejected."],
      [("in", ENQ + b"".join(f)), ("wait",),
       ("in", b"".join(frames([hdr(LP), "P|1|PAT-77"], start=6)))] + [("timer", "astm.receiver.frame")])

# ---- HX-3 ---------------------------------------------------------------------------------------------------
HX = "HX-3^1.4^HX3-00917"
cbc = [("WBC", "12.4", "10^3/uL", "4.0-10.0", "H"), ("LYM#", "2.1", "10^3/uL", "0.8-4.0", "N"),
       ("MID#", "0.6", "10^3/uL", "0.1-0.9", "N"), ("GRA#", "9.7", "10^3/uL", "2.0-7.0", "H"),
       ("LYM%", "16.9", "%", "20.0-40.0", "L"), ("MID%", "4.8", "%", "3.0-9.0", "N"),
       ("GRA%", "78.3", "%", "50.0-70.0", "H"), ("RBC", "4.62", "10^6/uL", "3.80-5.80", "N"),
       ("HGB", "13.9", "g/dL", "12.0-16.5", "N"), ("HCT", "41.2", "%", "36.0-48.0", "N"),
       ("MCV", "89.2", "fL", "80.0-99.0", "N"), ("MCH", "30.1", "pg", "26.0-32.0", "N"),
       ("MCHC", "33.7", "g/dL", "32.0-36.0", "N"), ("RDW-CV", "13.1", "%", "11.5-14.5", "N"),
       ("RDW-SD", "42.5", "fL", "39.0-46.0", "N"), ("PLT", "48", "10^3/uL", "150-400", "LL"),
       ("MPV", "10.2", "fL", "7.0-11.0", "N"), ("PDW", "16.1", "fL", "9.0-17.0", "N"),
       ("PCT", "0.05", "%", "0.10-0.28", "L"), ("P-LCR", "29.4", "%", "13.0-43.0", "N")]
recs = [hdr(HX), "P|1||LAB-5", order(S2, "CBC")]
for i, (c, v, u, r, fl) in enumerate(cbc):
    recs.append(res(i + 1, c, v, u, r, fl))
    if c == "WBC":
        recs.append("C|1|I|WBC abnormal scattergram|I")
    if c == "PLT":
        recs.append("C|1|I|Platelet clumps suspected|I")
recs.append("L|1|N")
write("hx3", "cbc", ["One sample, 20 parameters under order ^^^CBC (the CBC panel 57021-8); flags H, L, LL;",
                     "C records after WBC and PLT become their notes. MID#, MID%, P-LCR have no LOINC code."],
      transmission(recs))
unk = [hdr(HX), "P|1||LAB-5", order(S2, "CBC"), res(1, "WBC", "6.1", "10^3/uL", "4.0-10.0", "N"),
       res(2, "NRBC#", "0.02", "10^3/uL", "", ""), "L|1|N"]
write("hx3", "unknown-test-code", ["A test code the table lacks (NRBC#): kept with the analyzer's code, a note, no LOINC."],
      transmission(unk))
mg = [hdr(HX), "P|1||LAB-5", order(S2, "CBC"), res(1, "HGB", "139", "g/L", "120-165", "N"), "L|1|N"]
write("hx3", "unit-mismatch", ["HGB in g/L where the table says g/dL: kept as sent, not coded (a note says why)."],
      transmission(mg))

# ---- CH-200 -------------------------------------------------------------------------------------------------
CH = "CH-200^3.0.2^CH2-5521"
qc = "|CH-200^R1|LOT A2261^exp 20270131^CAL 20261120 OK^QC L1 4.9 (4.4-5.4) QC L2 14.8 (13.9-15.7) " + "Z" * 120


def chres(seq, code, value, unit, rng, flag):
    return "R|%d|^^^%s^1|%s|%s|%s|%s||F||||%s%s" % (seq, code, value, unit, rng, flag, TR, qc)


chem = [hdr(CH), "P|1|PAT-80", "O|1|" + S1 + "||^^^GLU^1\\^^^CREA^1|R", chres(1, "GLU", "7.8", "mmol/L", "3.9-6.1", "H"),
        chres(2, "CREA", "88", "umol/L", "59-104", "N"), "P|2|PAT-81", "O|1|" + S3 + "||^^^ALT^1|R",
        chres(1, "ALT", "64", "U/L", "<41", "H"), chres(2, "ALB", "41", "g/L", "35-52", "N"), "L|1|N"]
write("ch200", "chemistry", ["Two patients, two orders, two results each; R records longer than 240 characters",
                             "(reagent lot, calibration, QC text after R-13) continue in ETB frames; dilution ^1."],
      transmission(chem))
write("ch200", "unknown-test-code", ["A test code the CH-200 table lacks (LDH)."],
      transmission([hdr(CH), "P|1|PAT-80", "O|1|" + S1 + "||^^^LDH^1|R", chres(1, "LDH", "250", "U/L", "<248", "H"),
                    "L|1|N"]))

# ---- US-10 --------------------------------------------------------------------------------------------------
US = "US-10^1.0^US10-0301"
uv = [("GLU", "   neg", ""), ("BIL", "   neg", ""), ("KET", " trace", "A"), ("BLD", "    ++", "A"), ("PRO", "     +", "A"),
      ("NIT", "   neg", ""), ("LEU", "   +++", "A"), ("URO", "  norm", ""), ("SG", " 1.020", ""), ("PH", "   6.0", ""),
      ("COL", "yellow", ""), ("CLA", " clear", "")]
urine = [hdr(US), "P|1|PAT-82", order(S3, "URINE", "Urine")]
for i, (c, v, fl) in enumerate(uv):
    urine.append("R|%d|^^^%s|%s|||%s||F||||%s" % (i + 1, c, v, fl, TR))
urine.append("L|1|N")
write("us10", "urine-strip", ["Values right-aligned with spaces and checksums in lower-case hex (the table switches",
                              "trim-values and lower-case-checksum on); ordinals to SNOMED CT, SG/pH quantities."],
      transmission(urine, lower=True))
write("us10", "trim-values-off", ["As urine-strip with trim-values switched off: padded ordinals are not in the table,",
                                  "kept as text with a note; padded numbers are not numbers."],
      transmission(urine, lower=True), options=["trim-values=false"])
f1 = frames(urine, lower=True)[0]
write("us10", "lower-case-checksum-off", ["As urine-strip with lower-case-checksum off: the first frame (checksum 'f2')",
                                          "is refused (NAK) as malformed, again when repeated; the analyzer gives up (EOT)."],
      [("in", ENQ + f1), ("wait",), ("in", f1), ("wait",), ("in", EOT)],
      options=["lower-case-checksum=false"])

# ---- generic astm-lis2: each leniency switch on and off -------------------------------------------------------
TABLE = "code-table=../deploy/lab/example-lis2.codes"
GA = "GA-1^0.9^GA1-77"


def lis2(name, comments, segments, options=()):
    write("astm-lis2", name, comments, segments, [TABLE] + list(options))


base = [hdr(GA), "P|1|PAT-90", "O|1|" + S1 + "||^^^GLU\\^^^CREA|R", res(1, "GLU", "5.4", "mmol/L", "3.9-6.1", "N"),
        res(2, "CREA", "130", "umol/L", "59-104", "H"), "L|1|N"]


def refused(fs, idx):
    """The analyzer sends frames up to idx, which is refused; it repeats it once, then gives up (EOT)."""
    return [("in", ENQ + b"".join(fs[:idx + 1])), ("wait",), ("in", fs[idx]), ("wait",), ("in", EOT)]


def both(name, what, on_option, segments, off_option=None, off_segments=None):
    off = [off_option] if off_option else []
    lis2(name + "-off", [what, "Switch off (the standard's behaviour)" + (": the analyzer repeats the refused frame "
         "once, then gives up." if off_segments else ".")], off_segments or segments, off)
    lis2(name + "-on", [what, "Switch on: " + on_option + "."], segments, [on_option])


lis2("normal", ["A plain LIS2-A2 message through the example code table: GLU normal, CREA high."], transmission(base))
lc = frames(base, lower=True)
both("lower-case-checksum", "Checksums in lower-case hex (frame 5's is 0d).", "lower-case-checksum=true",
     [("in", ENQ + b"".join(lc)), ("wait",), ("in", EOT)], off_segments=refused(lc, 4))
lf_only = [frame(i + 1, r + "\r", line_end=b"\n") for i, r in enumerate(base)]
both("loose-line-end", "Frames end with LF only after the checksum (a converter dropped the CR).",
     "loose-line-end=true", [("in", ENQ + b"".join(lf_only)), ("wait",), ("in", EOT)],
     off_segments=refused(lf_only, 0))
long_base = base[:3] + [res(1, "GLU", "5.4", "mmol/L", "3.9-6.1", "N") + "|" + "Q" * 260] + base[4:]
long_frames = [frame(i + 1, r + "\r") for i, r in enumerate(long_base)]
both("max-text-length", "A frame of about 300 text characters, sent whole (no ETB).", "max-text-length=400",
     [("in", ENQ + b"".join(long_frames)), ("wait",), ("in", EOT)], off_segments=refused(long_frames, 3))
packed = [frame(1, "\r".join(base[:3]) + "\r"), frame(2, "\r".join(base[3:]) + "\r")]
both("packed-records", "Several records per frame.", "packed-records=true",
     [("in", ENQ + b"".join(packed)), ("wait",), ("in", EOT)], off_segments=refused(packed, 0))
wrongcs = [frame(i + 1, r + "\r", checksum="00") for i, r in enumerate(base)]
both("ignore-checksum", "An analyzer that writes 00 for every checksum.", "ignore-checksum=true",
     [("in", ENQ + b"".join(wrongcs)), ("wait",), ("in", EOT)], off_segments=refused(wrongcs, 0))
padded = base[:3] + [res(1, "GLU", " 5.4", "mmol/L", "3.9-6.1", "N"), res(2, "CREA", "130 ", "umol/L", "59-104", "H"),
                     "L|1|N"]
both("trim-values", "Values padded with spaces.", "trim-values=true", transmission(padded))
trailing = base[:3] + [res(1, "GLU", "5.4", "mmol/L", "3.9-6.1", "N") + "|" * 20, base[4], "L|1|N"]
both("tolerate-trailing-empty-fields", "An R record padded with 20 empty fields. Off, the parser notes a non-fatal "
     "problem the outcome does not show: both decode alike.", "tolerate-trailing-empty-fields=true",
     transmission(trailing))
both("accept-line-feeds", "Records ended with CR LF inside the frame text. LF may not appear in E1381 frame text, so "
     "the link refuses the frame before the parser's switch could matter: both decode alike.",
     "accept-line-feeds=true", [("in", ENQ + frame(1, base[0] + "\r\n")), ("wait",), ("in", EOT)])
lower = base[:3] + ["r" + base[3][1:], "r" + base[4][1:], "L|1|N"]
both("accept-lower-case-types", "Result records typed 'r'. Off: the message is refused (ACKed: repeating it cannot "
     "help) and rejected malformed.", "accept-lower-case-types=true", transmission(lower))
both("tolerate-missing-terminator", "The analyzer ends with EOT and sends no L record.",
     "tolerate-missing-terminator=true", transmission(base[:-1]))
cut = base[3]
split = [frame(1, base[0] + "\r"), frame(2, base[1] + "\r"), frame(3, base[2] + "\r"), frame(4, cut[:18] + "\r"),
         frame(5, cut[18:] + "\r"), frame(6, base[4] + "\r"), frame(7, "L|1|N\r")]
both("join-split-records", "The GLU record cut in two end frames, each ended with CR, so its tail arrives as a line "
     "of its own.", "join-split-records=true", [("in", ENQ + b"".join(split)), ("wait",), ("in", EOT)])
first = base[:3] + ["R|1|GLU^^^|5.4|mmol/L|3.9-6.1|N||F||||" + TR, "R|2|CREA^^^|130|umol/L|59-104|H||F||||" + TR,
                    "L|1|N"]
both("test-code-component", "The analyzer puts its test code in component 1 of R-3 (GLU^^^).",
     "test-code-component=1", transmission(first))
lis2("unknown-test-code", ["A test the example table lacks (HBA1C): kept with the analyzer's code only, and a note."],
     transmission(base[:3] + [res(1, "HBA1C", "6.1", "%", "4.0-6.0", "H"), "L|1|N"]))
lis2("ordinal-and-text", ["Urine KET ordinal and COL free text through the example table."],
     transmission([hdr(GA), "P|1|PAT-91", "O|1|" + S2 + "||^^^KET\\^^^COL|R", res(1, "KET", "neg", "", "", ""),
                   res(2, "COL", "amber", "", "", "A"), "L|1|N"]))

# ---- more model scenarios --------------------------------------------------------------------------------------
cf = frames(chem)
etb = next(i for i, x in enumerate(cf) if x[-5] == 0x17)
bad_etb = bytearray(cf[etb]); bad_etb[20] ^= 0x02
write("ch200", "etb-frame-bad-checksum", ["Line damage in an intermediate (ETB) frame of a long R record: NAK; the",
                                          "analyzer repeats it and the record, then the message, completes."],
      [("in", ENQ + b"".join(cf[:etb]) + bytes(bad_etb)), ("wait",), ("in", b"".join(cf[etb:])), ("wait",),
       ("in", EOT)])
write("ch200", "two-messages-one-transmission", ["Two messages (each H..L) in one transmission: two accepted outcomes,",
                                                 "each ACKed after its own storing."],
      transmission(chem[:6] + ["L|1|N", hdr(CH), "P|1|PAT-81", "O|1|" + S3 + "||^^^CRP^1|R",
                               chres(1, "CRP", "3", "mg/L", "<5", "N"), "L|1|N"]))
sx = [hdr(HX), "P|1||LAB-5", order(S2, "CBC"), res(1, "WBC", "", "10^3/uL", "", "", status="X"),
      res(2, "HGB", "14.1", "g/dL", "12.0-16.5", "N", status="C"), res(3, "PLT", "210", "10^3/uL", "150-400", "N",
                                                                       status="P"), "L|1|N"]
write("hx3", "status-cancelled-corrected-preliminary", ["R-9 statuses: X (cannot be done: text value, CANCELLED), C",
                                                        "(CORRECTED), P (PRELIMINARY)."], transmission(sx))
