#!/usr/bin/env python3
"""What one sequenced event costs Redis itself: the Redis backplane's sequencer script, run alone against a fresh Redis.

    python3 benchmarks/redis-sequencer-cost.py [REDIS_SERVER_BINARY] [--events N]

Starts its own Redis (the binary given, else redis-server from the PATH, else the one benchmarks/run.sh extracted to
benchmarks/target/redis/) on a free loopback port without persistence, with two subscribers on the channel (as two
nodes), and sends N events of 100 bytes to one topic in pipelined batches of 512, as the backplane's publisher does:
  - "script as shipped": the backplane's sequencer (read from SequencerScript.java), one EVALSHA per event;
  - "K events per call": the same keys, trimming (exact or "~", as the shipped script trims), expiry and one PUBLISH
    per event, but K events of one topic sequenced by one script call (INCRBY K), to show the per-call overhead.
For each it prints Redis's CPU time per event (from /proc, user + system) and the wall-clock rate this Python client
reached (the client is slower than the backplane's, so read the CPU figure). Redis is stopped on exit.
"""
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SEQUENCER = os.path.join(HERE, "..", "backplanes", "redis", "src", "main", "java", "dev", "melody", "stream", "redis",
                         "SequencerScript.java")
BATCH = 512
CHANNEL = "melody:sse"
MAX_LENGTH = 16384
TTL_MILLIS = 300000
READY_SECONDS = 10
BATCHED = """
local epoch = redis.call('GET', KEYS[1])
if (not epoch) or redis.call('EXISTS', KEYS[2]) == 0 then
  epoch = ARGV[1]
  redis.call('SET', KEYS[1], epoch)
  redis.call('DEL', KEYS[2], KEYS[3])
end
local n = (#ARGV - 4) / 2
local first = redis.call('INCRBY', KEYS[2], n) - n + 1
for i = 0, n - 1 do
  local envelope = ARGV[5 + 2 * i] .. epoch .. '-' .. (first + i) .. ARGV[6 + 2 * i]
  redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[2], (first + i) .. '-0', 'm', envelope)
  redis.call('PUBLISH', ARGV[4], envelope)
end
local ttl = tonumber(ARGV[3])
if ttl > 0 then
  redis.call('PEXPIRE', KEYS[1], ttl)
  redis.call('PEXPIRE', KEYS[2], ttl)
  redis.call('PEXPIRE', KEYS[3], ttl)
end
return {epoch, first}
"""


def shipped_script():
    """The Lua source of SequencerScript.SOURCE: the string literals of its String.join("\\n", ...)."""
    source = open(SEQUENCER, encoding="utf-8").read()
    joined = re.search(r'SOURCE = String\.join\("\\n",(.*?)\);', source, re.S).group(1)
    return "\n".join(part.encode().decode("unicode_escape") for part in re.findall(r'"((?:[^"\\]|\\.)*)"', joined))


def command(*args):
    out = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(out)


class Connection:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.stream = self.sock.makefile("rb")

    def reply(self):
        line = self.stream.readline()
        kind, rest = line[:1], line[1:-2]
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind in b"+:":
            return rest
        if kind == b"$":
            return None if int(rest) < 0 else self.stream.read(int(rest) + 2)[:-2]
        if kind == b"*":
            return [self.reply() for _ in range(max(int(rest), 0))]
        raise RuntimeError("unexpected reply %r" % line)

    def call(self, *args):
        self.sock.sendall(command(*args))
        return self.reply()


def cpu_millis(pid):
    stat = open("/proc/%d/stat" % pid).read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")


def measure(port, pid, script, events, per_call):
    connection = Connection(port)
    connection.call("FLUSHALL")
    sha = connection.call("SCRIPT", "LOAD", script).decode()
    base = CHANNEL + ":{bench}:"
    prefix = '{"origin":"0123456789abcdef0123456789abcdef","topic":"bench","event":{"Id":"'
    suffix = '","Event":"","Data":"' + "x" * 100 + '","Retry":0}}'
    calls = events // per_call
    per_batch = max(1, BATCH // per_call)
    cpu_before, start = cpu_millis(pid), time.time()
    done = 0
    while done < calls:
        batch = min(per_batch, calls - done)
        connection.sock.sendall(b"".join(
            command("EVALSHA", sha, 3, base + "epoch", base + "seq", base + "log", "0123456789ab", MAX_LENGTH,
                    TTL_MILLIS, CHANNEL, *([prefix, suffix] * per_call)) for _ in range(batch)))
        for _ in range(batch):
            connection.reply()
        done += batch
    sequenced = calls * per_call
    return (cpu_millis(pid) - cpu_before) * 1000.0 / sequenced, sequenced / (time.time() - start)


def drain(connection):
    try:
        while connection.stream.read(65536):
            pass
    except (OSError, ValueError):
        pass


def main():
    args = sys.argv[1:]
    events = 20480
    if "--events" in args:
        events = int(args[args.index("--events") + 1])
        del args[args.index("--events"):args.index("--events") + 2]
    binary = args[0] if args else shutil.which("redis-server") or os.path.join(
        HERE, "target", "redis", "redis-server-6.2.6-v5-linux-amd64")
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    redis = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL)
    signal.signal(signal.SIGTERM, lambda *ignored: sys.exit(1))
    try:
        deadline = time.time() + READY_SECONDS
        while True:
            try:
                Connection(port).call("PING")
                break
            except OSError:
                if time.time() > deadline:
                    raise
                time.sleep(0.1)
        for _ in range(2):
            subscriber = Connection(port)
            subscriber.sock.settimeout(None)
            subscriber.sock.sendall(command("SUBSCRIBE", CHANNEL))
            threading.Thread(target=drain, args=(subscriber,), daemon=True).start()
        print("Redis %s, %d events of 100 B to one topic, 2 subscribers, batches of %d, load average %s" % (
            Connection(port).call("INFO", "server").decode().split("redis_version:")[1].split()[0], events, BATCH,
            open("/proc/loadavg").read().split()[0]))
        shipped = shipped_script()
        batched = BATCHED.replace("'MAXLEN', ARGV[2]", "'MAXLEN', '~', ARGV[2]") if "'~'" in shipped else BATCHED
        for name, script, per_call in [("script as shipped, 1 event per call", shipped, 1),
                                       ("16 events per call", batched, 16), ("64 events per call", batched, 64),
                                       ("script as shipped, 1 event per call, again", shipped, 1)]:
            micros, rate = measure(port, redis.pid, script, events, per_call)
            print("  %-45s Redis CPU %5.1f us/event   (%6.0f events/s with this client)" % (name, micros, rate))
    finally:
        redis.kill()
        redis.wait()


if __name__ == "__main__":
    main()
