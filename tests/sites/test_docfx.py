#!/usr/bin/python3
"""docfx / Microsoft Learn detection, on the fixture repository fixtures/sites/docfx (a publish
config naming two docsets, Outlook/ and Teams/, each with its docfx.json; a redirection file;
includes/ folders; files docfx.json excludes or does not name).

The findings of a check of the repository and of one docset must equal the golden files
tests/sites/docfx-root.out and docfx-outlook.out (as "file:line: rule (owner)" lines), and:
- only the files docfx.json's content names are checked (not includes/, not excluded, not
  resources, not files outside every docset);
- links match files whatever their case (Microsoft Learn's URLs do);
- owners come from fileMetadata (the last glob that matches wins), globalMetadata, or the
  article's own front matter, which wins over both;
- a link to a file the redirection file redirects is no missing file (once links follow
  'redirects': checked when a redirect written in .kblint.yaml is followed, skipped otherwise);
- .kblint.yaml overrides what docfx.json says ('site: none', 'include'), and a docfx.json that
  is not JSON stops the check with its position (exit 2).
"""
import json
import os
import shutil
import sys
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

FIXTURE = os.path.join(ROOT, "fixtures", "sites", "docfx")
HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-25"
# the links to redirected files: no finding once links follow redirects
REDIRECTED = {("Outlook/Client/article.md", 9), ("Teams/article.md", 8), ("Client/article.md", 9)}

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL: " + what)


def findings(cwd, path):
    p = kbtest.run(["check", "--today", TODAY, "--format", "json", path], cwd, timeout=120)
    check(p.returncode in (0, 1) and not p.stderr, "check %s: exit %d %s" % (path, p.returncode, p.stderr))
    return json.loads(p.stdout) if p.stdout else {"findings": [], "files_checked": 0}


def checked(cwd, path):
    p = kbtest.run(["check", "--today", TODAY, "--format", "checkstyle", path], cwd, timeout=120)
    return sorted(f.get("name") for f in ET.fromstring(p.stdout).iter("file"))


def golden(doc, name):
    lines = []
    for f in doc["findings"]:
        if (f["file"], f["line"]) in REDIRECTED and f["rule"].startswith("link-"):
            continue  # asserted below, when links follow redirects
        lines.append("%s:%d: %s (%s)\n" % (f["file"], f["line"], f["rule"], f.get("owner")))
    got = "".join(lines)
    path = os.path.join(HERE, name)
    if "--update" in sys.argv:
        open(path, "w").write(got)
        return
    want = open(path).read()
    check(got == want, "%s differs:\n--- expected\n%s--- got\n%s" % (name, want, got))


def redirects_followed():
    """Whether links follow 'redirects' (the resolver's part): a redirect written in
    .kblint.yaml stops a missing-file finding."""
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, ".git"))
        open(os.path.join(tmp, ".kblint.yaml"), "w").write("site: none\nredirects:\n  old.md: /new\n")
        open(os.path.join(tmp, "a.md"), "w").write("# A\n\n[old](old.md)\n")
        doc = findings(tmp, ".")
        return not any(f["rule"] == "link-missing-file" for f in doc["findings"])


