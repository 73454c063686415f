# Runs one program in a pseudo-terminal and reports, as JSON, what it wrote
# and when: every output chunk with a monotonic timestamp, the steps of a
# small script (wait for text, wait for quiet, type keys at given times,
# sample CPU), and the child's CPU from wait4 when it exits.
#
# Usage: python3 bench/pty-driver.py CONFIG.json   (or the JSON on stdin)
# CONFIG: {
#   "argv": [...], "env": {...}, "cwd": "...", "cols": 100, "rows": 30,
#   "answer": "xterm" | "kitty" | "none",   # how to answer terminal queries
#   "rawOut": "/path/file",                   # optional: every byte written, for replay
#   "chunks": true,                           # optional: report [ms, bytes] per chunk, not a count
#   "steps": [ ... see STEP KINDS below ... ],
#   "exit": {"send": "\u0003\u0003", "graceMs": 3000}   # then SIGTERM, then SIGKILL
# }
# STEP KINDS (each may carry "mark": "name", copied to its result to find it
# by; times are ms since spawn, "bytesSoFar" is the output length after it):
#   {"waitFor": "text", "timeoutMs": 10000}   text appears in the output after the last send
#   {"waitQuiet": 300, "timeoutMs": 10000}    no output for that long
#   {"sleep": 1000}
#   {"send": "text"}                          one write ("offset": output length when sent)
#   {"type": "chars", "intervalMs": 20}       one write per character, recording each echo
#   {"cpu": true}                             samples /proc/<pid>/stat utime+stime
#
# Terminal queries: weft asks for the Kitty keyboard flags (CSI ? u), the
# background colour (OSC 11) and ends each batch with device attributes
# (CSI c). "xterm" answers OSC 11 and CSI c like xterm does (no Kitty), so
# weft falls back to modifyOtherKeys without waiting; "none" answers nothing,
# and weft waits out its 200 ms timeout on each query.
import fcntl
import json
import os
import select
import signal
import struct
import sys
import termios
import time

QUERIES = {
    b"\x1b[?u": {"kitty": b"\x1b[?0u"},
    b"\x1b]11;?\x1b\\": {"kitty": b"\x1b]11;rgb:0000/0000/0000\x1b\\", "xterm": b"\x1b]11;rgb:0000/0000/0000\x1b\\"},
    b"\x1b]11;?\x07": {"kitty": b"\x1b]11;rgb:0000/0000/0000\x07", "xterm": b"\x1b]11;rgb:0000/0000/0000\x07"},
    b"\x1b[c": {"kitty": b"\x1b[?62;22c", "xterm": b"\x1b[?62;22c"},
}
LONGEST_QUERY = max(len(q) for q in QUERIES)
CLK_TCK = os.sysconf("SC_CLK_TCK")


def now_ms(t0):
    return (time.monotonic() - t0) * 1000


