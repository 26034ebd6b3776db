#!/usr/bin/python3
"""bench/reference.py - the reference systems of issue 4, rebuilt here.

  reference.py build DIR DATA        index the answer texts three ways
  reference.py run DIR SYSTEM QUERIES RUN
                                     write a TREC run (100 per question)

Systems (one document per MedQuAD answer: medquad/passages.jsonl plus
liveqa-medquad/extra_passages.jsonl; the MedQuAD questions never indexed):
  xapian    Xapian 1.4 defaults: TermGenerator and QueryParser with the
            English stemmer, BM25 at its defaults
  fts5      SQLite FTS5, porter tokenizer, the words ORed, bm25()
  careful   Xapian BM25 (k1 1.2, b 0.75), Snowball English stop words, the
            article title indexed as a field and once in the body
Needs python3-xapian (Debian) and Python's sqlite3 with FTS5. Scoring is
left to smsearch-eval --score-run, so every system is scored by one code.
"""
import json
import os
import re
import sqlite3
import sys

import xapian

# Snowball's English stop word list (snowballstem.org/algorithms/english/stop.txt).
STOP = """i me my myself we our ours ourselves you your yours yourself yourselves he him
his himself she her hers herself it its itself they them their theirs themselves what which
who whom this that these those am is are was were be been being have has had having do does
did doing would should could ought i'm you're he's she's it's we're they're i've you've we've
they've i'd you'd he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't
wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't shan't shouldn't
can't cannot couldn't mustn't let's that's who's what's here's there's when's where's why's
how's a an the and but if or because as until while of at by for with about against between
into through during before after above below to from up down in out on off over under again
further then once here there when where why how all any both each few more most other some
such no nor not only own same so than too very""".split()

DEPTH = 100


def passages(data):
    """(id, title, text) of every answer, the title from its article."""
    titles = {}
    for f in ("medquad/corpus.jsonl", "liveqa-medquad/extra_corpus.jsonl"):
        with open(os.path.join(data, f), encoding="utf-8") as fh:
            for line in fh:
                a = json.loads(line)
                titles[a["id"]] = a["title"]
    for f in ("medquad/passages.jsonl", "liveqa-medquad/extra_passages.jsonl"):
        with open(os.path.join(data, f), encoding="utf-8") as fh:
            for line in fh:
                p = json.loads(line)
                yield p["id"], p.get("focus") or titles.get(p["doc_id"], ""), p["text"]


def build(top, data):
    plain = xapian.WritableDatabase(os.path.join(top, "xapian"), xapian.DB_CREATE_OR_OVERWRITE)
    careful = xapian.WritableDatabase(os.path.join(top, "careful"), xapian.DB_CREATE_OR_OVERWRITE)
    path = os.path.join(top, "fts5.sqlite")
    if os.path.exists(path):
        os.remove(path)
    lite = sqlite3.connect(path)
    lite.execute("CREATE VIRTUAL TABLE p USING fts5(id UNINDEXED, text, tokenize='porter')")
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    for pid, title, text in passages(data):
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(text)
        doc.set_data(pid)
        plain.add_document(doc)
        doc = xapian.Document()
        tg.set_document(doc)
        tg.index_text(title, 1, "S")
        tg.increase_termpos()
        tg.index_text(title)
        tg.increase_termpos()
        tg.index_text(text)
        doc.set_data(pid)
        careful.add_document(doc)
        lite.execute("INSERT INTO p VALUES (?, ?)", (pid, text))
    plain.commit()
    careful.commit()
    lite.commit()
    lite.close()


def questions(path):
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            qid, _, text = line.rstrip("\n").partition("\t")
            if text:
                yield qid, text


def parser(db, stop):
    qp = xapian.QueryParser()
    qp.set_stemmer(xapian.Stem("english"))
    qp.set_stemming_strategy(xapian.QueryParser.STEM_SOME)
    qp.set_database(db)
    qp.set_default_op(xapian.Query.OP_OR)
    if stop:
        stopper = xapian.SimpleStopper()
        for w in STOP:
            stopper.add(w)
        qp.set_stopper(stopper)
        parser.keep = stopper  # the parser does not own its stopper
        qp.add_prefix("", "")
        qp.add_prefix("", "S")
    return qp


def parse(qp, text):
    try:
        return qp.parse_query(text)
    except xapian.QueryParserError:  # a stray operator: plain words
        return qp.parse_query(text, 0)


def run_xapian(top, system, queries, out):
    db = xapian.Database(os.path.join(top, system))
    careful = system == "careful"
    qp = parser(db, careful)
    enq = xapian.Enquire(db)
    if careful:
        enq.set_weighting_scheme(xapian.BM25Weight(1.2, 0, 1, 0.75, 0.5))
    for qid, text in questions(queries):
        enq.set_query(parse(qp, text))
        for rank, m in enumerate(enq.get_mset(0, DEPTH)):
            out.write("%s Q0 %s %d %.6f %s\n" % (qid, m.document.get_data().decode(), rank + 1,
                                                 m.weight, system))


def run_fts5(top, queries, out):
    lite = sqlite3.connect(os.path.join(top, "fts5.sqlite"))
    for qid, text in questions(queries):
        words = re.findall(r"\w+", text.lower())
        if not words:
            continue
        match = " OR ".join('"%s"' % w for w in words)
        rows = lite.execute("SELECT id, bm25(p) FROM p WHERE p MATCH ? ORDER BY bm25(p) LIMIT ?",
                            (match, DEPTH))
        for rank, (pid, score) in enumerate(rows):
            out.write("%s Q0 %s %d %.6f fts5\n" % (qid, pid, rank + 1, -score))


def main(argv):
    if len(argv) == 4 and argv[1] == "build":
        build(argv[2], argv[3])
    elif len(argv) == 6 and argv[1] == "run" and argv[3] in ("xapian", "careful", "fts5"):
        with open(argv[5], "w", encoding="utf-8") as out:
            if argv[3] == "fts5":
                run_fts5(argv[2], argv[4], out)
            else:
                run_xapian(argv[2], argv[3], argv[4], out)
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
