#!/usr/bin/python3
"""Real-corpus test: site-generator markup is not prose (../shared/corpora).

hugo-docs (Hugo's own documentation) writes shortcodes everywhere: with no config, no
placeholder-template finding may be a shortcode or sit on a shortcode, no link target may be a
shortcode, and with `markup: [hugo]` no placeholder-template finding is left at all.
officedocs-support (docfx): no finding may fall inside a ":::" directive (found here by reading
the files), and no "#tab/..." link may be reported when the article has that tab's heading.
Skips when ../shared is absent."""
import json
import os
import re
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

CORPORA = os.path.join(ROOT, "..", "shared", "corpora")
SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}")


def check(folder, *args):
    p = kbtest.run(["check", "--today", "2026-12-01", "-f", "json", *args, "."], cwd=folder,
                   timeout=240)
    assert p.returncode in (0, 1), p.stderr
    return json.loads(p.stdout)["findings"]


def line_of(folder, finding):
    with open(os.path.join(folder, finding["file"]), encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    return lines[finding["line"] - 1] if finding["line"] <= len(lines) else ""


def hugo(tmp):
    with tarfile.open(os.path.join(CORPORA, "hugo-docs.tar.gz")) as t:
        t.extractall(tmp)
    site = os.path.join(tmp, "hugo-docs")
    found = check(site, "--no-config")
    templ = [f for f in found if f["rule"] == "placeholder-template"]
    for f in templ:
        quoted = re.search(r"'(.*)'", f["message"]).group(1)
        assert not quoted.startswith(("{{<", "{{%")), f
        # the match is not inside a shortcode on its line
        line = line_of(site, f)
        col = f["column"] - 1
        for m in SHORTCODE.finditer(line):
            assert not (m.start() <= col < m.end()), (f, line)
    assert len(templ) <= 2, templ  # bare "{{ x }}" outside code: a placeholder by default
    bad = [f for f in found if f["rule"].startswith("link-") and "{{" in f["message"]]
    assert not bad, bad[:5]
    with open(os.path.join(tmp, "hugo.kblint.yaml"), "w") as f:
        f.write("markup: [hugo]\n")
    found = check(site, "--config", os.path.join(tmp, "hugo.kblint.yaml"))
    templ = [f for f in found if f["rule"] == "placeholder-template"]
    assert not templ, templ
    print("hugo-docs: %d placeholder-template findings with no config, 0 with markup: [hugo]" %
          len([f for f in check(site, "--no-config") if f["rule"] == "placeholder-template"]))


def officedocs(tmp):
    with tarfile.open(os.path.join(CORPORA, "officedocs-support.tar.gz")) as t:
        t.extractall(tmp)
    site = os.path.join(tmp, "officedocs-support")
    found = check(site, "--no-config")
    for f in found:
        if f["line"] <= 1 or f["rule"].startswith("link-"):
            continue
        line = line_of(site, f)
        m = re.match(r"\s*(?:>\s*)*(:::.*)$", line)
        if not m:
            continue
        start = len(line) - len(m.group(1))
        end = line.find(":::", start + 3)
        end = len(line) if end < 0 else end + 3
        assert not (start <= f["column"] - 1 < end), (f, line)
    tabs = 0
    for f in found:
        if f["rule"] != "link-missing-anchor" or "'#tab/" not in f["message"]:
            continue
        tab = re.search(r"'#(tab/[^']*)'", f["message"]).group(1)
        with open(os.path.join(site, f["file"]), encoding="utf-8", errors="replace") as fh:
            assert "](#%s)" % tab not in fh.read(), f
        tabs += 1
    print("officedocs-support: no finding inside a ':::' directive; %d '#tab/' anchors missing" % tabs)


def main():
    for name in ("hugo-docs.tar.gz", "officedocs-support.tar.gz"):
        kbtest.shared("corpora", name)
    with tempfile.TemporaryDirectory() as tmp:
        hugo(tmp)
    with tempfile.TemporaryDirectory() as tmp:
        officedocs(tmp)
    return 0


if __name__ == "__main__":
    kbtest.main(main)
