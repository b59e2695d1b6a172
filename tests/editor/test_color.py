#!/usr/bin/python3
"""Colour in the text report (docs/usage.md, Options of check): on when stdout is a terminal, off when
NO_COLOR is set and not empty (an empty NO_COLOR does not count, as no-color.org says) or TERM is
dumb; --color and --no-color decide whatever the environment says. kblint runs on a pseudo
terminal here, since colour is only on for a terminal. KBLINT names the binary under test."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

ARTICLE = os.path.join(ROOT, "fixtures", "sample-kb", "billing", "refunds.md")
ESC = b"\033["


def run_on_tty(args, env_over, unset=()):
    """kblint's stdout on a pseudo terminal: returns (exit status, bytes written)."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM") and k not in unset}
    env["TERM"] = "xterm"
    env.update(env_over)
    for k in unset:
        env.pop(k, None)
    master, slave = os.openpty()
    try:
        p = subprocess.Popen([KBLINT, *args], stdout=slave, stderr=subprocess.PIPE,
                             stdin=subprocess.DEVNULL, env=env)
        os.close(slave)
        slave = -1
        out = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the terminal's other side closed
                break
            if not chunk:
                break
            out += chunk
        p.stderr.read()
        p.stderr.close()
        return p.wait(timeout=60), out
    finally:
        os.close(master)
        if slave >= 0:
            os.close(slave)


class Colour(unittest.TestCase):
    def check(self, args, env, coloured, unset=()):
        code, out = run_on_tty(["check", "--quiet", *args, ARTICLE], env, unset)
        self.assertEqual(code, 1, out)
        self.assertIn(b"placeholder-todo", out)
        self.assertEqual(ESC in out, coloured, "%s %s: %r" % (args, env, out[:200]))

    def test_terminal_without_no_color_is_coloured(self):
        self.check([], {}, True, unset=("NO_COLOR",))

    def test_empty_no_color_keeps_colour(self):
        self.check([], {"NO_COLOR": ""}, True)

    def test_no_color_set_turns_it_off(self):
        self.check([], {"NO_COLOR": "1"}, False)

    def test_term_dumb_turns_it_off(self):
        self.check([], {"TERM": "dumb"}, False)

    def test_color_forces_it_on(self):
        self.check(["--color"], {"NO_COLOR": "1"}, True)
        self.check(["--color"], {"TERM": "dumb"}, True)

    def test_no_color_option_forces_it_off(self):
        self.check(["--no-color"], {}, False)

    def test_pipe_is_never_coloured(self):
        p = kbtest.run(["check", ARTICLE], env={"TERM": "xterm"}, color=True, binary=True)
        self.assertNotIn(ESC, p.stdout)


if __name__ == "__main__":
    r = unittest.main(exit=False, verbosity=2).result
    sys.exit(0 if r.wasSuccessful() else 1)
