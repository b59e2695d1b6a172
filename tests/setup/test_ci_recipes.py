#!/usr/bin/python3
"""The install recipes in the docs cannot drift from scripts/setup, which holds the one list of
packages kblint needs: every recipe (a code block that clones kblint and runs `meson install`)
in docs/*.md calls scripts/setup before it installs, and installs no package of its own but
git; a recipe that names packages instead of calling it must name exactly scripts/setup's.
KBLINT_SOURCE_ROOT names the source tree. Debian's /usr/bin/python3, standard library only."""
import glob
import os
import re
import shlex
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kbtest import ROOT  # noqa: E402  (tests/support)
# what a recipe may install itself: the tool that fetches kblint's source
FETCH = {"git"}
# the recipes the docs must keep, by file and section
EXPECTED = {("ci.md", "Installing kblint on a runner"), ("ci.md", "GitHub Actions"),
            ("ci.md", "GitLab CI"), ("audit.md", "Running it every week")}


def setup_packages():
    with open(os.path.join(ROOT, "scripts", "setup"), encoding="utf-8") as f:
        m = re.search(r'^packages="([^"]*)"$', f.read(), re.M)
    return set(m.group(1).split())


def recipes():
    """(file name, section heading, code block) of every recipe in docs/*.md."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "docs", "*.md"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        section = None
        for m in re.finditer(r"^(#{1,4}) ([^\n]*)$|^```[a-z]*\n(.*?)^```$", text, re.M | re.S):
            if m.group(2) is not None:
                section = m.group(2)
            elif "git clone" in m.group(3) and "meson install" in m.group(3):
                out.append((os.path.basename(path), section, m.group(3)))
    return out


def apt_packages(block):
    """The packages that the `apt-get install` commands of a shell or YAML block name."""
    text = re.sub(r"\\\n", " ", block)
    pkgs = set()
    for line in text.splitlines():
        line = re.sub(r"^\s*- ", "", line)  # a YAML list item
        for cmd in re.split(r"&&|;|\|\|", line.split(" #")[0]):
            words = shlex.split(cmd)
            if "apt-get" in words and "install" in words:
                rest = words[words.index("install") + 1:]
                pkgs |= {w for w in rest if not w.startswith("-")}
    return pkgs


class Recipes(unittest.TestCase):
    def test_every_recipe_uses_scripts_setup(self):
        found = recipes()
        self.assertTrue(EXPECTED <= {(name, section) for name, section, _ in found},
                        "recipes found: %s" % [(n, s) for n, s, _ in found])
        want = setup_packages()
        for name, section, block in found:
            where = "%s, %s" % (name, section)
            pkgs = apt_packages(block)
            if re.search(r"(^|[\s/\"])scripts/setup\b", block):
                self.assertLess(block.index("scripts/setup"), block.index("meson install"), where)
                self.assertEqual(pkgs - FETCH, set(), "%s calls scripts/setup but installs "
                                 "packages of its own" % where)
            else:
                self.assertEqual(pkgs - FETCH, want, "%s: not the packages of scripts/setup"
                                 % where)

    def test_parser(self):
        """The checks above see what apt-get installs, in every form the docs use."""
        self.assertEqual(apt_packages("sudo apt-get update -qq && sudo apt-get install -y "
                                      "-qq git\n"), {"git"})
        self.assertEqual(apt_packages("    - apt-get install -y -qq gcc \\\n  meson  # tools\n"
                                      "    - meson install -C b\n"), {"gcc", "meson"})
        self.assertIn("libcurl4-openssl-dev", setup_packages())


if __name__ == "__main__":
    unittest.main(verbosity=2)