def proc_cpu_s(pid):
    """utime + stime of the process (all its threads), in seconds; None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(b")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def spawn(argv, env, cwd, cols, rows):
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    pid = os.fork()
    if pid == 0:
        try:
            os.close(master)
            os.setsid()
            fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
            for fd in (0, 1, 2):
                os.dup2(slave, fd)
            if slave > 2:
                os.close(slave)
            os.chdir(cwd)
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    os.close(slave)
    return pid, master


class Session:
    def __init__(self, config):
        self.config = config
        self.answer = config.get("answer", "xterm")
        self.t0 = time.monotonic()
        self.pid, self.fd = spawn(
            config["argv"],
            config.get("env", dict(os.environ)),
            config.get("cwd", os.getcwd()),
            config.get("cols", 100),
            config.get("rows", 30),
        )
        self.out = bytearray()
        self.chunks = []  # [ms, bytes]
        self.scan = 0
        self.queries = []  # [ms, query, answered]
        self.eof = False
        self.mark_offset = 0  # output offset of the last send: waitFor searches from here
        self.last_send_ms = 0.0
        self.raw = open(config["rawOut"], "wb") if config.get("rawOut") else None

    # -- output --------------------------------------------------------------
    def pump(self, until_ms, first=False):
        """Reads output until the given time (ms since spawn), or (first) until something arrives."""
        got = 0
        while not self.eof:
            wait = max(0.0, (until_ms - now_ms(self.t0)) / 1000)
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:  # EIO: the child closed the terminal
                data = b""
            if not data:
                self.eof = True
                break
            t = now_ms(self.t0)
            self.chunks.append([t, len(data)])
            self.out += data
            if self.raw:
                self.raw.write(data)
            got += 1
            self.answer_queries(t)
            if first or now_ms(self.t0) >= until_ms:
                break
        return got

    def answer_queries(self, t):
        found = []
        for query, answers in QUERIES.items():
            at = self.out.find(query, self.scan)
            while at >= 0:
                found.append((at, query, answers.get(self.answer)))
                at = self.out.find(query, at + len(query))
        found.sort()
        end = self.scan
        for at, query, reply in found:
            self.queries.append([t, query.decode("latin-1"), reply is not None])
            if reply is not None:
                os.write(self.fd, reply)
            end = max(end, at + len(query))
        self.scan = max(end, len(self.out) - LONGEST_QUERY + 1)

    def write(self, data):
        self.last_send_ms = now_ms(self.t0)
        os.write(self.fd, data.encode("utf8") if isinstance(data, str) else data)

    # -- steps ---------------------------------------------------------------
    def wait_for(self, step):
        needle = step["waitFor"].encode("utf8")
        deadline = now_ms(self.t0) + step.get("timeoutMs", 10000)
        start = self.mark_offset
        while True:
            at = self.out.find(needle, max(start, 0))
            if at >= 0:
                # When it was seen: the chunk that completed it.
                done = at + len(needle)
                total = 0
                seen = self.chunks[-1][0]
                for t, n in self.chunks:
                    total += n
                    if total >= done:
                        seen = t
                        break
                return {"ok": True, "ms": seen, "offset": done}
            if self.eof or now_ms(self.t0) >= deadline:
                return {"ok": False, "ms": now_ms(self.t0), "offset": len(self.out)}
            start = max(self.mark_offset, len(self.out) - len(needle) + 1)
            self.pump(deadline, first=True)

    def wait_quiet(self, step):
        quiet = step["waitQuiet"]
        deadline = now_ms(self.t0) + step.get("timeoutMs", 10000)
        while not self.eof:
            # Quiet since the last output or the last input, whichever is later.
            last = max(self.chunks[-1][0] if self.chunks else 0, self.last_send_ms)
            t = now_ms(self.t0)
            if t - last >= quiet:
                return {"ok": True, "ms": t, "lastOutputMs": last}
            if t >= deadline:
                return {"ok": False, "ms": t, "lastOutputMs": last}
            self.pump(min(deadline, last + quiet), first=True)
        return {"ok": False, "ms": now_ms(self.t0), "eof": True}

    def type_chars(self, step):
        """Types one character per interval. A key's latency runs to the first chunk after it
        (even one arriving after the next key was sent); its bytes are those before the next key."""
        interval = step.get("intervalMs", 20)
        sends = []
        next_at = now_ms(self.t0)
        for ch in step["type"]:
            self.pump(next_at)
            sends.append((now_ms(self.t0), len(self.chunks)))
            self.write(ch)
            next_at = sends[-1][0] + interval
        self.pump(next_at)
        keys = []
        for i, (sent, first_chunk) in enumerate(sends):
            end_chunk = sends[i + 1][1] if i + 1 < len(sends) else len(self.chunks)
            answered = first_chunk < len(self.chunks)
            keys.append(
                {
                    "sentMs": sent,
                    "latencyMs": self.chunks[first_chunk][0] - sent if answered else None,
                    "bytes": sum(n for _, n in self.chunks[first_chunk:end_chunk]),
                }
            )
        return {"keys": keys}

    def run(self):
        results = []
        for step in self.config.get("steps", []):
            if "waitFor" in step:
                r = self.wait_for(step)
            elif "waitQuiet" in step:
                r = self.wait_quiet(step)
            elif "sleep" in step:
                self.pump(now_ms(self.t0) + step["sleep"])
                r = {"ms": now_ms(self.t0)}
            elif "send" in step:
                self.mark_offset = len(self.out)
                r = {"ms": now_ms(self.t0), "offset": len(self.out)}
                self.write(step["send"])
            elif "type" in step:
                r = self.type_chars(step)
            elif "cpu" in step:
                r = {"ms": now_ms(self.t0), "cpuS": proc_cpu_s(self.pid)}
            else:
                raise ValueError(f"unknown step {step}")
            r["bytesSoFar"] = len(self.out)
            if step.get("mark"):
                r["mark"] = step["mark"]
            results.append(r)
        return results

    def finish(self):
        exit_cfg = self.config.get("exit", {"send": "\x03\x03", "graceMs": 3000})
        exited_by = "eof"
        if not self.eof:
            if exit_cfg.get("send"):
                self.write(exit_cfg["send"])
            self.pump(now_ms(self.t0) + exit_cfg.get("graceMs", 3000))
            exited_by = "keys"
        status = self.reap(exit_cfg.get("graceMs", 3000))
        if status is None:
            exited_by = "SIGTERM"
            os.kill(self.pid, signal.SIGTERM)
            status = self.reap(2000)
        if status is None:
            exited_by = "SIGKILL"
            os.kill(self.pid, signal.SIGKILL)
            status = os.wait4(self.pid, 0)
        os.close(self.fd)
        if self.raw:
            self.raw.close()
        _, code, usage = status
        return {
            "exitedBy": exited_by,
            "exitStatus": os.waitstatus_to_exitcode(code),
            "cpuUserS": usage.ru_utime,
            "cpuSysS": usage.ru_stime,
            "cpuS": usage.ru_utime + usage.ru_stime,
            "maxRssKb": usage.ru_maxrss,
            "wallMs": now_ms(self.t0),
        }

    def reap(self, grace_ms):
        deadline = now_ms(self.t0) + grace_ms
        while True:
            pid, code, usage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                return pid, code, usage
            if now_ms(self.t0) >= deadline:
                return None
            # Keep draining, so a child blocked on a full terminal can finish.
            if self.eof:
                time.sleep(0.005)
            else:
                self.pump(now_ms(self.t0) + 10)


def main():
    source = open(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] != "-" else sys.stdin
    config = json.load(source)
    session = Session(config)
    try:
        steps = session.run()
    finally:
        child = session.finish()
    print(
        json.dumps(
            {
                # CLOCK_MONOTONIC in µs at spawn: lines up with a --cpu-prof profile's timestamps.
                "t0Us": int(session.t0 * 1e6),
                "steps": steps,
                "child": child,
                "bytes": len(session.out),
                "chunks": session.chunks if config.get("chunks") else len(session.chunks),
                "queries": session.queries,
                "tail": session.out[-400:].decode("utf8", "replace"),
            }
        )
    )


if __name__ == "__main__":
    main()
