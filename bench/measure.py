# Runs one command and prints its wall time and peak RSS as JSON.
# Timing happens here, around the child only, so the driver's own start-up
# isn't counted; RUSAGE_CHILDREN gives the child's peak resident set.
import json, resource, subprocess, sys, time

start = time.perf_counter()
proc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
wall = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({
    "wallMs": wall * 1000,
    "maxRssKb": usage.ru_maxrss,
    "cpuMs": (usage.ru_utime + usage.ru_stime) * 1000,
    "code": proc.returncode,
    "stderr": proc.stderr.decode("utf8", "replace")[-500:],
}))
