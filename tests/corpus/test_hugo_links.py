#!/usr/bin/python3
"""Real-corpus test of the link resolver (docs/links.md) on Hugo's own documentation
(../shared/corpora/hugo-docs.tar.gz): with the site's link layout written in .kblint.yaml
(site-absolute links from content/en, pretty URLs, paths in any case as Hugo lower-cases them,
the glossary render hook's [term](g) ignored), every link of its 995 pages resolves except one
anchor the site's templates make (the glossary page's list of terms); links written in each
form Hugo serves resolve; and broken links of each form added to a page are reported. Skips
when ../shared is absent."""
import json
import os
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

CONFIG = """include: ['content/**/*.md']
links:
  root: content/en
  pretty_urls: true
  case_sensitive: false
  ignore: [g]
"""

# appended to content/en/about/features.md (served at /about/features/)
ADDED = """
Working: [pretty, relative](../../functions/time/format/#localization),
[any case](/Functions/Time/Format/), [from the content root](methods/page/date/),
[a source file](../getting-started/quick-start.md), [an alias](/extras/scratch/),
[a definition term](/configuration/all/#publishdir),
[an included heading](/methods/resource/process/#processing-specification).

Broken: [site-absolute](/methods/page/nonexistent/), [relative](../nonexistent/),
[source file](nonexistent.md), [anchor](/functions/time/format/#no-such-anchor).
"""

BROKEN = [
    ("link-missing-file", "link target '/methods/page/nonexistent/' does not exist"),
    ("link-missing-file", "link target '../nonexistent/' does not exist"),
    ("link-missing-file", "link target 'nonexistent.md' does not exist"),
    ("link-missing-anchor", "no heading or anchor '#no-such-anchor' in /functions/time/format/"),
]


def main():
    tarball = kbtest.shared("corpora", "hugo-docs.tar.gz")
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        site = os.path.join(tmp, "hugo-docs")
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write(CONFIG)
        page = os.path.join(site, "content", "en", "about", "features.md")
        with open(page, encoding="utf-8") as f:
            original = f.read()
        with open(page, "a", encoding="utf-8") as f:
            f.write(ADDED)
        added_from = original.count("\n") + 1
        p = kbtest.run(["check", "--format", "json", "--min-severity", "info", "."], cwd=site,
                       timeout=300)
        if p.returncode not in (0, 1):
            print("kblint failed (%d): %s" % (p.returncode, p.stderr))
            return 1
        findings = json.loads(p.stdout)["findings"]
        links = [f for f in findings if f["rule"] in ("link-missing-file", "link-missing-anchor")]
        added = [(f["rule"], f["message"]) for f in links
                 if f["file"] == "content/en/about/features.md" and f["line"] > added_from]
        rest = [f for f in links if not (f["file"] == "content/en/about/features.md"
                                         and f["line"] > added_from)]
        if added != BROKEN:
            failures.append("the added links: expected %r, got %r" % (BROKEN, added))
        known = [f for f in rest if f["message"] ==
                 "no heading or anchor '#sites-matrix' in /quick-reference/glossary/"]
        if len(known) != 1 or len(rest) != 1:
            failures.append("expected only the glossary's made anchor, got:\n  " + "\n  ".join(
                "%s:%d: %s" % (f["file"], f["line"], f["message"]) for f in rest))
        redirected = [f for f in findings if f["rule"] == "link-redirected"
                      and f["file"] == "content/en/about/features.md"]
        if len(redirected) != 1 or "'/extras/scratch/'" not in redirected[0]["message"]:
            failures.append("expected the alias /extras/scratch/ reported as redirected, got %r"
                            % [f["message"] for f in redirected])
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("hugo-docs: every link resolves but the glossary's made anchor; the added broken "
              "links are reported")
    return 1 if failures else 0


if __name__ == "__main__":
    kbtest.main(main)
