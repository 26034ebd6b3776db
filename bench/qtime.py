#!/usr/bin/env python3
"""qtime.py - wall time of one whole process per question (bench/speed.sh).

  qtime.py [--runs R] [--warm] QUESTIONS.tsv --tool NAME 'ARGV' [--tool ...]

Runs each tool's ARGV (split as a shell would, no expansion) once per
question (qid TAB question), R times over the set, with stdout and stderr
read through pipes as a caller would. The tools take turns question by
question, so that they share whatever else the machine is doing. In ARGV:
  {q}      the question as one argument, as typed
  {words}  its words (letters and digits), one argument each
  {text}   its words joined by spaces, as one argument
  {fts}    its words as an SQLite FTS5 OR query ("w1" OR "w2" ...),
           without quest's stop words
  {fts_sql} a whole SELECT with snippet() over table fts for that query
Prints one line of JSON, by tool: median (ms) over the questions in each
run, the median of those over runs and of the runs' p90, answered =
questions whose command printed something and exited 0 or 1, failed = other
exits, and the first question's output (cut). --warm runs every command once
first, untimed (page cache warm, as on a machine in use).
"""
import json
import re
import shlex
import statistics
import subprocess
import sys
import time


# quest's stop words (xapian-core examples/quest.cc): FTS5 has no stopper,
# and scoring "the" and "of" over every row is not what a user of it would do.
STOP = set("""a about an and are as at be by en for from how i in is it of on or
that the this to was what when where which who why will with""".split())


def words(q):
    return re.findall(r"[^\W_]+", q)


def expand(argv, q):
    w = words(q)
    fts = " OR ".join('"%s"' % x for x in w if x.lower() not in STOP) or '""'
    out = []
    for a in argv:
        if a == "{words}":
            out.extend(w)
        else:
            a = a.replace("{q}", q).replace("{text}", " ".join(w))
            a = a.replace(
                "{fts_sql}",
                "SELECT id, snippet(fts, 1, '[', ']', '...', 16) FROM fts "
                "WHERE fts MATCH '%s' ORDER BY rank LIMIT 10;" % fts.replace("'", "''"),
            )
            out.append(a.replace("{fts}", fts))
    return out


def pct(xs, p):
    xs = sorted(xs)
    if not xs:
        return float("nan")
    k = min(len(xs) - 1, max(0, int(round(p / 100.0 * len(xs) + 0.5)) - 1))
    return xs[k]


def main(argv):
    runs, warm, tools = 3, False, []
    args = argv[1:]
    try:
        while args and args[0].startswith("--"):
            if args[0] == "--runs":
                runs, args = int(args[1]), args[2:]
            elif args[0] == "--warm":
                warm, args = True, args[1:]
            else:
                raise ValueError(args[0])
        qfile, args = args[0], args[1:]
        while args:
            if args[0] != "--tool" or len(args) < 3:
                raise ValueError(args[0])
            tools.append((args[1], shlex.split(args[2])))
            args = args[3:]
        if not tools:
            raise ValueError("no --tool")
    except (IndexError, ValueError) as e:
        print("qtime.py: %s\n\n%s" % (e, __doc__.strip()), file=sys.stderr)
        return 2
    qs = []
    with open(qfile, encoding="utf-8") as f:
        for line in f:
            if "\t" in line:
                qs.append(line.rstrip("\n").split("\t", 1)[1])
    cmds = {name: [expand(argv, q) for q in qs] for name, argv in tools}
    res = {name: {"times": [[] for _ in range(runs)], "answered": 0, "failed": 0,
                  "first_output": ""} for name, _ in tools}
    if warm:
        for c in (c for name, _ in tools for c in cmds[name]):
            subprocess.run(c, stdin=subprocess.DEVNULL, capture_output=True)
    # Interleaved: question by question, every tool in turn, so that the
    # tools share whatever else the machine is doing.
    for r in range(runs):
        for i in range(len(qs)):
            for name, _ in tools:
                c = cmds[name][i]
                t0 = time.perf_counter_ns()
                p = subprocess.run(c, stdin=subprocess.DEVNULL, capture_output=True)
                res[name]["times"][r].append((time.perf_counter_ns() - t0) / 1e6)
                if r == 0:
                    ok = p.returncode in (0, 1)
                    res[name]["answered"] += ok and bool(p.stdout.strip())
                    res[name]["failed"] += not ok
                    if i == 0:
                        res[name]["first_output"] = (p.stdout + p.stderr).decode(
                            "utf-8", "replace")[:400]
    out = {}
    for name, _ in tools:
        t = res[name]["times"]
        meds = [statistics.median(x) for x in t]
        out[name] = {
            "runs": runs, "questions": len(qs), "answered": res[name]["answered"],
            "failed": res[name]["failed"],
            "median_ms": statistics.median(meds), "run_medians_ms": meds,
            "p90_ms": statistics.median(pct(x, 90) for x in t),
            "first_output": res[name]["first_output"],
        }
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
