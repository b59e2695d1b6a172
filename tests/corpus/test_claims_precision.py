#!/usr/bin/python3
"""Real-corpus test: the claim rules and sentence-conflict on the five shared corpora
(../shared/corpora), against the verdicts in claims_verdicts.json, where each finding was read
and judged right (an editor would act on it) or wrong.

Fails when a finding has no verdict (read it, then add one), when a finding judged right is no
longer reported, or when one judged wrong is reported again; prints the precision per corpus.
Skips when ../shared is absent."""
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile

KBLINT = os.path.abspath(os.environ.get("KBLINT", "build/kblint"))
ROOT = os.environ.get("KBLINT_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
CORPORA = os.path.join(ROOT, "..", "shared", "corpora")
HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = 77  # meson's "skipped" status
CORPUS_NAMES = ["officedocs-support", "hugo-docs", "techdocs-moj-cloud-platform", "powershell-docs",
                "tldr-pages"]


def ours(rule):
    return rule.startswith("claim-") or rule == "sentence-conflict"


def key(corpus, f):
    return (corpus, f["file"], f["line"], f["rule"])


def findings(tmp, corpus):
    with tarfile.open(os.path.join(CORPORA, corpus + ".tar.gz")) as t:
        t.extractall(tmp)
    folder = os.path.join(tmp, corpus)
    p = subprocess.run([KBLINT, "check", "--today", "2026-12-02", "-f", "json", "."], cwd=folder,
                       capture_output=True, text=True, timeout=400)
    assert p.returncode in (0, 1), p.stderr
    return [f for f in json.loads(p.stdout)["findings"] if ours(f["rule"])]


def main():
    missing = [c for c in CORPUS_NAMES if not os.path.exists(os.path.join(CORPORA, c + ".tar.gz"))]
    if missing:
        print("SKIP: %s missing (the shared corpora are not beside this checkout)" % ", ".join(missing))
        return SKIP
    with open(os.path.join(HERE, "claims_verdicts.json"), encoding="utf-8") as f:
        verdicts = {(v["corpus"], v["file"], v["line"], v["rule"]): v for v in json.load(f)["verdicts"]}
    problems = []
    for corpus in CORPUS_NAMES:
        with tempfile.TemporaryDirectory() as tmp:
            found = findings(tmp, corpus)
        seen = set()
        right = wrong = 0
        for f in found:
            k = key(corpus, f)
            seen.add(k)
            v = verdicts.get(k)
            if v is None or v["match"] not in f["message"]:
                problems.append("no verdict: %s %s:%d %s %s" % (corpus, f["file"], f["line"], f["rule"],
                                                                  f["message"]))
            elif v["verdict"] == "wrong":
                wrong += 1
                problems.append("judged wrong, reported again: %s %s:%d %s (%s)" % (
                    corpus, f["file"], f["line"], f["rule"], v["why"]))
            else:
                right += 1
        for k, v in verdicts.items():
            if k[0] == corpus and v["verdict"] == "right" and k not in seen:
                problems.append("judged right, no longer reported: %s %s:%d %s (%s)" % (*k, v["why"]))
        total = right + wrong
        print("%s: %d findings, %d right%s" % (corpus, total, right,
                                              " (%.0f%%)" % (100.0 * right / total) if total else ""))
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
