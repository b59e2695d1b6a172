#!/usr/bin/python3
"""Shell completions (completions/): `meson install` puts them where bash-completion, zsh and fish
look, and they cannot drift from the program. The installed bash completion, sourced in a plain
bash (no bash-completion package) with COMP_WORDS and COMP_CWORD set, completes the commands,
exactly the long options each command's --help prints, the values of --format (per command),
--fail-on, --min-severity, --column-unit and --send as kblint's own error messages list them,
rule ids for `explain` and file names. fish's completion is run too (`complete -C`), zsh's is
checked per command, and both must parse; they are skipped with a message when the shell is not
installed (.ci/run installs them)."""
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

BUILD = os.path.dirname(KBLINT)
COMMANDS = ["check", "rules", "explain", "verify", "facts", "audit", "export", "init"]
INSTALLED = {"bash": "share/bash-completion/completions/kblint",
             "zsh": "share/zsh/site-functions/_kblint",
             "fish": "share/fish/vendor_completions.d/kblint.fish"}
SOURCES = {"bash": "kblint.bash", "zsh": "_kblint", "fish": "kblint.fish"}
OPTION_LINE = re.compile(r"^  (?:-\w, |    )(--[a-z0-9-]+(?:, --[a-z0-9-]+)*)", re.M)


def help_options(cmd):
    """The long options `kblint CMD --help` lists under 'options:'."""
    p = kbtest.run([cmd, "--help"], timeout=30)
    text = p.stdout[p.stdout.index("\noptions:\n"):]
    opts = set()
    for m in OPTION_LINE.finditer(text):
        opts |= set(m.group(1).split(", "))
    return opts


def listed_values(*args):
    """The values kblint's error message for a bad value lists ('expected one of: a, b', 'must
    be one of a, b, not', 'must be a or b, not')."""
    p = kbtest.run(args, cwd=tempfile.gettempdir(), timeout=30)
    m = re.search(r"(?:expected one of: |must be one of |must be )(.*?)(?:\)|, not ')", p.stderr)
    assert m, p.stderr
    return set(re.split(r", | or ", m.group(1)))


def bash_complete(script, words, cwd, path):
    """COMPREPLY of _kblint for the command line words (the last one being completed)."""
    arr = " ".join("'%s'" % w.replace("'", "'\\''") for w in words)
    code = ("source '%s' || exit 9; COMP_WORDS=(%s); COMP_CWORD=%d; COMP_LINE='%s'; COMPREPLY=();"
            " _kblint; printf '%%s\\n' \"${COMPREPLY[@]}\"" % (script, arr, len(words) - 1, " ".join(words)))
    p = subprocess.run(["bash", "--norc", "--noprofile", "-c", code], cwd=cwd, capture_output=True,
                       text=True, timeout=60, env=dict(os.environ, PATH=path))
    assert p.returncode == 0, (words, p.returncode, p.stderr)
    assert p.stderr == "", (words, p.stderr)
    return [l for l in p.stdout.split("\n") if l]


# zsh, interactive on a pseudo terminal, with the installed _kblint: every word a completion
# offers is printed after KBHIT: (compadd -O finds them and does the matching), and ^T completes
# then prints KBDONE, so each query is read to its end.
ZSH_SETUP = r"""fpath=(%s $fpath); autoload -Uz compinit; compinit -u -D
compadd() {
  if (( ${@[(I)-[OAD]*]} )); then builtin compadd "$@"; return; fi
  local -a kb_hits; builtin compadd -O kb_hits "$@"
  print -rn -- ${kb_hits/(#s)/$'\x1eKBHIT:'}; builtin compadd "$@"
}
_kb_done() { zle complete-word; print -rn -- $'\x1eKBDONE\x1e' }
zle -N _kb_done; bindkey '^T' _kb_done
echo KB''READY"""


