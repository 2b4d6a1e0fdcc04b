#!/usr/bin/env python3
"""Summarises a JFR recording's CPU samples: where the time goes, by top frame, by thread and by owner.

    python3 benchmarks/jfr-top.py RECORDING.jfr [N]

Runs `jfr print --events jdk.ExecutionSample` (the JDK's own tool) and counts, over all samples: the top (self)
frame; the thread's name with digits dropped (pools collapse to one line); and the owner of the stack, i.e. whether
any frame belongs to Melody Stream (dev.melody.stream.impl), the benchmark WAR, or only to the server and the JDK.
"""
import collections
import re
import subprocess
import sys


def samples(recording):
    out = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", recording],
                         check=True, capture_output=True, text=True).stdout
    for block in out.split("jdk.ExecutionSample {")[1:]:
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s+([\w$.<>/]+)\(.*\) line:", block, re.M)
        yield (thread.group(1) if thread else "?"), frames


def owner(frames):
    if any(f.startswith("dev.melody.stream.impl") for f in frames):
        return "Melody Stream (impl) on the stack"
    if any(f.startswith("dev.melody.stream.benchmarks") for f in frames):
        return "benchmark WAR / load client code on the stack"
    return "server and JDK only"


def main():
    recording = sys.argv[1]
    top_n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    tops, threads, owners, melody = (collections.Counter() for _ in range(4))
    total = 0
    for thread, frames in samples(recording):
        total += 1
        if frames:
            tops[frames[0]] += 1
        threads[re.sub(r"\d+", "#", thread)] += 1
        owners[owner(frames)] += 1
        first = next((f for f in frames if f.startswith("dev.melody.stream.impl")), None)
        if first:
            melody[first] += 1
    print(f"{total} CPU samples in {recording}")
    for title, counter, n in (("by owner", owners, 5), ("by thread", threads, 12),
                              ("top frames (self)", tops, top_n), ("first Melody Stream frame", melody, 15)):
        print(f"\n{title}:")
        for name, count in counter.most_common(n):
            print(f"  {100.0 * count / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    main()
