"""Counts executed tests per suite from JUnit XML reports; fails when a suite ran none or any test failed.

Arguments: "label=report-directory" pairs (or "label=glob" for some reports of a directory, when it holds a '*'). Prints one line per suite and a closing "N passed, N failed" line.
"""
import glob
import sys
import xml.etree.ElementTree as ET

total_passed = total_failed = 0
empty = []
for arg in sys.argv[1:]:
    label, directory = arg.rsplit("=", 1)
    tests = failed = skipped = 0
    pattern = directory if "*" in directory else f"{directory}/TEST-*.xml"
    for report in glob.glob(pattern):
        suite = ET.parse(report).getroot()
        tests += int(suite.get("tests", 0))
        failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
        skipped += int(suite.get("skipped", 0))
    executed = tests - skipped
    print(f"{label}: {executed} executed, {failed} failed, {skipped} skipped")
    if executed == 0:
        empty.append(label)
    total_passed += executed - failed
    total_failed += failed
if empty:
    print("no test executed in: " + ", ".join(empty), file=sys.stderr)
print(f"{total_passed} passed, {total_failed} failed")
sys.exit(1 if empty or total_failed else 0)
