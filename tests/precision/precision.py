#!/usr/bin/python3
"""Prose precision on real knowledge bases, read finding by finding (issue 15).

Every prose finding kblint gives on the shared corpora (temporal, claim, placeholder, style and
sentence-conflict rules: everything but metadata freshness, links and suppressions) was read in its
context and judged: R (an editor would act on it), W (wrong: an editor would not), D (debatable).
The verdicts are data, one file per corpus in tests/precision/CORPUS.tsv:

    KEY <TAB> R|W|D <TAB> rule file:line: note

A W verdict whose reason starts with "known" ("rule file:line: known: ...") is a false positive
kblint still gives: it counts against precision, but its presence does not fail the test; any
other W is one a change fixed, and it must not come back.

KEY is ../shared/tools/sample-findings' key (rule, file and the matched line's text, hashed), so a
verdict survives edits elsewhere in the file. Where a rule has more than 30 findings on a corpus, a
seeded random 30 of them were read (sample-findings --per-rule 30 --seed 1).

The test (no option) checks each corpus whose tarball is present, and fails when
  - a finding judged W (and not "known") is back (a fixed false positive returned),
  - a finding judged R is gone (recall lost: a true finding no longer found),
  - fewer than min(30, n) of a rule's n findings on a corpus have a verdict (new findings nobody
    read: judge them and add their lines), or
  - the corpus's precision is below 90%: each rule's R / (R + W) over its judged findings,
    weighted by the rule's number of findings.

    precision.py KBLINT              the test
    precision.py KBLINT --table      the table of docs/precision.md (per corpus and rule)
    precision.py KBLINT --unjudged C print corpus C's findings without a verdict, with context,
                                     as TSV lines to fill in (verdict column '?')
Skips (exit 77) when ../shared/corpora is absent.
"""
import collections
import hashlib
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

CORPORA = os.path.join(ROOT, "..", "shared", "corpora")
TODAY = "2026-12-02"
TARGET = 0.90
PER_RULE = 30
# the corpora read; each is checked from its top folder with no config of ours
NAMES = ["officedocs-support", "hugo-docs", "techdocs-moj-cloud-platform", "powershell-docs",
         "tldr-pages"]
# rule kinds whose findings are about the prose itself; pattern rules count unless they are
# link checks (link-insecure-http is a link finding, exact by construction)
PROSE_KINDS = {"claim", "temporal", "substitution", "facts", "pattern", "literal", "statements"}
NOT_PROSE_CATEGORIES = {"link", "metadata"}


def prose_rules(kblint):
    """Rule ids counted as prose findings, from `kblint rules` (kind and category columns)."""
    out = subprocess.run([kblint, "rules", "--no-config"], capture_output=True, text=True,
                         check=True).stdout
    ids = set()
    for line in out.splitlines()[1:]:
        cols = line.split()
        if len(cols) < 4:
            continue
        rid, kind, category = cols[0], cols[1], cols[2]
        if kind in PROSE_KINDS and category not in NOT_PROSE_CATEGORIES:
            ids.add(rid)
        elif rid == "link-broken-syntax":
            ids.add(rid)
    return ids


def key_of(finding, lines):
    """sample-findings' key: sha1 of rule, file and the matched line's stripped text."""
    text = lines[finding["line"] - 1] if 0 < finding["line"] <= len(lines) else ""
    raw = "%s\0%s\0%s" % (finding["rule"], finding["file"], text.strip())
    return hashlib.sha1(raw.encode()).hexdigest()[:12]


def read_verdicts(name):
    """{key: (verdict, note)} from tests/precision/NAME.tsv ('#' lines are comments)."""
    path = os.path.join(HERE, name + ".tsv")
    verdicts = {}
    if not os.path.exists(path):
        return verdicts
    with open(path, encoding="utf-8") as f:
        for row in f:
            if row.startswith("#") or not row.strip():
                continue
            parts = row.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[1] in ("R", "W", "D"):
                verdicts[parts[0]] = (parts[1], parts[2] if len(parts) > 2 else "")
    return verdicts


def findings(kblint, name, rules, tmp):
    """Unpack corpus NAME into tmp, check it; returns (top folder, [finding with 'key'])."""
    with tarfile.open(os.path.join(CORPORA, name + ".tar.gz")) as tar:
        tar.extractall(tmp, filter="data") if hasattr(tarfile, "data_filter") else tar.extractall(tmp)
    top = os.path.join(tmp, name)
    if not os.path.isdir(top):
        top = tmp
    p = subprocess.run([kblint, "check", "--today", TODAY, "--format", "json", "."], cwd=top,
                       capture_output=True, text=True, timeout=600)
    if p.returncode not in (0, 1):
        raise SystemExit("%s: kblint exited %d: %s" % (name, p.returncode, p.stderr[:2000]))
    cache = {}
    out = []
    for f in json.loads(p.stdout)["findings"]:
        if f["rule"] not in rules:
            continue
        if f["file"] not in cache:
            try:
                with open(os.path.join(top, f["file"]), encoding="utf-8", errors="replace") as fh:
                    cache[f["file"]] = fh.read().split("\n")
            except OSError:
                cache[f["file"]] = []
        f["key"] = key_of(f, cache[f["file"]])
        f["text"] = cache[f["file"]]
        out.append(f)
    return top, out


