#!/usr/bin/env python3
"""make-corpus.py - write a JSONL article corpus out in the forms the
benchmarked tools read (bench/speed.sh). Everything goes to the paths given,
which speed.sh keeps in a temporary directory: the data is never copied into
the repository.

  make-corpus.py paras CORPUS OUT      paragraphs separated by blank lines
                                       (Xapian's simpleindex reads stdin so)
  make-corpus.py files CORPUS DIR      one plain-text file per article:
                                       title, blank line, paragraphs
  make-corpus.py csv CORPUS OUT        id,body rows, one per paragraph
                                       (sqlite3 .import --csv)
  make-corpus.py scale CORPUS DIR --articles K
                                       K articles: copies of the corpus with
                                       changed ids (and url hosts), the last
                                       one partial, one JSONL file per copy
  make-corpus.py questions OUT N TSV...
                                       N questions spread evenly over the
                                       question sets (qid TAB question)
  make-corpus.py stats CORPUS          articles, paragraphs, text bytes

Paragraphs are the article's "text" cut on blank lines (paragraph 0 is the
title), lines made of white space only dropped, as smindex reads them.
"""
import csv
import json
import os
import re
import sys


def articles(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                yield json.loads(line)


def paragraphs(text):
    out = []
    for block in re.split(r"\n[ \t\r\f\v]*\n", text):
        lines = [l.rstrip() for l in block.split("\n") if l.strip()]
        if lines:
            out.append("\n".join(lines))
    return out


def safe_name(s):
    return re.sub(r"[^A-Za-z0-9._-]", "_", s)[:120] or "article"


def cmd_paras(corpus, out):
    with open(out, "w", encoding="utf-8") as f:
        for a in articles(corpus):
            for p in paragraphs(a["text"]):
                f.write(p)
                f.write("\n\n")


def cmd_files(corpus, outdir):
    os.makedirs(outdir, exist_ok=True)
    seen = set()
    for a in articles(corpus):
        name = safe_name(a["id"])
        while name in seen:
            name += "_"
        seen.add(name)
        ps = paragraphs(a["text"])
        title = a.get("title") or (ps[0] if ps else a["id"])
        body = ps[1:] if ps and ps[0] == title else ps
        with open(os.path.join(outdir, name + ".txt"), "w", encoding="utf-8") as f:
            f.write(title.replace("\n", " ") + "\n\n" + "\n\n".join(body) + "\n")


def cmd_csv(corpus, out):
    with open(out, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        for a in articles(corpus):
            for i, p in enumerate(paragraphs(a["text"])):
                w.writerow([f'{a["id"]}#{i}', p])


def cmd_scale(corpus, outdir, n_articles):
    """n_articles articles: whole copies of the corpus, then the rest taken
    evenly across it (not its first articles: they are not typical)."""
    os.makedirs(outdir, exist_ok=True)
    arts = list(articles(corpus))
    full, rest = divmod(n_articles, len(arts))
    for c in range(full + (rest > 0)):
        pick = arts if c < full else [arts[i * len(arts) // rest] for i in range(rest)]
        with open(os.path.join(outdir, f"copy{c:02d}.jsonl"), "w", encoding="utf-8") as f:
            for a in pick:
                f.write(json.dumps(renamed(a, c), ensure_ascii=False) + "\n")


def renamed(a, c):
    """Article a as in copy c: copy 0 as it is, others with "-cNN" after the
    article id (and in its passage ids) and "cNN." before the url's host, so
    that each copy is a site of its own and its furniture is found in it as
    in the original."""
    if not c:
        return a
    b = dict(a)
    tag = f"-c{c:02d}"
    b["id"] = a["id"] + tag
    if b.get("url"):
        b["url"] = re.sub(r"^(\w+://)", rf"\1c{c:02d}.", b["url"])
    secs = []
    for s in a.get("sections") or []:
        s = dict(s)
        if s.get("passage_id"):
            s["passage_id"] = s["passage_id"].replace(a["id"], b["id"], 1)
        secs.append(s)
    if secs:
        b["sections"] = secs
    return b


def cmd_questions(out, n, files):
    sets = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            rows = [l.rstrip("\n").split("\t", 1) for l in f if "\t" in l]
        sets.append([r for r in rows if r[1].strip()])
    per = [n // len(sets) + (i < n % len(sets)) for i in range(len(sets))]
    with open(out, "w", encoding="utf-8") as f:
        for rows, k in zip(sets, per):
            k = min(k, len(rows))
            for i in range(k):
                qid, q = rows[i * len(rows) // k]
                f.write(f"{qid}\t{q}\n")


def cmd_stats(corpus):
    n = paras = size = 0
    for a in articles(corpus):
        n += 1
        paras += len(paragraphs(a["text"]))
        size += len(a["text"].encode("utf-8"))
    print(n, paras, size)


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if len(argv) >= 2 else 2
    cmd, args = argv[1], argv[2:]
    if cmd == "paras" and len(args) == 2:
        cmd_paras(*args)
    elif cmd == "files" and len(args) == 2:
        cmd_files(*args)
    elif cmd == "csv" and len(args) == 2:
        cmd_csv(*args)
    elif cmd == "scale" and len(args) == 4 and args[2] == "--articles":
        cmd_scale(args[0], args[1], int(args[3]))
    elif cmd == "questions" and len(args) >= 3:
        cmd_questions(args[0], int(args[1]), args[2:])
    elif cmd == "stats" and len(args) == 1:
        cmd_stats(args[0])
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
