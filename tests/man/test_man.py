#!/usr/bin/python3
"""The manual page (docs/kblint.1) cannot drift from the program: every long option that
`kblint COMMAND --help` prints, and every command of the usage, is in it; the entries of each
OPTIONS OF section are that command's --help lines, in order; every option it documents
exists; its version is kblint's; groff reads it without a warning (when groff is installed);
`meson install` installs it. The kblint commands in docs/ci.md use only options
that exist."""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

COMMANDS = ["check", "rules", "explain", "verify", "facts", "audit", "export", "init", "lsp"]
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*[a-z]")


def read(*parts):
    with open(os.path.join(ROOT, *parts), encoding="utf-8") as f:
        return f.read()


def kblint(*args):
    p = kbtest.run(args)
    if p.returncode != 0:
        raise AssertionError("kblint %s: exit %d\n%s" % (" ".join(args), p.returncode, p.stderr))
    return p.stdout


def plain(roff):
    """The page's text with roff's escapes taken off: \\- is -, fonts and comments go."""
    text = re.sub(r'^\.\\".*$', "", roff, flags=re.M)
    text = text.replace("\\-", "-").replace("\\(em", "--").replace("\\&", "")
    text = re.sub(r"\\f[BIRP]|\\f\(..", "", text)
    return text