def main():
    follow = redirects_followed()
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.join(tmp, "docfx")
        shutil.copytree(FIXTURE, repo)
        os.mkdir(os.path.join(repo, ".git"))  # the repository's top: detection stops here

        # the whole repository: both docsets
        doc = findings(repo, ".")
        golden(doc, "docfx-root.out")
        files = checked(repo, ".")
        check(files == ["Outlook/Client/article.md", "Outlook/Client/special/by-glob.md",
                        "Outlook/Client/special/own-author.md", "Teams/article.md"],
              "checked files of the repository: %s" % files)
        owners = {f["file"]: f.get("owner") for f in doc["findings"] if f["rule"] == "review-overdue"}
        check(owners.get("Outlook/Client/article.md") == "alice", "owner from fileMetadata: %s" % owners)
        check(owners.get("Outlook/Client/special/by-glob.md") == "bob", "last fileMetadata glob wins: %s" % owners)
        check(owners.get("Outlook/Client/special/own-author.md") == "carol", "front matter wins: %s" % owners)
        check(owners.get("Teams/article.md") == "teams-owner", "owner from globalMetadata: %s" % owners)
        check(not any("includes/" in f["file"] for f in doc["findings"]), "a file in includes/ has findings")
        check(any(f["file"] == "Outlook/Client/article.md" and f["line"] == 10 and
                  f["rule"] == "link-missing-file" for f in doc["findings"]),
              "a link to a file that is neither there nor redirected is missing")
        check(not any(f["file"] == "Outlook/Client/special/by-glob.md" and f["rule"].startswith("link-missing")
                      for f in doc["findings"]), "a link in another case than the file's is reported")
        if follow:
            for f in doc["findings"]:
                check(not ((f["file"], f["line"]) in REDIRECTED and f["rule"] == "link-missing-file"),
                      "a link to a redirected file is reported missing: %s" % f["message"])
        else:
            print("SKIP (redirects): links do not follow 'redirects' in this build yet")

        # one docset: its docfx.json, and the repository's redirects one level up
        doc = findings(os.path.join(repo, "Outlook"), ".")
        golden(doc, "docfx-outlook.out")
        files = checked(repo, "Outlook")
        check(files == ["Outlook/Client/article.md", "Outlook/Client/special/by-glob.md",
                        "Outlook/Client/special/own-author.md"], "checked files of Outlook/: %s" % files)
        if follow:
            check(not any(f["line"] == 9 and f["rule"] == "link-missing-file" for f in doc["findings"]),
                  "Outlook/: the repository's redirect of Outlook/Client/old-article.md is not followed")

        # .kblint.yaml wins: site: none checks every Markdown file
        cfg = os.path.join(repo, ".kblint.yaml")
        open(cfg, "w").write("site: none\n")
        doc = findings(repo, ".")
        check(doc["files_checked"] == 11, "site: none checks %d files, not 11" % doc["files_checked"])
        # ... and its include replaces the content globs (docfx's excludes still apply)
        open(cfg, "w").write("include: ['Outlook/**/*.md']\n")
        files = checked(repo, ".")
        check(files == ["Outlook/Client/article.md", "Outlook/Client/special/by-glob.md",
                        "Outlook/Client/special/own-author.md", "Outlook/Notes/resource-only.md"],
              "include from .kblint.yaml: %s" % files)
        os.remove(cfg)

        # a docfx.json that is not JSON: exit 2, its position named
        open(os.path.join(repo, "Teams", "docfx.json"), "w").write('{"build": {"content": [ }\n')
        p = kbtest.run(["check", "--today", TODAY, "."], repo, timeout=120)
        check(p.returncode == 2 and p.stderr.startswith("Teams/docfx.json:1:25: error: cannot read this docfx file:"),
              "broken docfx.json: exit %d, %r" % (p.returncode, p.stderr))

        # a lone docfx.json (no publish config): its folder is the site; "files" as one string
        # with a brace group, src given as cwd
        lone = os.path.join(tmp, "lone")
        os.makedirs(os.path.join(lone, "docs", "includes"))
        os.mkdir(os.path.join(lone, ".git"))
        json.dump({"build": {"content": [{"files": "**/*.{md,yml}", "cwd": "docs", "exclude": "skip.md"},
                                         {"files": ["extra/**.md", "other/x**y.md"]}],
                             "globalMetadata": {"ms.author": "lone-owner"}}},
                  open(os.path.join(lone, "docfx.json"), "w"))
        for d in ("extra/deep", "other/sub"):
            os.makedirs(os.path.join(lone, d))
        # "extra/**.md" is docfx's "extra/**/*.md"; "x**y.md" inside a name is "x*y.md"
        for name in ("docs/a.md", "docs/skip.md", "docs/includes/b.md", "top.md", "extra/deep/d.md",
                     "other/xaby.md", "other/sub/xy.md"):
            open(os.path.join(lone, name), "w").write("---\nms.date: 2020-01-01\n---\n\n# T\n")
        open(os.path.join(lone, "docs", "sub.md"), "w").write("---\nms.date: 2020-01-01\n---\n\n# S\n")
        files = checked(lone, ".")
        check(files == ["docs/a.md", "docs/sub.md", "extra/deep/d.md", "other/xaby.md"],
              "lone docfx.json: %s" % files)
        doc = findings(lone, ".")
        check({f.get("owner") for f in doc["findings"]} == {"lone-owner"}, "lone docfx.json owners")
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