class ZshSession:
    def __init__(self, zsh, fdir, cwd, path):
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            os.chdir(cwd)
            os.environ.update(PATH=path, TERM="xterm", PS1="%% ", HOME=cwd)
            os.execv(zsh, [zsh, "-f", "-i"])
        os.write(self.fd, (ZSH_SETUP % fdir).encode() + b"\n")
        out = self.read_until("KBREADY", 120)
        assert "KBREADY" in out, out

    def read_until(self, marker, timeout):
        out, end = "", time.time() + timeout
        while time.time() < end and marker not in out:
            r, _, _ = select.select([self.fd], [], [], 0.1)
            if r:
                try:
                    out += os.read(self.fd, 65536).decode("utf-8", "replace")
                except OSError:
                    break
        return out

    def complete(self, line):
        """The words zsh offers for line (being completed at its end)."""
        os.write(self.fd, line.encode() + b"\x14")
        out = self.read_until("KBDONE", 60)
        assert "KBDONE" in out, (line, out)
        os.write(self.fd, b"\x15")  # clear the line for the next query
        hits = re.findall(r"\x1eKBHIT:([^\x1e\x07\r\n]*)", out)
        return {re.sub(r"\\(.)", r"\1", h.strip()) for h in hits}

    def close(self):
        os.write(self.fd, b"exit\n")
        self.read_until("never", 2)
        os.close(self.fd)
        os.waitpid(self.pid, 0)


