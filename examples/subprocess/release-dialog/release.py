"""A v2 extension that asks the user: `/release` reads the project's version
(package.json or VERSION), asks which part to bump with a select dialog,
confirms, and then hands the job to the model with a prompt. Where nobody can
answer (print and JSON modes) the dialog comes back cancelled and the
command says so instead of guessing.

Try it:  weft -e examples/subprocess/release-dialog   (then type /release)
"""
import json
import os
import re

from weft_extension import Extension

ext = Extension("release-dialog", version="1.0.0", protocol=2)


def current_version(cwd):
    package = os.path.join(cwd, "package.json")
    if os.path.exists(package):
        with open(package) as f:
            return json.load(f).get("version", "0.0.0")
    version_file = os.path.join(cwd, "VERSION")
    if os.path.exists(version_file):
        with open(version_file) as f:
            return f.read().strip()
    return "0.0.0"


def bump(version, part):
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", version)
    major, minor, patch = (int(n) for n in match.groups()) if match else (0, 0, 0)
    if part == "major":
        return "%d.0.0" % (major + 1)
    if part == "minor":
        return "%d.%d.0" % (major, minor + 1)
    return "%d.%d.%d" % (major, minor, patch + 1)


@ext.command("release", "Cut a release: pick the version, confirm, and let the model do the rest")
def release(args):
    version = current_version(ext.host["cwd"])
    choices = [{"value": part, "label": "%s → %s" % (part, bump(version, part))} for part in ("patch", "minor", "major")]
    part = ext.ui.select("Release which version? (now %s)" % version, choices)
    if part is None:
        return {"error": "release cancelled: no version chosen (this needs the interactive UI)"}
    target = bump(version, part)
    if not ext.ui.confirm("Release %s?" % target, "The model will update the version, the changelog and tag v%s." % target):
        return "Release %s not confirmed; nothing changed." % target
    ext.ui.set_status("release", "releasing v%s" % target)
    return {"prompt": "Prepare release v%s: set the version to %s, add a CHANGELOG entry, commit, and tag v%s." % (target, target, target)}


ext.run()
