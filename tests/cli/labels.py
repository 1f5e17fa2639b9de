#!/usr/bin/env python3
# labels.py - the labels of a database as sorted lines, for comparing two
# databases that hold the same traces under other ids (export round
# trips). Usage: labels.py CANOPY DB [--signal NAME] [--no-trace]
#   a line (a JSON array): trace, the step texts from the root's child down, then author,
#   rating, first_error, tags (or, with --signal, the signal's value).
import json
import subprocess
import sys

canopy, db = sys.argv[1], sys.argv[2]
signal = None
with_trace = "--no-trace" not in sys.argv
if "--signal" in sys.argv:
    signal = sys.argv[sys.argv.index("--signal") + 1]

def run(*args):
    return subprocess.run([canopy, *args, "--db", db], check=True,
                          capture_output=True, text=True).stdout

lines = []
for t in run("traces", "--json").splitlines():
    tid = json.loads(t)["id"]
    nodes = {}
    for line in run("show", tid, "--json").splitlines():
        n = json.loads(line)
        nodes[n["address"]] = n
    for n in nodes.values():
        path, p = [], n
        while p["parent"] is not None:
            path.append(p["text"].strip())
            p = nodes[p["parent"]]
        key = [tid if with_trace else ""] + list(reversed(path))
        if signal is not None:
            v = n["signals"].get(signal)
            if v is not None:
                lines.append(json.dumps(key + [v]))
            continue
        for a in n["annotations"]:
            lines.append(json.dumps(key + [a["author"], a["rating"],
                                     a["first_error"], a.get("tags")]))
for line in sorted(lines):
    print(line)
