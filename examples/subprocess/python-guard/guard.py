"""A bash guard in Python, speaking protocol v1 (so it also runs unchanged in
the agent weft's v1 protocol comes from).

- Blocks commands that destroy things you cannot get back: `rm -rf /` or
  `~`, `mkfs`, `dd` onto a device, a fork bomb, `chmod -R 777 /`, and piping
  a download straight into a shell. The reason is what the model reads.
- Rewrites risky-but-legitimate ones instead of refusing them:
  `git push --force` becomes `git push --force-with-lease`, which refuses to
  overwrite commits you have not seen.

Try it:  weft -e examples/subprocess/python-guard -p "force-push my branch"
"""
import re

from weft_extension import Extension

ext = Extension("python-guard", version="1.0.0", protocol=1)

BLOCKED = [
    (re.compile(r"\brm\s+(-\w*r\w*f\w*|-\w*f\w*r\w*|--recursive\s+--force)\s+(/|~)(\s|$)"), "deletes your whole disk or home folder"),
    (re.compile(r"\bmkfs(\.\w+)?\b"), "formats a file system"),
    (re.compile(r"\bdd\b.*\bof=/dev/"), "writes raw bytes onto a device"),
    (re.compile(r":\(\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:"), "is a fork bomb"),
    (re.compile(r"\bchmod\s+-R\s+777\s+/(\s|$)"), "makes every file on the system writable by anyone"),
    (re.compile(r"\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z)?sh\b"), "runs a downloaded script without reading it"),
]

FORCE_PUSH = re.compile(r"(\bgit\s+push\b.*?)\s(--force|-f)(?=\s|$)")


@ext.intercept("tool_call")
def guard(event):
    if event.get("tool_name") != "bash":
        return None
    command = str(event.get("tool_args", {}).get("command", ""))
    for pattern, why in BLOCKED:
        if pattern.search(command):
            return {"block": True, "reason": "python-guard refused this command: it %s. Ask the user to run it themselves if it is really intended." % why}
    if FORCE_PUSH.search(command):
        safer = FORCE_PUSH.sub(r"\1 --force-with-lease", command)
        ext.log("rewrote %r to %r" % (command, safer))
        return {"args": dict(event["tool_args"], command=safer)}
    return None


ext.run()
