#!/usr/bin/python3
"""Real-corpus test: Microsoft's OfficeDocs-Support repository (../shared/corpora), built with
docfx: a publish config naming 8 docsets, each with its docfx.json.

With no config, the files kblint checks must be exactly the articles docfx's content globs
select, computed here independently (tests/sites/docfx_glob.py: docfx's glob semantics, each
file mapping's own exclude), Markdown outside includes/ folders plus YamlMime:FAQ files (other
YAML content files may be listed too: they are read for their links); no file under includes/
is checked; checking one docset's folder checks that docset's articles. Prints
the findings per rule. Skips when ../shared is absent."""
import collections
import json
import os
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import docfx_glob  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

TODAY = "2026-06-15"


def run(args, cwd):
    p = kbtest.run(["check", "--today", TODAY] + args, cwd=cwd, timeout=300)
    if p.returncode not in (0, 1) or p.stderr:
        raise SystemExit("kblint failed: exit %d\n%s" % (p.returncode, p.stderr))
    return p.stdout


def checked(cwd, path):
    out = run(["--format", "checkstyle", path], cwd)
    return {f.get("name") for f in ET.fromstring(out).iter("file")}


def compare(what, got, want, yaml):
    """got must be want, and may also hold YAML content files (yaml: landing pages, hubs and
    TOCs are read for their links)."""
    extra_yaml = {f for f in got - want if f in yaml}
    got = got - extra_yaml
    ok = got == want
    if extra_yaml:
        print("%s: %d YAML content files read for their links" % (what, len(extra_yaml)))
    print("%s: kblint checks %d files, docfx's globs give %d" % (what, len(got), len(want)))
    for f in sorted(got - want)[:10]:
        print("  checked but not an article: %s" % f)
    for f in sorted(want - got)[:10]:
        print("  an article not checked: %s" % f)
    return ok


def main():
    tarball = kbtest.shared("corpora", "officedocs-support.tar.gz")
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        repo = os.path.join(tmp, "officedocs-support")
        os.makedirs(os.path.join(repo, ".git"), exist_ok=True)  # a clone's top
        want = docfx_glob.articles(repo)
        yaml = {f for f in docfx_glob.content(repo) if f.endswith(".yml")}
        print("%d docsets" % len(docfx_glob.docsets(repo)))
        ok = True
        got = checked(repo, ".")
        # includes/ hold fragments: read for their prose, never judged as articles
        fragments = {f for f in got if "includes" in f.split("/")[:-1]}
        ok &= compare("repository", got - fragments, want, yaml)
        print("%d fragments under includes/ read for their prose" % len(fragments))
        outlook = checked(repo, "Outlook")
        ok &= compare("Outlook/", {f for f in outlook if "includes" not in f.split("/")[:-1]},
                      {f for f in want if f.startswith("Outlook/")}, yaml)
        doc = json.loads(run(["--format", "json", "."], repo))
        judged = [f for f in doc["findings"] if "includes" in f["file"].split("/")[:-1]
                  and f["category"] in ("stale", "metadata") and f["rule"] not in (
                      "as-of-outdated", "as-of-state", "deadline-passed", "future-tense-past",
                      "undated-time-words")]
        if judged:
            print("fragments judged as articles: %s" % judged[:3])
            ok = False
        rules = collections.Counter(f["rule"] for f in doc["findings"])
        print("%d findings: %s" % (len(doc["findings"]), ", ".join(
            "%s %d" % kv for kv in sorted(rules.items()))))
        if rules.get("owner-missing"):
            print("owner-missing: %d (every docset's fileMetadata gives ms.author)" % rules["owner-missing"])
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    kbtest.main(main)
