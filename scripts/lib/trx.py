#!/usr/bin/env python3
"""Sum the <Counters> of VSTest TRX files.

usage: trx.py FILE.trx...

stdout: one line "PASSED FAILED SKIPPED" (sums over all files).
stderr: one line per failed test ("  FAILED <test>: <first line of message>").
exit 0 when every file parsed, 2 when a file is missing or unreadable.

failed  = failed + error + timeout + aborted   (all are failures)
skipped = max(notExecuted, total - executed)    (xunit.v3 via VSTest leaves notExecuted
                                                 at 0 for [Fact(Skip=...)] and only lowers
                                                 executed)
"""
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"


def counters(path):
    root = ET.parse(path).getroot()
    c = root.find(f"{NS}ResultSummary/{NS}Counters")
    if c is None:
        c = root.find(".//{*}Counters")
    if c is None:
        raise ValueError("no <Counters> element")

    def n(name):
        return int(c.get(name, "0") or 0)

    passed = n("passed")
    failed = n("failed") + n("error") + n("timeout") + n("aborted")
    skipped = max(n("notExecuted"), n("total") - n("executed"))
    for r in root.iter(f"{NS}UnitTestResult"):
        if r.get("outcome") in ("Failed", "Error", "Timeout", "Aborted"):
            msg = r.find(f"{NS}Output/{NS}ErrorInfo/{NS}Message")
            text = (msg.text or "").strip().splitlines() if msg is not None else []
            first = text[0][:200] if text else r.get("outcome")
            print(f"  FAILED {r.get('testName')}: {first}", file=sys.stderr)
    return passed, failed, skipped


def main(argv):
    total = [0, 0, 0]
    rc = 0
    for path in argv:
        try:
            for i, v in enumerate(counters(path)):
                total[i] += v
        except (OSError, ET.ParseError, ValueError) as e:
            print(f"  cannot read {path}: {e}", file=sys.stderr)
            rc = 2
    print(*total)
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
