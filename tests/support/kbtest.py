"""What the Python suites share: where kblint and the source tree are, running kblint, writing
files, and the shared corpora. Debian's /usr/bin/python3, standard library only.

A suite imports it as tests/hostile and tests/verify import unprivileged.py:

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
    import kbtest  # noqa: E402  (tests/support)

meson runs every suite with KBLINT (the binary under test) and KBLINT_SOURCE_ROOT (the source
tree) in the environment and the build folder as the working folder; run by hand from the source
tree, the defaults below find the same files."""
import os
import subprocess
import sys
import unittest

import unprivileged

# the source tree: KBLINT_SOURCE_ROOT, or the folder two above this one (tests/support)
ROOT = os.environ.get("KBLINT_SOURCE_ROOT",
                      os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# the binary under test, as an absolute path so that a test may run it from any folder
KBLINT = os.path.abspath(os.environ.get("KBLINT", "build/kblint"))
# meson's exit status for a skipped test
SKIP = 77


def run(args, cwd=None, env=None, stdin=None, timeout=60, color=False, binary=False, user=None):
    """Runs kblint with args (a list, without the program) in cwd and returns the
    subprocess.CompletedProcess: returncode, stdout and stderr, as UTF-8 text (bytes when
    binary). Text mode, as subprocess's, reads CRLF and CR as LF; binary keeps every byte.
    env: variables set over this process's environment; a value of None removes that variable.
    stdin: text (bytes when binary) given on standard input, subprocess.DEVNULL, or None to
    inherit this process's. timeout: seconds (None: no limit); a longer run raises
    subprocess.TimeoutExpired. color: False sets NO_COLOR=1; True removes NO_COLOR, so that only
    kblint's own rules (a terminal, TERM, --color) decide; output to a pipe is never coloured
    either way unless --color is given. user: None, or an unprivileged.Nobody whose copy of
    kblint is run as nobody."""
    e = dict(os.environ)
    e["NO_COLOR"] = None if color else "1"
    e.update(env or {})
    e = {k: v for k, v in e.items() if v is not None}
    given = {"stdin": stdin} if stdin == subprocess.DEVNULL else {"input": stdin}
    return subprocess.run([user.kblint if user else KBLINT, *args], cwd=cwd, env=e,
                          capture_output=True, timeout=timeout,
                          preexec_fn=unprivileged.demote(user.user) if user else None,
                          **given, **({} if binary else {"encoding": "utf-8"}))


def only(env):
    """For run()'s env: env as the whole environment, every other variable of this process's
    removed (a suite that runs kblint and git in an environment of its own)."""
    return {**dict.fromkeys(os.environ), **env}


def write(root, rel, text):
    """Writes text to root/rel as UTF-8, every character as it is (no line-end translation),
    making the folders on the way; returns the path."""
    path = os.path.join(root, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    return path


def shared(*parts):
    """The path of ../shared/PARTS beside the source tree (shared("corpora", "x.tar.gz")).
    Raises unittest.SkipTest, saying so, when it is missing: a unittest test is skipped, a
    script run by main() exits as skipped."""
    path = os.path.join(ROOT, "..", "shared", *parts)
    if not os.path.exists(path):
        raise unittest.SkipTest("%s is missing (the shared corpora are not beside this checkout)"
                                % path)
    return path


def main(script):
    """Runs a suite that is a plain script rather than a unittest: exits with what script()
    returns; a unittest.SkipTest (from shared()) prints "SKIP: " and the reason and exits SKIP."""
    try:
        status = script()
    except unittest.SkipTest as e:
        print("SKIP: %s" % e)
        status = SKIP
    sys.exit(status)
