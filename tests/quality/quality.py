#!/usr/bin/env python3
"""quality.py - run the relevance questions and score them (stdlib only).

  quality.py smsearch  QUESTIONS ARTICLE SMSEARCH DB      > RUNS
  quality.py baseline  QUESTIONS ARTICLE SIMPLESEARCH DB  > RUNS
  quality.py score     QUESTIONS PERQ NAME=RUNS[=ARTICLE] [NAME=RUNS[=ARTICLE]]

QUESTIONS is questions.tsv: "question<TAB>line[,line...]", '#' lines skipped.
RUNS is TSV, one retrieved unit a line: qnum, rank, first line, last line, label.
A unit is a hit when an expected line falls in [first, last]: for smsearch
first == last == the passage's "line"; for the baseline it is the line range
of the blank-line paragraph.  Binary gains: a unit gains 1 when it covers
an expected line that no higher-ranked unit of that system covered.
"""
import os
import shlex
import json
import math
import subprocess
import sys


def read_questions(path):
    qs = []
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if not raw.strip() or raw.startswith("#"):
            continue
        q, lines = raw.split("\t")
        qs.append((q, sorted({int(x) for x in lines.split(",")})))
    return qs


def paragraphs(article):
    """(first, last) 1-based line ranges, split exactly like simpleindex:
    a paragraph ends at a line that is exactly empty."""
    out, start = [], None
    lines = open(article, encoding="utf-8").read().split("\n")
    for n, text in enumerate(lines, 1):
        if text == "":
            if start is not None:
                out.append((start, n - 1))
                start = None
        elif start is None:
            start = n
    if start is not None:
        out.append((start, len(lines)))
    return out


def clip(s, n=70):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


def run_smsearch(qpath, article, binary, db):
    base = article.rsplit("/", 1)[-1]
    for qn, (q, _) in enumerate(read_questions(qpath), 1):
        cmd = [binary, "--db", db, "--json", "-n", "10"] + shlex.split(os.environ.get("SMSEARCH_OPTS", "")) + [q]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode not in (0, 1):
            sys.exit(f"quality.py: {' '.join(cmd)}: exit {p.returncode}: {p.stderr}")
        if not p.stdout.strip():
            continue
        res = json.loads(p.stdout)
        for r in res.get("results", []):
            line = int(r["line"])
            path = (r.get("article") or {}).get("path") or ""
            if path.rsplit("/", 1)[-1] != base:   # another article: never a hit
                line = -1
            label = f"[{r.get('section') or ''}] {r.get('text') or ''}"
            print(qn, r["rank"], line, line, clip(label), sep="\t")


def run_baseline(qpath, article, binary, db):
    paras = paragraphs(article)
    for qn, (q, _) in enumerate(read_questions(qpath), 1):
        p = subprocess.run([binary, db, q], capture_output=True, text=True)
        if p.returncode != 0:
            print(f"quality.py: simplesearch failed on {q!r}: {p.stdout}{p.stderr}",
                  file=sys.stderr)
            continue
        for out in p.stdout.splitlines():
            head, sep, data = out.partition(" [")
            if not sep or " docid=" not in head:
                continue
            rank = int(head.split(":", 1)[0])
            docid = int(head.rsplit("docid=", 1)[1])
            first, last = paras[docid - 1]   # docid = 1-based paragraph order
            print(qn, rank, first, last, clip(data.rstrip("]")), sep="\t")


def score(qpath, perq_path, systems):
    qs = read_questions(qpath)
    runs, paras = {}, {}
    for name, path, *art in systems:
        paras[name] = paragraphs(art[0]) if art else None
        r = {i: [] for i in range(1, len(qs) + 1)}
        for raw in open(path, encoding="utf-8"):
            qn, rank, first, last, label = raw.rstrip("\n").split("\t", 4)
            r[int(qn)].append((int(rank), int(first), int(last), label))
        runs[name] = r

    metrics = {name: dict(mrr=0.0, s1=0, s3=0, ndcg=0.0, ndcgp=0.0)
               for name, *_ in systems}
    perq = []
    for qn, (q, expected) in enumerate(qs, 1):
        row = [q, ",".join(map(str, expected))]
        for name, *_ in systems:
            hits = sorted(runs[name][qn])[:10]
            covered, first_hit, dcg, got = set(), None, 0.0, []
            for i, (rank, a, b, label) in enumerate(hits, 1):
                new = {e for e in expected if a <= e <= b} - covered
                if new:
                    covered |= new
                    dcg += 1.0 / math.log2(i + 1)
                    first_hit = first_hit or i
                got.append(f"{a}" if a == b else f"{a}-{b}")
            ideal = sum(1.0 / math.log2(i + 1)
                        for i in range(1, min(len(expected), 10) + 1))
            m = metrics[name]
            m["mrr"] += 1.0 / first_hit if first_hit else 0.0
            m["s1"] += first_hit == 1
            m["s3"] += bool(first_hit and first_hit <= 3)
            m["ndcg"] += dcg / ideal
            units = len({p for p in paras[name] or [] if any(p[0] <= e <= p[1] for e in expected)})
            if units:
                m["ndcgp"] += dcg / sum(1.0 / math.log2(i + 1)
                                        for i in range(1, min(units, 10) + 1))
            row += [str(first_hit or "-"), " ".join(got) or "(none)"]
        perq.append(row)

    n = len(qs)
    names = [name for name, *_ in systems]
    with open(perq_path, "w", encoding="utf-8") as f:
        cols = ["question", "expected"]
        for name in names:
            cols += [f"{name}_first", f"{name}_top10"]
        f.write("\t".join(cols) + "\n")
        for row in perq:
            f.write("\t".join(row) + "\n")

    rows = [("MRR@10", "mrr", False), ("Success@1", "s1", True),
            ("Success@3", "s3", True), ("nDCG@10", "ndcg", False)]
    head = f"{'metric':<11}" + "".join(f"{nm:>12}" for nm in names)
    if len(names) == 2:
        head += f"{names[0] + '/' + names[1]:>22}"
    print(head)
    for label, key, count in rows:
        vals = [metrics[nm][key] / n for nm in names]
        line = f"{label:<11}" + "".join(f"{v:>12.3f}" for v in vals)
        if len(names) == 2:
            ratio = f"{vals[0] / vals[1]:.2f}x" if vals[1] else "inf"
            line += f"{ratio:>22}"
        if count:
            line += "   (" + ", ".join(f"{metrics[nm][key]}/{n}" for nm in names) + ")"
        print(line)
    para = [nm for nm in names if paras[nm]]
    if para:
        print(f"{'nDCG@10p':<11}" + "".join(
            f"{metrics[nm]['ndcgp'] / n:>12.3f}" if nm in para else f"{'':>12}"
            for nm in names) + "   (ideal counted in paragraphs)")
    print(f"questions  {n}")
    return {nm: metrics[nm]["mrr"] / n for nm in names}


def main(argv):
    if len(argv) >= 6 and argv[1] == "smsearch":
        run_smsearch(*argv[2:6])
    elif len(argv) >= 6 and argv[1] == "baseline":
        run_baseline(*argv[2:6])
    elif len(argv) >= 5 and argv[1] == "score":
        systems = [tuple(a.split("=", 2)) for a in argv[4:]]
        mrr = score(argv[2], argv[3], systems)
        print("#mrr " + " ".join(f"{k}={v:.3f}" for k, v in mrr.items()))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
