"""Read what `gdbus call` prints (GVariant text) as Python values.

    gdbus call ... | python3 gvariant.py EXPR

evaluates the Python expression EXPR with `v` bound to the reply (a tuple)
and prints its value; the exit status is 1 when EXPR raises (an assert).
Enough of the text format for the replies of the search providers:
strings, numbers, booleans, tuples, arrays, dictionaries, <variants>, and
@type or typed-number annotations (which are skipped).
"""
import re
import sys

TOKEN = re.compile(r"""\s*(?:(?P<str>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")
    |(?P<num>-?\d+(?:\.\d*)?(?:e-?\d+)?)|(?P<word>@[^\s]+|[a-z]+\d*)|(?P<punct>[()\[\]{}<>,:]))""",
                   re.X)


def tokens(text):
    at = 0
    text = text.strip()
    while at < len(text):
        m = TOKEN.match(text, at)
        if not m:
            raise ValueError("cannot read at: " + text[at:at + 30])
        at = m.end()
        if m.group("str"):
            body = m.group("str")[1:-1]
            yield "str", re.sub(r"\\(.)", lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), body)
        elif m.group("num"):
            n = m.group("num")
            yield "val", float(n) if re.search(r"[.e]", n) else int(n)
        elif m.group("word"):
            w = m.group("word")
            if w in ("true", "false"):
                yield "val", w == "true"
            elif w == "nothing":
                yield "val", None
            # else: a type annotation (@as, uint32, objectpath, ...): skip
        else:
            yield "p", m.group("punct")


class Reader:
    def __init__(self, toks):
        self.toks, self.at = toks, 0

    def next(self):
        self.at += 1
        return self.toks[self.at - 1]

    def peek(self):
        return self.toks[self.at]

    def value(self):
        kind, t = self.next()
        if kind in ("str", "val"):
            return t
        close = {"(": ")", "[": "]", "{": "}", "<": ">"}[t]
        items, keys = [], []
        while self.peek() != ("p", close):
            if self.peek() == ("p", ","):
                self.next()
                continue
            item = self.value()
            if self.peek() == ("p", ":"):
                self.next()
                keys.append(item)
                item = self.value()
            items.append(item)
        self.next()
        if t == "(":
            return tuple(items)
        if t == "{" or keys:
            return dict(zip(keys, items))
        return items[0] if t == "<" else items


def read(text):
    return Reader(list(tokens(text))).value()


if __name__ == "__main__":
    v = read(sys.stdin.read())
    try:
        print(eval(sys.argv[1], {"v": v, "len": len, "all": all, "any": any, "sorted": sorted}))
    except Exception as e:  # noqa: BLE001 - the test prints why
        print(f"{type(e).__name__}: {e} in {v!r}"[:1500])
        sys.exit(1)
