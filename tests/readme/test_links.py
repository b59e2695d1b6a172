#!/usr/bin/python3
"""Every relative Markdown link in README.md and docs/*.md resolves: [text](path#anchor) names a
file or folder of the repository, and #anchor is a heading of the target as GitHub slugs it (or
an explicit id). Links inside code spans and code blocks are not links. Standard library only."""
import glob
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kbtest import ROOT  # noqa: E402  (tests/support)

FENCE = re.compile(r"^ {0,3}(```|~~~)")
LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def pages():
    return [os.path.join(ROOT, "README.md")] + sorted(glob.glob(os.path.join(ROOT, "docs", "*.md")))


def prose_lines(text):
    """(line number, line with code spans blanked) of the lines outside fenced code blocks."""
    fence = None
    for n, line in enumerate(text.split("\n"), 1):
        m = FENCE.match(line)
        if m:
            if fence is None:
                fence = m.group(1)
                continue
            if line.strip().startswith(fence):
                fence = None
                continue
        if fence is None:
            yield n, CODE_SPAN.sub(lambda s: " " * len(s.group(0)), line)


def slug(heading):
    """GitHub's anchor for a heading: lower case, markup and punctuation dropped, spaces as -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link's text
    text = text.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    seen = {}
    out = set()
    for _, line in prose_lines(text):
        m = re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if m:
            # code spans were blanked in prose_lines; take the heading as written
            s = slug(re.match(r"^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$", text.split("\n")[_ - 1]).group(1))
            k = seen.get(s, 0)
            seen[s] = k + 1
            out.add(s if k == 0 else "%s-%d" % (s, k))
        for m in re.finditer(r"<a\s+(?:id|name)=\"([^\"]+)\"", line):
            out.add(m.group(1))
    return out


def links(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for n, line in prose_lines(text):
        for m in LINK.finditer(line):
            yield n, m.group(1)


class Links(unittest.TestCase):
    def test_slug(self):
        self.assertEqual(slug("Configuration: `.kblint.yaml`"), "configuration-kblintyaml")
        self.assertEqual(slug("Only what a change touched: --changed-since"),
                         "only-what-a-change-touched---changed-since")
        self.assertEqual(slug("Recording a review: kblint verify"), "recording-a-review-kblint-verify")
        self.assertEqual(slug("valid_until"), "valid_until")

    def test_every_relative_link_resolves(self):
        cache = {}
        broken = []
        count = 0
        for page in pages():
            for n, url in links(page):
                if not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith("//"):
                    continue  # https:, mailto: ...
                if url in ("...", "\u2026"):
                    continue  # a link shown as an example in a sentence: "[the pricing page](...)"
                count += 1
                path, _, frag = url.partition("#")
                target = os.path.normpath(os.path.join(os.path.dirname(page), path)) if path else page
                where = "%s:%d: %s" % (os.path.relpath(page, ROOT), n, url)
                if not os.path.realpath(target).startswith(os.path.realpath(ROOT) + os.sep):
                    broken.append(where + " (outside the repository)")
                    continue
                if not os.path.exists(target):
                    broken.append(where + " (no such file)")
                    continue
                if frag:
                    if not target.endswith(".md"):
                        broken.append(where + " (an anchor into a file that is not Markdown)")
                        continue
                    if target not in cache:
                        cache[target] = anchors(target)
                    if frag not in cache[target]:
                        broken.append(where + " (no heading with that anchor)")
        self.assertGreater(count, 100)
        self.assertEqual(broken, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
