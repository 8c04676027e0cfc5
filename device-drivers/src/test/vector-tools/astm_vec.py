#!/usr/bin/env python3
"""Writes the input side of ASTM driver vectors (src/test/resources/vectors/<driver>/*.vec).

Frames are built from E1381-02 directly: <STX> FN text <ETX|ETB> C1 C2 <CR> <LF>, the checksum being the sum of
the bytes from FN to ETX/ETB inclusive, modulo 256, as two hex digits. This is independent of the Java codec, so
the vectors check it rather than echo it. Expectations ('out:' lines) are not written here: run the vector test,
check the printed outcomes by hand against the standard, and paste them in.
"""

NAMES = {0x02: "STX", 0x03: "ETX", 0x04: "EOT", 0x05: "ENQ", 0x06: "ACK", 0x0A: "LF", 0x0D: "CR", 0x15: "NAK",
         0x17: "ETB"}


def esc(data: bytes) -> str:
    out = []
    for b in data:
        if b in NAMES:
            out.append("<%s>" % NAMES[b])
        elif b < 0x20 or b >= 0x7F:
            out.append("<x%02X>" % b)
        elif b == 0x3C:  # '<' would start an escape
            out.append("<x3C>")
        else:
            out.append(chr(b))
    return "".join(out)


def frame(number: int, text: str, last: bool = True, lower: bool = False, checksum: str = None,
          line_end: bytes = b"\r\n") -> bytes:
    body = (str(number % 8) + text).encode("latin-1") + (b"\x03" if last else b"\x17")
    cs = "%02X" % (sum(body) % 256)
    if lower:
        cs = cs.lower()
    if checksum is not None:
        cs = checksum
    return b"\x02" + body + cs.encode("ascii") + line_end


def frames(records, start=1, max_text=240, lower=False):
    """One record per frame set; records longer than max_text-1 continue in intermediate (ETB) frames."""
    out = []
    n = start
    for r in records:
        text = r + "\r"
        while len(text) > max_text:
            out.append(frame(n, text[:max_text], last=False, lower=lower))
            text = text[max_text:]
            n += 1
        out.append(frame(n, text, lower=lower))
        n += 1
    return out


def vec(path, comments, segments, options=(), zone=None):
    """segments: list of ('in', bytes) | ('wait',) | ('timer', name)."""
    lines = ["# " + c for c in comments]
    if zone:
        lines.append("zone: " + zone)
    for o in options:
        lines.append("option: " + o)
    for s in segments:
        if s[0] == "in":
            lines.append("in: " + esc(s[1]))
        elif s[0] == "wait":
            lines.append("wait:")
        else:
            lines.append("timer: " + s[1])
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


ENQ, EOT, ACK, NAK = b"\x05", b"\x04", b"\x06", b"\x15"


def transmission(records, **kw):
    """ENQ, the frames, then (after the last frame's ACK) EOT: segments for vec()."""
    segs = [("in", ENQ + b"".join(frames(records, **kw)))]
    segs.append(("wait",))
    segs.append(("in", EOT))
    return segs
