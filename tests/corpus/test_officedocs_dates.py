#!/usr/bin/python3
"""Real-corpus test: Microsoft's OfficeDocs-Support (../shared/corpora), a docfx knowledge base
whose review dates are `ms.date: 03/14/2024` (US order, as docfx documents it).

With no config, kblint must report `date-invalid` on exactly the review and expiry dates that
are not real calendar dates in an accepted form, computed here independently of kblint (PyYAML
reads the front matter; Python's calendar decides what a valid date is). The corpus's own dates
are all valid, so two articles are given a bad one first: a day that does not exist
(02/30/2024) and a real date in a form that is not read by default (14.03.2024, whose message
names the date_formats entry). Skips when ../shared is absent."""
import datetime
import json
import os
import re
import sys
import tarfile
import tempfile

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

# the default field roles (docs/configuration.md)
REVIEWED = ["last_reviewed_on", "last_reviewed", "last_verified", "reviewed_on", "reviewed", "ms.date"]
EXPIRES = ["expires", "expires_on", "review_by", "valid_until"]
RETIRED = {"archived", "deprecated", "obsolete"}
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december"]


def month(name):
    """The month a full or three-letter English name (or "Sept", a "." after a short one) names."""
    n = name.lower()
    if n.endswith(".") and n[:-1] not in MONTHS:
        n = n[:-1]
    for i, full in enumerate(MONTHS):
        if n == full or (len(n) == 3 and full.startswith(n)) or (n == "sept" and i == 8):
            return i + 1
    return None


def real(y, m, d):
    try:
        datetime.date(int(y), int(m), int(d))
        return 1 <= int(y)
    except (TypeError, ValueError):
        return False


def valid(value):
    """Whether kblint should read value as a date with no config: ISO 8601 (a time may
    follow), MM/DD/YYYY, D Month YYYY or Month D, YYYY, each a date that exists."""
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)(?:[Tt ]+\d{1,2}:\d\d(?::\d\d(?:\.\d*)?)?"
                     r"(?:[ \t]*(?:[Zz]|[+-]\d{1,2}(?::?\d\d)?))?)?", value)
    if m:
        return real(m.group(1), m.group(2), m.group(3))
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", value)
    if m:
        return real(m.group(3), m.group(1), m.group(2))
    m = re.fullmatch(r"(\d{1,2}) +([A-Za-z]+\.?) +(\d{4})", value)
    if m:
        return real(m.group(3), month(m.group(2)), m.group(1))
    m = re.fullmatch(r"([A-Za-z]+\.?) +(\d{1,2}), +(\d{4})", value)
    if m:
        return real(m.group(3), month(m.group(1)), m.group(2))
    return False


def front_matter(text):
    """The front matter as a mapping of strings (YAML's last value of a repeated key), or None."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines()
    if not lines or lines[0].rstrip(" \t") != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip(" \t") in ("---", "..."):
            try:
                fm = yaml.load("\n".join(lines[1:i]), Loader=yaml.BaseLoader)
            except yaml.YAMLError:
                return None
            return fm if isinstance(fm, dict) else None
    return None


def dates(fm):
    """The first review field and the first expiry field the front matter has: (key, value)."""
    out = []
    for role in (REVIEWED, EXPIRES):
        for key in role:
            if key in fm:
                if isinstance(fm[key], str) and fm[key] != "" and fm[key] not in ("~", "null", "Null", "NULL"):
                    out.append((key, fm[key]))
                break
    return out


def main():
    tarball = kbtest.shared("corpora", "officedocs-support.tar.gz")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        kb = os.path.join(tmp, "officedocs-support")
        articles = []
        for dirpath, dirs, files in os.walk(kb):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
            articles += [os.path.join(dirpath, f) for f in sorted(files)
                         if f.endswith((".md", ".markdown")) and not f.startswith(".")]
        # two bad dates, so that the test also shows kblint finding them
        planted = {}
        for path in articles:
            text = open(path, encoding="utf-8").read()
            m = re.search(r"^ms\.date: *(\S+) *$", text, re.M)
            if not m or len(planted) == 2:
                continue
            bad = "02/30/2024" if not planted else "14.03.2024"
            planted[os.path.relpath(path, kb)] = bad
            with open(path, "w", encoding="utf-8") as f:
                f.write(text[:m.start(1)] + bad + text[m.end(1):])
        expected, read = set(), 0
        for path in articles:
            fm = front_matter(open(path, encoding="utf-8").read())
            if fm is None or str(fm.get("status", "")).lower() in RETIRED:
                continue
            for key, value in dates(fm):
                read += 1
                if not valid(value):
                    expected.add((os.path.relpath(path, kb), key, value))
        p = kbtest.run(["check", "--no-config", "--format", "json", "."], cwd=kb, timeout=300)
        if p.returncode not in (0, 1) or p.stderr:
            print("kblint failed: exit %d\n%s" % (p.returncode, p.stderr))
            return 1
        doc = json.loads(p.stdout)
        ok = True
        got = set()
        for f in doc["findings"]:
            if f["rule"] != "date-invalid":
                continue
            m = re.match(r"(\S+) '(.*?)' is ", f["message"])
            if not m or not f["file"].endswith((".md", ".markdown")):
                print("unexpected date-invalid finding: %s" % f)
                ok = False
                continue
            got.add((f["file"], m.group(1), m.group(2)))
        print("%d Markdown articles, %d review or expiry dates read, %d invalid (%d planted)"
              % (len(articles), read, len(expected), len(planted)))
        if read < 2000:
            print("expected the corpus's ms.date on most articles, read only %d" % read)
            ok = False
        if {(f, v) for f, _, v in expected} != set(planted.items()):
            print("the corpus's own dates should all be valid: %s" % sorted(expected))
            ok = False
        if got != expected:
            print("reported but valid: %s" % sorted(got - expected))
            print("invalid but not reported: %s" % sorted(expected - got))
            ok = False
        hint = [f["message"] for f in doc["findings"] if f["rule"] == "date-invalid"
                and "14.03.2024" in f["message"]]
        want = ("ms.date '14.03.2024' is not in an accepted date form: for DD.MM.YYYY, add "
                "'%d.%m.%Y' to date_formats in .kblint.yaml")
        if hint != [want]:
            print("the message for 14.03.2024 is %s, expected [%r]" % (hint, want))
            ok = False
        if doc["errors"]:
            print("files that failed to load: %s" % doc["errors"][:5])
            ok = False
        return 0 if ok else 1


if __name__ == "__main__":
    kbtest.main(main)
