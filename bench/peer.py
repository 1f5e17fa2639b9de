#!/usr/bin/env python3
"""peer.py - the canopy-jsonl importer a researcher would write in an
afternoon, as the peer that `canopy import` is compared with: json.loads per
line, the sqlite3 module, one transaction, one row per node holding its
signals as JSON text, the (trace, parent) index built after the load.

usage: peer.py FILE.jsonl OUT.db
Prints: peer: nodes=N bytes=B seconds=S nodes_per_s=R mb_per_s=M
"""
import json
import os
import sqlite3
import sys
import time


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: peer.py FILE.jsonl OUT.db")
    src, dbpath = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    con = sqlite3.connect(dbpath, isolation_level=None)
    con.execute("CREATE TABLE traces(id INTEGER PRIMARY KEY,"
                " ext_id TEXT UNIQUE, problem TEXT)")
    con.execute("CREATE TABLE nodes(id INTEGER PRIMARY KEY,"
                " trace_id INTEGER NOT NULL, ext_id TEXT NOT NULL,"
                " parent_id INTEGER, text TEXT, signals TEXT)")
    con.execute("BEGIN")
    traces = {}     # trace ext id -> (row id, {node ext id -> row id})
    nodes = 0
    with open(src, "rb") as f:
        for line in f:
            o = json.loads(line)
            if o["type"] == "trace":
                cur = con.execute("INSERT INTO traces(ext_id, problem)"
                                  " VALUES (?, ?)",
                                  (o["id"], o.get("problem")))
                traces[o["id"]] = (cur.lastrowid, {})
                continue
            tid, ids = traces[o["trace"]]
            parent = o.get("parent")
            cur = con.execute("INSERT INTO nodes(trace_id, ext_id,"
                              " parent_id, text, signals)"
                              " VALUES (?, ?, ?, ?, ?)",
                              (tid, o["id"],
                               ids[parent] if parent is not None else None,
                               o.get("text"),
                               json.dumps(o.get("signals", {}))))
            ids[o["id"]] = cur.lastrowid
            nodes += 1
    con.execute("CREATE INDEX nodes_tp ON nodes(trace_id, parent_id)")
    con.execute("COMMIT")
    con.close()
    secs = time.perf_counter() - t0
    size = os.path.getsize(src)
    print("peer: nodes=%d bytes=%d seconds=%.4f nodes_per_s=%.0f"
          " mb_per_s=%.1f" % (nodes, size, secs, nodes / secs,
                              size / secs / 1e6))


if __name__ == "__main__":
    main()