def score(found, verdicts):
    """Per rule: [findings, judged, R, W, D]; and the corpus's problems (list of strings)."""
    by_rule = collections.defaultdict(lambda: [0, 0, 0, 0, 0])
    problems = []
    present = set()
    for f in found:
        present.add(f["key"])
        row = by_rule[f["rule"]]
        row[0] += 1
        v = verdicts.get(f["key"])
        if v:
            row[1] += 1
            row[{"R": 2, "W": 3, "D": 4}[v[0]]] += 1
            if v[0] == "W" and not v[1].split(": ", 1)[-1].startswith("known"):
                problems.append("false positive is back: %s %s:%d:%d %s (verdict: %s)" % (
                    f["rule"], f["file"], f["line"], f["column"], f["message"], v[1]))
    for key, (v, note) in verdicts.items():
        if v == "R" and key not in present:
            problems.append("true finding lost: %s (%s)" % (key, note))
    for rule, row in sorted(by_rule.items()):
        if row[1] < min(row[0], PER_RULE):
            problems.append("%s: only %d of %d findings judged (need %d): run --unjudged" % (
                rule, row[1], row[0], min(row[0], PER_RULE)))
    return by_rule, problems


def precision(rows):
    """Share of right findings: each rule's R / (R + W) over its judged findings, weighted by
    the rule's number of findings (a rule read as a sample of 30 stands for all of them)."""
    num = den = 0.0
    for r in rows:
        if r[2] + r[3]:
            num += r[0] * r[2] / (r[2] + r[3])
            den += r[0]
    return num / den if den else None


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    kblint = os.path.abspath(argv[0])
    mode = argv[1] if len(argv) > 1 else "test"
    kbtest.shared("corpora")
    rules = prose_rules(kblint)
    names = NAMES
    if mode == "--unjudged":
        names = [argv[2]]
    failed = False
    table = []
    for name in names:
        if not os.path.exists(os.path.join(CORPORA, name + ".tar.gz")):
            print("SKIP %s: tarball missing" % name)
            continue
        verdicts = read_verdicts(name)
        with tempfile.TemporaryDirectory() as tmp:
            top, found = findings(kblint, name, rules, tmp)
            if mode == "--unjudged":
                by = collections.defaultdict(list)
                for f in found:
                    by[f["rule"]].append(f)
                todo = []
                for rule in sorted(by):
                    fs = by[rule]
                    random.Random(1).shuffle(fs)
                    need = min(len(fs), PER_RULE) - sum(f["key"] in verdicts for f in fs)
                    todo += [f for f in fs if f["key"] not in verdicts][:max(need, 0)]
                for f in todo:
                    print("%s\t?\t%s %s:%d: %s" % (f["key"], f["rule"], f["file"], f["line"],
                                                  f["message"]))
                    lo, hi = max(1, f["line"] - 1), min(len(f["text"]), f["line"] + 1)
                    for n in range(lo, hi + 1):
                        print("#   %s %5d %s" % (">" if n == f["line"] else " ", n,
                                                f["text"][n - 1][:240]))
                continue
        by_rule, problems = score(found, verdicts)
        p = precision(by_rule.values())
        for rule, row in sorted(by_rule.items()):
            table.append((name, rule, row, precision([row])))
        table.append((name, "all prose rules", [sum(r[i] for r in by_rule.values()) for i in range(5)], p))
        if mode == "test":
            print("%s: %d prose findings, precision %s" % (
                name, len(found), "-" if p is None else "%.0f%%" % (100 * p)))
            for msg in problems:
                print("  FAIL " + msg)
            if p is not None and p < TARGET:
                print("  FAIL precision %.1f%% is below %.0f%%" % (100 * p, 100 * TARGET))
                failed = True
            failed = failed or bool(problems)
    if mode == "--table":
        print("| corpus | rule | findings | read | right | wrong | debatable | precision |")
        print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for name, rule, row, p in table:
            bold = "**" if rule == "all prose rules" else ""
            print("| %s | %s%s%s | %d | %d | %d | %d | %d | %s |" % (
                name, bold, rule, bold, row[0], row[1], row[2], row[3], row[4],
                "-" if p is None else "%.0f%%" % (100 * p)))
    return 1 if failed else 0


if __name__ == "__main__":
    kbtest.main(main)
