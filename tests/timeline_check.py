#!/usr/bin/env python3
"""timeline_check.py FILE.json [--tasks N] [--deadlock] - check a timeline.

The file must parse as JSON (the Chrome trace-event format), name each
task's track once ("TID NAME"), and have slices that neither overlap on
one track nor put two tasks on the CPU at once.  --tasks N: exactly N
tracks.  --deadlock: a deadlock event is in it.  Prints one line per
problem and exits 1 if there was any.
"""
import json
import sys

EPSILON = 1e-6  # timestamps are microseconds with three decimals


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[0], file=sys.stderr)
        return 2
    path, args = argv[1], argv[2:]
    want_tasks = int(args[args.index("--tasks") + 1]) if "--tasks" in args else None
    problems = []
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{path}: not a JSON file: {e}")
        return 1
    events = data.get("traceEvents") if isinstance(data, dict) else None
    if not isinstance(events, list):
        print(f"{path}: no traceEvents list")
        return 1

    names = {}
    slices = {}
    cpu = []
    deadlock = False
    for e in events:
        tid = e.get("tid")
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            if tid in names:
                problems.append(f"task {tid} has two tracks")
            names[tid] = e["args"]["name"]
            if not names[tid].startswith(f"{tid} "):
                problems.append(f"track of task {tid} is named {names[tid]!r}")
        elif e.get("ph") == "X":
            s = (float(e["ts"]), float(e["ts"]) + float(e["dur"]), e["name"])
            if s[1] < s[0]:
                problems.append(f"task {tid}: slice {s} ends before it starts")
            slices.setdefault(tid, []).append(s)
            if e.get("cat") == "cpu":
                cpu.append(s + (tid,))
        elif e.get("ph") == "i" and e.get("name") == "deadlock":
            deadlock = True

    for tid, ss in slices.items():
        if tid not in names:
            problems.append(f"task {tid} has slices but no named track")
        ss.sort()
        for a, b in zip(ss, ss[1:]):
            if b[0] < a[1] - EPSILON:
                problems.append(f"task {tid}: {a} overlaps {b}")
    cpu.sort()
    for a, b in zip(cpu, cpu[1:]):
        if b[0] < a[1] - EPSILON:
            problems.append(f"two tasks on the CPU at once: {a} and {b}")
    if want_tasks is not None and len(names) != want_tasks:
        problems.append(f"{len(names)} tracks, wanted {want_tasks}")
    if "--deadlock" in args and not deadlock:
        problems.append("no deadlock event")
    for p in problems[:20]:
        print(f"{path}: {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