class Completions(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls._tmp = tempfile.TemporaryDirectory()
        dest = os.path.join(cls._tmp.name, "dest")
        p = subprocess.run([shutil.which("meson"), "install", "-C", BUILD, "--no-rebuild", "--quiet",
                            "--destdir", dest], capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr
        found = [os.path.join(d, f) for d, _, fs in os.walk(dest) for f in fs]
        cls.files = {}
        for shell, rel in INSTALLED.items():
            hits = [f for f in found if f.endswith("/" + rel)]
            assert len(hits) == 1, (rel, found)
            cls.files[shell] = hits[0]
        exe = [f for f in found if f.endswith("/bin/kblint")]
        cls.path = os.path.dirname(exe[0]) + os.pathsep + os.environ.get("PATH", "/usr/bin:/bin")
        # a folder with no config, with a file whose name holds a blank
        cls.work = os.path.join(cls._tmp.name, "work")
        os.makedirs(os.path.join(cls.work, "sub dir"))
        for name in ("with space.md", "other.md"):
            open(os.path.join(cls.work, name), "w").close()
        cls.help = {c: help_options(c) for c in COMMANDS}

    @classmethod
    def tearDownClass(cls):
        cls._tmp.cleanup()

    def bash(self, *words):
        return bash_complete(self.files["bash"], ["kblint", *words], self.work, self.path)

    def test_installed_where_shells_look(self):
        for shell, f in self.files.items():
            with open(f) as a, open(os.path.join(ROOT, "completions", SOURCES[shell])) as b:
                self.assertEqual(a.read(), b.read(), shell)

    def test_bash_commands(self):
        self.assertEqual(set(COMMANDS) - set(self.bash("")), set())
        self.assertEqual(self.bash("ch"), ["check"])
        self.assertEqual(self.bash("exp"), ["explain", "export"])

    def test_bash_options_of_every_command_are_those_of_its_help(self):
        for cmd in COMMANDS:
            self.assertGreater(len(self.help[cmd]), 0 if cmd == "init" else 2, cmd)
            self.assertEqual(set(self.bash(cmd, "--")), self.help[cmd], cmd)
        # no command named: check's, and --version
        self.assertEqual(set(self.bash("--")), self.help["check"] | {"--version"})
        self.assertEqual(set(self.bash("--no-c")), {"--no-config", "--no-color"})

    def test_bash_option_values(self):
        self.assertEqual(set(self.bash("--format", "")), listed_values("check", "--format", "x", "."))
        self.assertEqual(set(self.bash("check", "-f", "")), listed_values("check", "--format", "x", "."))
        self.assertEqual(set(self.bash("facts", "--format", "")), listed_values("facts", "--format", "x", "."))
        self.assertEqual(set(self.bash("audit", "-f", "")), listed_values("audit", "--format", "x", "."))
        self.assertEqual(self.bash("audit", "--format", "=", "h"), ["html"])  # --format=h
        self.assertEqual(set(self.bash("--fail-on", "")), listed_values("--fail-on", "x"))
        self.assertEqual(set(self.bash("--min-severity", "")), listed_values("--min-severity", "x"))
        self.assertEqual(set(self.bash("--column-unit", "")), listed_values("--column-unit", "x"))
        self.assertEqual(self.bash("--column-unit", "u"), ["utf-16"])
        self.assertEqual(set(self.bash("audit", "--send", "")), listed_values("audit", "--email", "--send", "x", "."))
        self.assertEqual(self.bash("verify", "--by", ""), [])

    def test_bash_rule_ids_for_explain(self):
        p = kbtest.run(["rules", "--no-config"], timeout=30)
        ids = [l.split()[0] for l in p.stdout.splitlines()[1:]]
        self.assertIn("placeholder-todo", ids)
        self.assertEqual(sorted(self.bash("explain", "")), sorted(ids))
        self.assertEqual(sorted(self.bash("explain", "placeholder-")),
                         sorted(i for i in ids if i.startswith("placeholder-")))

    def test_bash_paths(self):
        self.assertEqual(self.bash("check", "wi"), ["with space.md"])
        self.assertEqual(self.bash("wi"), ["with space.md"])
        self.assertEqual(sorted(self.bash("--config", "")), ["other.md", "sub dir", "with space.md"])
        self.assertEqual(self.bash("audit", "--out-dir", ""), ["sub dir"])
        self.assertEqual(self.bash("rules", ""), [])

    def test_fish(self):
        fish = shutil.which("fish")
        if not fish:
            self.skipTest("fish is not installed (apt-get install fish): kblint.fish is not checked")
        p = subprocess.run([fish, "-n", self.files["fish"]], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        for cmd in COMMANDS:
            line = "kblint %s --" % cmd
            p = subprocess.run([fish, "--no-config", "-c", "source %s; complete -C '%s'" % (self.files["fish"], line)],
                               capture_output=True, text=True, cwd=self.work, timeout=60,
                               env=dict(os.environ, PATH=self.path))
            got = {l.split("\t")[0] for l in p.stdout.splitlines()}
            want = self.help[cmd] | ({"--version"} if cmd == "check" else set())
            self.assertEqual(got, want, cmd)

    def test_zsh(self):
        zsh = shutil.which("zsh")
        if not zsh:
            self.skipTest("zsh is not installed (apt-get install zsh): _kblint is not checked")
        p = subprocess.run([zsh, "-n", self.files["zsh"]], capture_output=True, text=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(self.files["zsh"]) as f:
            text = f.read()
        common = set(re.findall(r"--[a-z0-9-]+", text[text.index("common=("):text.index("case $cmd in")]))
        for cmd in COMMANDS:
            branch = re.search(r"\n    \(%s\)\n(.*?)\n      ;;" % cmd, text, re.S).group(1)
            # init takes no config: its branch leaves out the common options
            got = (set() if cmd == "init" else common) | set(re.findall(r"(?<![\w-])--[a-z0-9-]+(?==|\[|\})", branch))
            want = self.help[cmd] | ({"--version"} if cmd == "check" else set())
            self.assertEqual(got, want, cmd)
        # and what it offers, in a zsh on a terminal
        z = ZshSession(zsh, os.path.dirname(self.files["zsh"]), self.work, self.path)
        try:
            for cmd in COMMANDS:
                want = self.help[cmd] | ({"--version"} if cmd == "check" else set())
                self.assertEqual(z.complete("kblint %s --" % cmd), want, cmd)
            self.assertEqual(z.complete("kblint --"), self.help["check"] | {"--version"})
            self.assertTrue(set(COMMANDS) <= z.complete("kblint "))
            self.assertEqual(z.complete("kblint --column-unit "), listed_values("--column-unit", "x"))
            self.assertEqual(z.complete("kblint audit -f "), listed_values("audit", "--format", "x", "."))
            self.assertEqual(z.complete("kblint --fail-on "), listed_values("--fail-on", "x"))
            self.assertEqual(z.complete("kblint explain placeholder-"),
                             {"placeholder-todo", "placeholder-template", "placeholder-in-comment"})
            self.assertEqual(z.complete("kblint check wi"), {"with space.md"})
        finally:
            z.close()


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
