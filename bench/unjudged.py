#!/usr/bin/python3
"""bench/unjudged.py - grade the passages LiveQA's pool never judged.

  unjudged.py sample OUTDIR RUN...   items to grade: every unjudged passage in
                                     the first ten of each RUN (smsearch-eval
                                     --run) for the scored questions, plus 40
                                     judged relevant and 40 judged not
                                     relevant, shuffled; OUTDIR/part*.txt
                                     hold question and text only,
                                     OUTDIR/key.tsv what each item is.
  unjudged.py grades OUTDIR GRADES   turn graders' "item<TAB>grade 1-4" lines
                                     (GRADES) into a grades file like
                                     bench/judged/helper-grades.tsv (stdout).
  unjudged.py score GRADES QRELS_OUT the graders' agreement with the official
                                     grades on the calibration items, and
                                     QRELS_OUT = the official qrels plus the
                                     grades of the unjudged passages.

Env: DATA (default ../shared/data). The texts stay out of the repository
(see liveqa-medquad/README.md); the grades are ours.
"""
import collections
import json
import os
import random
import sys

DATA = os.environ.get("DATA", os.path.join(os.path.dirname(__file__), "..", "..", "shared", "data"))
LQ = os.path.join(DATA, "liveqa-medquad")
MAX_TEXT = 3000


def qrels():
    q = collections.defaultdict(dict)
    with open(os.path.join(LQ, "qrels.tsv")) as f:
        for line in f:
            qid, _, doc, grade = line.split()
            q[qid][doc] = int(grade)
    return q


def passages():
    p = {}
    for name in (os.path.join(DATA, "medquad", "passages.jsonl"), os.path.join(LQ, "extra_passages.jsonl")):
        with open(name) as f:
            for line in f:
                j = json.loads(line)
                p[j["id"]] = j
    return p


def sample(outdir, runs):
    qr, ps = qrels(), passages()
    with open(os.path.join(LQ, "queries.tsv")) as f:
        questions = dict(line.rstrip("\n").split("\t", 1) for line in f)
    scored = sorted(q for q in qr if any(g >= 2 for g in qr[q].values()))
    unjudged = set()
    for run in runs:
        ranked = collections.defaultdict(list)
        with open(run) as f:
            for line in f:
                x = line.split()
                ranked[x[0]].append(x[2])
        for q in scored:
            unjudged.update((q, d) for d in ranked[q][:10] if d not in qr[q])
    rng = random.Random(7)
    judged = [(q, d) for q in scored for d in sorted(qr[q]) if d in ps]
    good = [x for x in judged if qr[x[0]][x[1]] >= 2]
    bad = [x for x in judged if qr[x[0]][x[1]] < 2]
    items = [(q, d, "unjudged") for q, d in sorted(unjudged)]
    items += [(q, d, "calibration") for q, d in rng.sample(good, 40) + rng.sample(bad, 40)]
    rng.shuffle(items)
    os.makedirs(outdir, exist_ok=True)
    parts = [open(os.path.join(outdir, "part%d.txt" % k), "w") for k in range(3)]
    with open(os.path.join(outdir, "key.tsv"), "w") as key:
        for n, (q, d, kind) in enumerate(items):
            key.write("%d\t%s\t%s\t%s\n" % (n, q, d, kind))
            text = ps[d]["text"]
            if len(text) > MAX_TEXT:
                text = text[:MAX_TEXT] + " [...]"
            parts[n % 3].write('### ITEM %d\nQUESTION: %s\nANSWER (from the article "%s"):\n%s\n\n'
                               % (n, questions[q], ps[d].get("focus"), text))
    for p in parts:
        p.close()
    print("%d items (%d unjudged, 80 calibration) in %s" % (len(items), len(unjudged), outdir))


def grades(outdir, graded):
    key = {}
    with open(os.path.join(outdir, "key.tsv")) as f:
        for line in f:
            n, q, d, kind = line.rstrip("\n").split("\t")
            key[int(n)] = (q, d, kind)
    with open(graded) as f:
        for line in f:
            n, g = line.split()
            q, d, kind = key[int(n)]
            print("%s\t%s\t%d\t%s" % (q, d, int(g) - 1, kind))


def score(graded, out):
    qr = qrels()
    rows = []
    with open(graded) as f:
        for line in f:
            if not line.startswith("#"):
                q, d, g, kind = line.split()
                rows.append((q, d, int(g), kind))
    confusion = collections.Counter()
    for q, d, g, kind in rows:
        if kind == "calibration":
            confusion[(qr[q][d] >= 2, g >= 2)] += 1
    total = sum(confusion.values())
    agree = confusion[(True, True)] + confusion[(False, False)]
    print("calibration: %d items, %d agree at grade >= 2 (%.0f%%); officially relevant called relevant %d/%d,"
          " officially not relevant called relevant %d/%d"
          % (total, agree, 100.0 * agree / max(total, 1), confusion[(True, True)],
             confusion[(True, True)] + confusion[(True, False)], confusion[(False, True)],
             confusion[(False, True)] + confusion[(False, False)]))
    extra = [(q, d, g) for q, d, g, kind in rows if kind == "unjudged"]
    hits = sum(1 for _, _, g in extra if g >= 2)
    print("unjudged: %d graded, %d relevant at grade >= 2 (%.1f%%)" % (len(extra), hits, 100.0 * hits / max(len(extra), 1)))
    with open(os.path.join(LQ, "qrels.tsv")) as f, open(out, "w") as o:
        o.write(f.read())
        for q, d, g in extra:
            o.write("%s 0 %s %d\n" % (q, d, g))


def main(argv):
    if len(argv) >= 4 and argv[1] == "sample":
        sample(argv[2], argv[3:])
    elif len(argv) == 4 and argv[1] == "grades":
        grades(argv[2], argv[3])
    elif len(argv) == 4 and argv[1] == "score":
        score(argv[2], argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
