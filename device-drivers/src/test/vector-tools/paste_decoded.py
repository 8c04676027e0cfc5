#!/usr/bin/env python3
"""After a vector test run, shows (and with --write appends) what vectors without expectations decoded to.

Only for vectors that have NO 'out:' lines yet; a person reads every block before committing it. Usage:
  python3 paste_decoded.py <driver> [--write]     (run from this folder, after ./mvnw test -Dtest=<Driver>VectorTest)
"""
import glob, os, re, sys
import xml.etree.ElementTree as ET

driver = sys.argv[1]
write = "--write" in sys.argv
marker = "check them against the protocol by hand and paste them into the file:\n"
for report in glob.glob("../../../target/surefire-reports/TEST-*.xml"):
    if driver.replace("-", "").lower() + "vectortest" not in report.lower():
        continue
    for case in ET.parse(report).getroot().iter("testcase"):
        for failure in case.iter("failure"):
            msg = failure.get("message") or failure.text or ""
            if marker not in msg:
                continue
            name = case.get("name").split("(")[0].strip().replace("[", "").split("]")[-1].strip()
            name = re.sub(r"^\d+\s*", "", name)
            block = msg.split(marker, 1)[1].rstrip("\n") + "\n"
            path = os.path.join("..", "resources", "vectors", driver, name)
            if not os.path.exists(path):
                continue
            print("==== " + name + "\n" + block)
            if write:
                with open(path, "a", encoding="utf-8") as f:
                    f.write("\n" + block)