class ManPage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.roff = read("docs", "kblint.1")
        cls.text = plain(cls.roff)
        cls.help = {c: kblint(c, "--help") for c in COMMANDS}

    def test_every_option_of_every_help(self):
        for cmd, text in self.help.items():
            options = set(OPTION.findall(text))
            self.assertIn("--help", options)
            for opt in sorted(options):
                self.assertRegex(self.text, r"(?<![\w-])%s(?![\w-])" % re.escape(opt),
                                 "'kblint %s --help' prints %s, the man page lacks it" % (cmd, opt))

    def test_every_option_has_an_entry(self):
        # each option of a command is a .TP entry in the section of that command
        sections = dict(re.findall(r"^\.SH (OPTIONS OF [A-Z ]+)\n(.*?)(?=^\.SH )", self.roff, re.S | re.M))
        where = {"check": "OPTIONS OF CHECK", "rules": "OPTIONS OF RULES AND EXPLAIN",
                 "explain": "OPTIONS OF RULES AND EXPLAIN", "verify": "OPTIONS OF VERIFY",
                 "facts": "OPTIONS OF FACTS", "audit": "OPTIONS OF AUDIT",
                 "export": "OPTIONS OF EXPORT", "lsp": "OPTIONS OF LSP",
                 "init": "OPTIONS OF CHECK"}  # init has no option but --help
        for cmd, text in self.help.items():
            self.assertIn(where[cmd], sections)
            entries = re.findall(r"^\.TP\n(.*)$", sections[where[cmd]], re.M)
            documented = set(OPTION.findall(plain("\n".join(entries))))
            own = text.split("\noptions:\n", 1)[1]  # the usage of every command comes first
            for opt in set(OPTION.findall(own)) - {"--help"}:
                self.assertIn(opt, documented, "%s of %s has no .TP entry in %s" % (opt, cmd, where[cmd]))

    def test_entries_are_the_help_lines(self):
        # each section's .TP entries are, in order, the option lines of its commands' --help
        # ("-c, --config FILE"): names, short letters and value names cannot drift from the
        # option table kblint's --help is made from (src/cli/options.def, src/cli/commands.c)
        sections = dict(re.findall(r"^\.SH OPTIONS OF ([A-Z ]+)\n(.*?)(?=^\.SH )", self.roff, re.S | re.M))
        where = {"CHECK": ["check"], "RULES AND EXPLAIN": ["rules", "explain"],
                 "VERIFY": ["verify"], "FACTS": ["facts"], "AUDIT": ["audit"], "EXPORT": ["export"],
                 "LSP": ["lsp"]}
        self.assertEqual(sorted(sections), sorted(where))
        for section, cmds in where.items():
            want = []
            for cmd in cmds:
                own = self.help[cmd].split("\noptions:\n", 1)[1]
                column = len(re.search(r"^  -h, --help +", own, re.M).group(0))  # texts start
                for line in own.splitlines():
                    if re.match(r"  -[a-z], --|      --", line):
                        # the text follows on the line, or the option stands alone
                        alone = len(line) < column or line[column - 1] != " "
                        label = line.strip() if alone else line[:column].strip()
                        if label != "-h, --help" and label not in want:
                            want.append(label)
            got = []
            for entry in re.findall(r"^\.TP\n(\.B[IR]? .*)$", sections[section], re.M):
                words = re.findall(r'"([^"]*)"|(\S+)', plain(entry).split(" ", 1)[1])
                label = "".join(q or w for q, w in words)
                if label != "-h, --help":
                    got.append(label)
            self.assertEqual(got, want, "OPTIONS OF %s" % section)

    def test_every_documented_option_exists(self):
        known = set()
        for text in self.help.values():
            known |= set(OPTION.findall(text))
        known |= {"--version"}
        documented = set(OPTION.findall(self.text))
        self.assertEqual(sorted(documented - known), [])

    def test_every_command(self):
        usage = self.help["check"].split("\n\n")[0]
        commands = set(re.findall(r"kblint (?:\[)?([a-z]+)", usage))
        self.assertEqual(commands, set(COMMANDS))
        synopsis = re.search(r"^\.SH SYNOPSIS\n(.*?)^\.SH ", self.roff, re.S | re.M).group(1)
        body = re.search(r"^\.SH COMMANDS\n(.*?)^\.SH ", self.roff, re.S | re.M).group(1)
        for cmd in commands:
            self.assertIn(cmd, plain(synopsis), cmd)
            self.assertRegex(body, re.compile(r"^\.TP\n\.B %s\n" % cmd, re.M),
                             "no entry for %s under COMMANDS" % cmd)

    def test_version(self):
        version = kblint("--version").split()[1]
        self.assertRegex(self.roff, re.compile(r'^\.TH KBLINT 1 "[^"]*" "kblint %s"'
                                               % re.escape(version), re.M))

    def test_groff_reads_it(self):
        groff = shutil.which("groff")
        if not groff:
            print("SKIP groff check: groff is not installed")
            return
        p = subprocess.run([groff, "-man", "-Tutf8", "-ww", "-z", os.path.join(ROOT, "docs", "kblint.1")],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual((p.returncode, p.stderr), (0, ""))

    def test_installed(self):
        meson = shutil.which("meson")
        if not meson:
            print("SKIP install check: meson is not on PATH")
            return
        build = os.path.dirname(KBLINT)
        with tempfile.TemporaryDirectory() as dest:
            p = subprocess.run([meson, "install", "-C", build, "--no-rebuild", "--quiet", "--destdir", dest],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stdout + p.stderr)
            found = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
            pages = [f for f in found if f.endswith("/man1/kblint.1")]
            self.assertEqual(len(pages), 1, found)
            with open(pages[0], encoding="utf-8") as f:
                self.assertEqual(f.read(), self.roff)

    def test_ci_docs_use_real_options(self):
        known = set()
        for text in self.help.values():
            known |= set(OPTION.findall(text))
        ci = read("docs", "ci.md")
        used = set()
        for line in ci.splitlines():
            # "kblint check ...", also as vim writes it ("kblint\\ check\\ --quiet")
            for m in re.finditer(r"(?<![\w/.-])kblint(?:\\? )check\b(.*)", line):
                used |= set(OPTION.findall(m.group(1)))
        self.assertGreaterEqual(len(used), 8)
        self.assertEqual(sorted(used - known), [])
        formats = set(re.findall(r"--format ([a-z]+)", ci))
        self.assertEqual(formats, {"github", "markdown", "sarif", "junit", "gitlab", "checkstyle"})
        listed = re.search(r"--format FORMAT\s+(.*?)\n\s+-", self.help["check"], re.S).group(1)
        for f in formats:
            self.assertIn(f, listed)


if __name__ == "__main__":
    unittest.main(verbosity=2)
