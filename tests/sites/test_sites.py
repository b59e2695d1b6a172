#!/usr/bin/python3
"""The fixture sites of fixtures/sites/ (Hugo, Jekyll, MkDocs, Docusaurus), checked with no
.kblint.yaml: the output must equal tests/sites/NAME.out (golden; KBLINT_UPDATE=1 rewrites it),
which shows the pages each generator publishes (drafts, fragments, partials, excluded files
hold a TODO that would be reported if they were checked). Also: a mkdocs.yml that is not YAML
is a warning at file:line and the check goes on with MkDocs' defaults; 'site: none' and
'include' in .kblint.yaml override what a generator detects."""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SITES = os.path.join(ROOT, "fixtures", "sites")
HERE = os.path.dirname(os.path.abspath(__file__))
fails = 0


def fail(msg):
    global fails
    fails += 1
    print("FAIL:", msg)


def run(cwd, *args):
    """kblint check on the folder cwd, on the fixture sites' day."""
    return kbtest.run(["check", "--today", "2026-02-01", *args, "."], cwd=cwd)


def golden():
    for name in ("hugo", "jekyll", "mkdocs", "docusaurus"):
        out = run(os.path.join(SITES, name))
        got = "exit %d\n%s" % (out.returncode, out.stdout)
        path = os.path.join(HERE, name + ".out")
        if os.environ.get("KBLINT_UPDATE"):
            with open(path, "w") as f:
                f.write(got)
        with open(path) as f:
            want = f.read()
        if got != want:
            fail("%s: output differs from %s:\n%s" % (name, path, got))
        if out.stderr:
            fail("%s: unexpected stderr: %s" % (name, out.stderr))


def broken_mkdocs():
    with tempfile.TemporaryDirectory() as tmp:
        os.mkdir(os.path.join(tmp, ".git"))
        os.mkdir(os.path.join(tmp, "docs"))
        with open(os.path.join(tmp, "mkdocs.yml"), "w") as f:
            f.write("site_name: Broken\nnav:\n  - Home: index.md\n   - bad: [\n")
        with open(os.path.join(tmp, "docs", "index.md"), "w") as f:
            f.write("---\nlast_reviewed: 2026-01-10\nowner: me\n---\nTODO: checked.\n")
        with open(os.path.join(tmp, "stray.md"), "w") as f:
            f.write("---\n---\nTODO: outside docs_dir.\n")
        out = run(tmp)
        if "mkdocs.yml:4: warning: not valid YAML" not in out.stderr:
            fail("broken mkdocs.yml: no warning at mkdocs.yml:4: %r" % out.stderr)
        if out.returncode != 1 or "docs/index.md:5:1: error: placeholder 'TODO'" not in out.stdout:
            fail("broken mkdocs.yml: docs/index.md not checked (exit %d): %s"
                 % (out.returncode, out.stdout))
        if "stray.md" in out.stdout:
            fail("broken mkdocs.yml: a file outside the default docs_dir was checked")


def overrides():
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "hugo")
        shutil.copytree(os.path.join(SITES, "hugo"), site)
        os.mkdir(os.path.join(site, ".git"))
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write("site: none\n")
        out = run(site)
        if "content/guide/draft.md" not in out.stdout or "content/_common/snippet.md" not in out.stdout:
            fail("site: none: every Markdown file should be checked: %s" % out.stdout)
        with open(os.path.join(site, ".kblint.yaml"), "w") as f:
            f.write("include: ['content/guide/*.md']\n")
        out = run(site)
        if "content/guide/draft.md" in out.stdout or "in 3 files" not in out.stdout:
            fail("include set in .kblint.yaml: the generator's include and page set must "
                 "still apply only where unset: %s" % out.stdout)


def toml_front_matter():
    """Hugo's TOML front matter is read (the golden shows its date and owner); kblint verify
    refuses to edit it rather than write YAML into TOML."""
    with tempfile.TemporaryDirectory() as tmp:
        site = os.path.join(tmp, "hugo")
        shutil.copytree(os.path.join(SITES, "hugo"), site)
        os.mkdir(os.path.join(site, ".git"))
        path = os.path.join(site, "content", "guide", "toml.md")
        with open(path) as f:
            before = f.read()
        out = kbtest.run(["verify", "content/guide/toml.md"], cwd=site)
        want = "content/guide/toml.md:1:1: error: TOML front matter ('+++') is not edited"
        if out.returncode != 1 or want not in out.stderr:
            fail("verify on TOML front matter: exit %d, %r" % (out.returncode, out.stderr))
        with open(path) as f:
            if f.read() != before:
                fail("verify changed a TOML front matter page")


golden()
toml_front_matter()
broken_mkdocs()
overrides()
print("%s: %d failures" % (os.path.basename(__file__), fails))
sys.exit(1 if fails else 0)
