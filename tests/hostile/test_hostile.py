#!/usr/bin/python3
"""Hostile inputs: files that are broken, huge, deep, looping, unreadable or vanishing, and
user regexes that backtrack forever. Each case asserts kblint's exact output and exit status,
that the other files of the same run are still checked, and that the run ends in bounded time
(and, for the YAML bombs, bounded memory).

Run by meson (env KBLINT = the binary; argv[1] = tests/atomic's failwrite shim, which can delete
a file just before kblint opens it). Debian's /usr/bin/python3, standard library only."""

import os
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import unprivileged  # noqa: E402  (tests/support)
from kbtest import KBLINT, ROOT  # noqa: E402

SHIM = None  # set from argv in __main__

TODAY = "2026-11-25"
FM = "---\nowner: docs\nlast_reviewed_on: 2026-11-01\n---\n"

# every run has this clean article beside the hostile one: its one finding proves it was checked,
# and as a warning it leaves the exit status to the hostile file
GOOD = FM + "# Good\n\nSee [the policy](http://example.com/policy).\n"
GOOD_OUT = ("good.md:7:5: warning: link uses plain http: 'http://example.com/policy'; use https "
            "[link-insecure-http]\n")

UTF16_MSG = "error: file is UTF-16; kblint reads UTF-8 (convert it with: iconv -f UTF-16 -t UTF-8)"
TODO = "error: placeholder 'TODO' must not reach customers [placeholder-todo]"


def summary(findings, files, errors, warnings, cats, failed, with_=None, skipped=0):
    """The text format's last lines: files is every file walked, of which failed could not be
    loaded and skipped (YAML) held no article; the rest were checked, and with_ (default: all
    of them) have findings."""
    parts = []
    if errors:
        parts.append("%d error%s" % (errors, "" if errors == 1 else "s"))
    if warnings:
        parts.append("%d warning%s" % (warnings, "" if warnings == 1 else "s"))
    checked = files - failed - skipped
    with_ = checked if with_ is None else with_
    counted = "%d of %d" % (with_, checked) if checked > with_ else "%d" % with_
    head = "%d finding%s in %s file%s: %s (%s)." % (
        findings, "" if findings == 1 else "s", counted, "" if max(with_, checked) == 1 else "s",
        ", ".join(parts), cats)
    tail = "\n%d file%s could not be checked.\n" % (failed, "" if failed == 1 else "s") \
        if failed else "\n"
    if skipped:
        tail += "Skipped %d YAML file%s that hold%s no article.\n" % (
            skipped, "" if skipped == 1 else "s", "s" if skipped == 1 else "")
    return "\n" + head + tail


class Result:
    def __init__(self, code, out, err, seconds, max_rss_kb):
        self.code, self.out, self.err = code, out, err
        self.seconds, self.max_rss_kb = seconds, max_rss_kb


def run(args, cwd, timeout=60, env=None, user=None):
    """Runs kblint; returns its status, output, time and peak memory (from wait4, so it is this
    child's own: why this suite does not use kbtest.run). A run that outlives timeout is killed
    and fails the test. user: None, or an unprivileged.Nobody whose copy of kblint is run as
    nobody."""
    full_env = dict(os.environ)
    full_env.update(env or {})
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        p = subprocess.Popen([user.kblint if user else KBLINT] + args, cwd=cwd, env=full_env,
                             stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             preexec_fn=unprivileged.demote(user.user) if user else None)
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                p.kill()
                os.wait4(p.pid, 0)
                p.returncode = -9  # so that Popen's finalizer does not wait again
                raise AssertionError("kblint %s ran for more than %d s" % (args, timeout))
            time.sleep(0.01)
        seconds = time.monotonic() - start
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Result(p.returncode, out.read().decode("utf-8", "replace"),
                      err.read().decode("utf-8", "replace"), seconds, usage.ru_maxrss)


class Case(unittest.TestCase):
    maxDiff = 4000

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="kblint-hostile-")
        self.dir = self.tmp.name
        os.chmod(self.dir, 0o755)  # the unreadable cases run as another user
        self.kb = os.path.join(self.dir, "kb")
        os.mkdir(self.kb)
        self.put("good.md", GOOD)

    def tearDown(self):
        # the unreadable cases leave a folder nobody may enter (walked top-down, so each one
        # is opened up before the walk goes in)
        for root, dirs, files in os.walk(self.dir):
            for d in dirs:
                if not os.path.islink(os.path.join(root, d)):
                    os.chmod(os.path.join(root, d), 0o755)
        self.tmp.cleanup()

    def put(self, rel, data):
        path = os.path.join(self.kb, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data.encode() if isinstance(data, str) else data)
        return path

    def check(self, *paths, extra=(), timeout=60, env=None, user=None):
        args = ["check", "--no-config", "--today", TODAY] + list(extra) + list(paths or ["."])
        return run(args, self.kb, timeout, env, user)

    def assert_run(self, r, code, out, err=""):
        self.assertEqual((r.code, r.out, r.err), (code, out, err))


class Encoding(Case):
    def test_invalid_utf8(self):
        # a stray byte, a sequence cut short at the end, an overlong '/', a UTF-16 surrogate
        self.put("stray.md", FM + "# Hi\n\nbad \xff byte\n".replace("\xff", "@"))
        with open(os.path.join(self.kb, "stray.md"), "r+b") as f:
            data = f.read().replace(b"@", b"\xff")
            f.seek(0)
            f.write(data)
        self.put("cut.md", FM.encode() + b"# Hi\n\ncut \xe2\x82")
        self.put("overlong.md", FM.encode() + b"# Hi\n\n\xc0\xaf\n")
        self.put("surrogate.md", FM.encode() + b"# Hi\n\nok \xed\xa0\x80\n")
        r = self.check()
        self.assert_run(r, 1,
                        "cut.md:7:5: error: invalid UTF-8 (byte 0xE2)\n" + GOOD_OUT +
                        "overlong.md:7:1: error: invalid UTF-8 (byte 0xC0)\n"
                        "stray.md:7:5: error: invalid UTF-8 (byte 0xFF)\n"
                        "surrogate.md:7:4: error: invalid UTF-8 (byte 0xED)\n" +
                        summary(1, 5, 0, 1, "link 1", 4))

    def test_nul_byte(self):
        self.put("nul.md", FM.encode() + b"# Hi\n\nab\0cd\n")
        r = self.check()
        self.assert_run(r, 1, GOOD_OUT + "nul.md:7:3: error: file contains a NUL byte (is it "
                        "binary?)\n" + summary(1, 2, 0, 1, "link 1", 1))

    def test_utf16_with_bom(self):
        text = FM + "# Hi\n\nTODO\n"
        self.put("le.md", b"\xff\xfe" + text.encode("utf-16-le"))
        self.put("be.md", b"\xfe\xff" + text.encode("utf-16-be"))
        self.put("faq.yaml", b"\xff\xfe" + "- answer: hi\n".encode("utf-16-le"))
        # without a BOM, the zero bytes give it away
        self.put("nobom.md", text.encode("utf-16-le"))
        r = self.check()
        self.assert_run(r, 1,
                        "be.md:1:1: " + UTF16_MSG + "\n"
                        "faq.yaml:1:1: " + UTF16_MSG + "\n" + GOOD_OUT +
                        "le.md:1:1: " + UTF16_MSG + "\n"
                        "nobom.md:1:2: error: file contains a NUL byte (is it binary?)\n" +
                        summary(1, 5, 0, 1, "link 1", 4))

    def test_utf8_bom_keeps_positions(self):
        self.put("bom.md", "\ufeff" + FM + "# Hi\n\nTODO here\n")
        self.put("bom-first.md", "\ufeffTODO on the first line\n")
        self.put("bom-only.md", "\ufeff")
        r = self.check(extra=["--min-severity", "error"])
        self.assert_run(r, 1, "bom-first.md:1:1: " + TODO + "\n"
                        "bom.md:7:1: " + TODO + "\n\n"
                        "2 findings in 2 of 4 files: 2 errors (unverified 2). 5 below error not "
                        "shown.\n")

    def test_cr_only_and_mixed_line_ends(self):
        self.put("cr.md", FM.replace("\n", "\r") + "# Hi\r\rTODO cr\r\r  TODO two\r")
        self.put("mixed.md", FM.replace("\n", "\r\n") + "# Hi\r\n\nTODO a\r\rx TODO b\n")
        r = self.check()
        self.assert_run(r, 1, "cr.md:7:1: " + TODO + "\n"
                        "cr.md:9:3: " + TODO + "\n" + GOOD_OUT +
                        "mixed.md:7:1: " + TODO + "\n"
                        "mixed.md:9:3: " + TODO + "\n" +
                        summary(5, 3, 4, 1, "unverified 4, link 1", 0))


class Size(Case):
    def test_50_mb_single_line(self):
        self.put("line.md", FM + "# Long\n\n" + "word " * 10_000_000 + "TODO\n")
        r = self.check(timeout=300)
        self.assert_run(r, 1, GOOD_OUT + "line.md:7:50000001: " + TODO + "\n" +
                        summary(2, 2, 1, 1, "unverified 1, link 1", 0))

    def test_million_lines(self):
        body = "".join("line %d of a long article\n" % i if i % 10 else "\n"
                       for i in range(999_993))
        self.put("long.md", FM + "# Long\n\n" + body + "TODO\n")
        with open(os.path.join(self.kb, "long.md"), "rb") as f:
            self.assertEqual(f.read().count(b"\n"), 1_000_000)
        r = self.check(timeout=300)
        self.assert_run(r, 1, GOOD_OUT + "long.md:1000000:1: " + TODO + "\n" +
                        summary(2, 2, 1, 1, "unverified 1, link 1", 0))

    def test_over_the_size_limit(self):
        path = self.put("huge.md", "")
        with open(path, "wb") as f:
            f.truncate(256 * 1024 * 1024 + 1)  # sparse: no disk, no time
        r = self.check()
        self.assert_run(r, 1, GOOD_OUT + "huge.md: error: file is too large (268435457 bytes; "
                        "the limit is 268435456)\n" + summary(1, 2, 0, 1, "link 1", 1))

    def test_empty_files(self):
        self.put("empty.md", "")
        self.put("empty.yaml", "")
        self.put("fm-only.md", "---\n---\n")
        r = self.check()
        self.assert_run(r, 0,
                        "empty.md:1:1: warning: no owner: nobody will be told when it goes "
                        "stale [owner-missing]\n"
                        "empty.md:1:1: warning: no review date (add one of: last_reviewed_on, "
                        "last_reviewed, last_verified, reviewed_on, reviewed, ms.date) "
                        "[reviewed-missing]\n"
                        "fm-only.md:1:1: warning: no owner: nobody will be told when it goes "
                        "stale [owner-missing]\n"
                        "fm-only.md:1:1: warning: no review date (add one of: "
                        "last_reviewed_on, last_reviewed, last_verified, reviewed_on, reviewed, "
                        "ms.date) [reviewed-missing]\n" + GOOD_OUT +
                        summary(5, 4, 0, 5, "link 1, metadata 4", 0, skipped=1))  # empty.yaml


class Depth(Case):
    def test_100000_nested_lists(self):
        self.put("lists.md", FM + "- " * 100_000 + "TODO deep\n\nTODO after\n")
        r = self.check(timeout=120)
        self.assert_run(r, 1, GOOD_OUT + "lists.md:5:200001: " + TODO + "\n"
                        "lists.md:7:1: " + TODO + "\n" +
                        summary(3, 2, 2, 1, "unverified 2, link 1", 0))

    def test_100000_nested_block_quotes(self):
        self.put("quotes.md", FM + "> " * 100_000 + "TODO deep\n\nTODO after\n")
        r = self.check(timeout=120)
        self.assert_run(r, 1, GOOD_OUT + "quotes.md:5:200001: " + TODO + "\n"
                        "quotes.md:7:1: " + TODO + "\n" +
                        summary(3, 2, 2, 1, "unverified 2, link 1", 0))

    def test_deep_yaml(self):
        self.put("deep.md", "---\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\nText.\n")
        r = self.check()
        self.assert_run(r, 1, "deep.md:2:259: error: invalid YAML in front matter: YAML nested "
                        "deeper than 256 levels\n" + GOOD_OUT + summary(1, 2, 0, 1, "link 1", 1))


# Nine levels of nine: 387,420,489 strings when expanded.
LAUGHS = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'] + [
    "a%d: &a%d [%s]" % (i, i, ",".join(["*a%d" % (i - 1)] * 9)) for i in range(1, 10)]
BOMB_MSG = "YAML aliases expand to more than 100000 nodes (a 'billion laughs' document?)"


class Yaml(Case):
    def assert_bounded(self, r):
        self.assertLess(r.seconds, 20)
        self.assertLess(r.max_rss_kb, 300 * 1024)  # sanitizer builds included

    def test_billion_laughs_in_front_matter(self):
        self.put("bomb.md", "---\n" + "\n".join(LAUGHS) + "\ntitle: lol\n---\n# Lol\n")
        # a rule that reads every front-matter value would walk the whole expansion
        self.put("rules.yaml", "rules:\n  - id: fm-words\n    kind: pattern\n"
                 "    category: style\n    severity: info\n    message: \"word $0\"\n"
                 "    scope: [front_matter]\n    pattern: 'zzz'\n")
        self.put("cfg.yaml", "today: %s\nrules: [rules.yaml]\n" % TODAY)
        r = run(["check", "-c", "cfg.yaml", "bomb.md", "good.md"], self.kb)
        self.assert_run(r, 1, "bomb.md:7:10: error: invalid YAML in front matter: " + BOMB_MSG +
                        "\n" + GOOD_OUT + summary(1, 2, 0, 1, "link 1", 1))
        self.assert_bounded(r)

    def test_billion_laughs_in_yaml_article(self):
        self.put("faq.yaml", "\n".join(LAUGHS) + "\nanswer: lol\n")
        r = self.check()
        self.assert_run(r, 1, "faq.yaml:6:10: error: invalid YAML: " + BOMB_MSG + "\n" +
                        GOOD_OUT + summary(1, 2, 0, 1, "link 1", 1))
        self.assert_bounded(r)

    def test_billion_laughs_in_verify(self):
        path = self.put("bomb.md", "---\n" + "\n".join(LAUGHS) + "\n---\n# Lol\n")
        with open(path, "rb") as f:
            before = f.read()
        r = run(["verify", "--no-config", "--date", TODAY, "bomb.md", "good.md"], self.kb)
        self.assert_run(r, 1, "good.md: reviewed on 2026-11-25 (last_reviewed_on)\n",
                        "bomb.md:7:10: error: invalid YAML in front matter: " + BOMB_MSG + "\n")
        self.assert_bounded(r)
        with open(path, "rb") as f:
            self.assertEqual(f.read(), before)

    def test_too_many_aliases(self):
        self.put("many.md", "---\nx: &x 1\n" + "".join("k%d: *x\n" % i for i in range(5000)) +
                 "---\nText.\n")
        r = self.check()
        self.assert_run(r, 1, GOOD_OUT + "many.md:1003:8: error: invalid YAML in front matter: "
                        "too many YAML aliases (more than 1000)\n" +
                        summary(1, 2, 0, 1, "link 1", 1))
        self.assert_bounded(r)

    def test_duplicate_keys(self):
        self.put("dup.md", "---\nowner: ann\nlast_reviewed_on: 2026-11-01\nowner: bob\n---\n"
                 "Text.\n")
        self.put("faq.yaml", "- question: q\n  answer: one\n- question: r\n  answer: two\n"
                 "  answer: three\n")
        # a YAML file with no article is not kblint's to judge
        self.put("data.yaml", "a: 1\na: 2\n")
        # 100,000 keys: found in linear time
        self.put("wide.md", "---\n" + "".join("k%d: v\n" % i for i in range(100_000)) +
                 "k7: again\n---\nText.\n")
        # one key 100,000 times: one finding, and a short one
        self.put("same.md", "---\n" + "".join("k: v%d\n" % i for i in range(100_000)) +
                 "---\nText.\n")
        r = self.check()
        missing = ("warning: no owner: nobody will be told when it goes stale [owner-missing]\n",
                   "warning: no review date (add one of: last_reviewed_on, last_reviewed, "
                   "last_verified, reviewed_on, reviewed, ms.date) [reviewed-missing]\n")
        # a warning each, the last value counting; every article is still checked
        self.assert_run(r, 0,
                        "dup.md:4:1: warning: duplicate key 'owner': line 2 and line 4; the last "
                        "value is used [key-duplicated]\n" +
                        "".join("faq.yaml:%d:3: %s" % (line, m) for line in (1, 3) for m in missing) +
                        "faq.yaml:5:3: warning: duplicate key 'answer': line 4 and line 5; the last "
                        "value is used [key-duplicated]\n" + GOOD_OUT +
                        "".join("same.md:1:1: " + m for m in missing) +
                        "same.md:3:1: warning: duplicate key 'k': line 2, line 3, ... and line "
                        "100001 (100000 times); the last value is used [key-duplicated]\n" +
                        "".join("wide.md:1:1: " + m for m in missing) +
                        "wide.md:100002:1: warning: duplicate key 'k7': line 9 and line 100002; the "
                        "last value is used [key-duplicated]\n" +
                        summary(13, 6, 0, 13, "link 1, metadata 12", 0, skipped=1))
        self.assert_bounded(r)

    def test_front_matter_never_closes(self):
        self.put("open.md", "---\ntitle: x\n\n# Never closed\n\nTODO\n")
        self.put("dashes.md", "---")
        r = self.check()
        msg = "error: front matter opened on this line never closes (no closing '---' line)\n"
        self.assert_run(r, 1, "dashes.md:1:1: " + msg + GOOD_OUT + "open.md:1:1: " + msg +
                        summary(1, 3, 0, 1, "link 1", 2))

    def test_huge_numbers_and_dates(self):
        self.put("huge.md", "---\nowner: docs\nlast_reviewed_on: 99999-01-01\n"
                 "review_in: 99999999999999999999999 days\nexpires: 9223372036854775808-01-01\n"
                 "---\n# Prices\n\nThe plan costs $99999999999999999999999999999 a month. "
                 "This offer is valid until December 31, 99999. As of 99999 it ships in "
                 "18446744073709551617 days.\n")
        self.put("edge.md", "---\nowner: docs\nlast_reviewed_on: 9999-12-31\n"
                 "review_in: 100 years\nexpires: 0000-01-01\n---\nText.\n")
        r = self.check()
        self.assert_run(r, 1,
                        "edge.md:3:19: warning: last_reviewed_on 9999-12-31 is after today "
                        "(2026-11-25) [reviewed-in-future]\n"
                        "edge.md:5:10: error: expires '0000-01-01' is not a valid date "
                        "(expected YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY) [date-invalid]\n" + GOOD_OUT +
                        "huge.md:3:19: error: last_reviewed_on '99999-01-01' is not a valid "
                        "date (expected YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY) [date-invalid]\n"
                        "huge.md:4:12: error: review_in '99999999999999999999999 days' is not a "
                        "valid interval (expected e.g. '90 days', '6 months', '1 year') "
                        "[interval-invalid]\n"
                        "huge.md:5:10: error: expires '9223372036854775808-01-01' is not a "
                        "valid date (expected YYYY-MM-DD, MM/DD/YYYY, D Month YYYY or Month D, YYYY) [date-invalid]\n" +
                        summary(6, 3, 4, 2, "link 1, metadata 5", 0))


class Files(Case):
    def test_directory_named_like_an_article(self):
        os.mkdir(os.path.join(self.kb, "x.md"))
        self.put("x.md/inner.md", "TODO inside\n")
        r = self.check(extra=["--min-severity", "error", "-q"])
        self.assert_run(r, 1, "x.md/inner.md:1:1: " + TODO + "\n")
        r = self.check("x.md", "good.md", extra=["--min-severity", "error", "-q"])
        self.assert_run(r, 1, "x.md/inner.md:1:1: " + TODO + "\n")

    def test_fifo_does_not_block(self):
        os.mkfifo(os.path.join(self.kb, "pipe.md"))
        pipe = "pipe.md: error: cannot read: not a regular file\n"
        # in a folder, and named on the command line (then in that order)
        r = self.check(timeout=30)
        self.assert_run(r, 1, GOOD_OUT + pipe + summary(1, 2, 0, 1, "link 1", 1))
        r = self.check("pipe.md", "good.md", timeout=30)
        self.assert_run(r, 1, pipe + GOOD_OUT + summary(1, 2, 0, 1, "link 1", 1))

    def test_unreadable_file_and_folder(self):
        # root reads everything: run a copy of kblint as nobody (the checkout itself may be
        # in a folder nobody cannot enter)
        user = unprivileged.as_nobody(self, KBLINT, ROOT) if os.geteuid() == 0 else None
        self.put("secret.md", "TODO\n")
        self.put("locked/inside.md", "TODO\n")
        os.chmod(os.path.join(self.kb, "secret.md"), 0)
        os.chmod(os.path.join(self.kb, "locked"), 0)
        r = self.check(user=user)
        self.assert_run(r, 1, GOOD_OUT + "locked: error: cannot read folder: Permission denied\n"
                        "secret.md: error: cannot read: Permission denied\n" +
                        summary(1, 3, 0, 1, "link 1", 2))

    def test_symbolic_link_loops(self):
        os.mkdir(os.path.join(self.kb, "sub"))
        os.symlink("..", os.path.join(self.kb, "sub", "up"))
        os.symlink("b.md", os.path.join(self.kb, "a.md"))
        os.symlink("a.md", os.path.join(self.kb, "b.md"))
        os.symlink("nowhere.md", os.path.join(self.kb, "dangling.md"))
        os.symlink("nowhere", os.path.join(self.kb, "not-an-article"))
        r = self.check(extra=["--follow-symlinks"])
        loop = "error: symbolic link loop: the link leads back to itself\n"
        self.assert_run(r, 1, "a.md: " + loop + "b.md: " + loop +
                        "dangling.md: error: broken symbolic link: its target does not exist\n" +
                        GOOD_OUT + "sub/up: error: symbolic link loop: this folder contains "
                        "itself\n" + summary(1, 5, 0, 1, "link 1", 4))
        # without --follow-symlinks, links are not followed, so none of them is an error
        self.assert_run(self.check(), 0, GOOD_OUT + summary(1, 1, 0, 1, "link 1", 0))

    def test_file_deleted_between_listing_and_reading(self):
        # the shim deletes gone.md when kblint opens it, after the walk has listed it
        self.put("gone.md", "TODO\n")
        self.put("z.md", FM + "TODO\n")
        r = self.check(env={"LD_PRELOAD": SHIM, "FAILWRITE_OP": "vanish",
                            "FAILWRITE_MATCH": "gone.md",
                            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") +
                            ":verify_asan_link_order=0"})
        self.assertFalse(os.path.exists(os.path.join(self.kb, "gone.md")))
        self.assert_run(r, 1, "gone.md: error: cannot read: No such file or directory\n" +
                        GOOD_OUT + "z.md:5:1: " + TODO + "\n" +
                        summary(2, 3, 1, 1, "unverified 1, link 1", 1))


EVIL_RULE = """rules:
  - id: evil
    kind: pattern
    category: style
    severity: warning
    message: "evil $0"
    pattern: '(a+)+$'
"""

EVIL_FACTS = """facts:
  - key: evil-fact
    value: 30 days
    patterns:
      - '(?<value>(a+)+$)'
"""


class Regex(Case):
    def setUp(self):
        super().setUp()
        # a long line of a's that does not end the paragraph where '$' wants it to
        self.put("aaa.md", FM + "# Letters\n\n" + "a" * 5000 + "!\n\nTODO later\n")

    def test_catastrophic_pattern_in_a_rule(self):
        self.put("rules.yaml", EVIL_RULE)
        self.put(".kblint.yaml", "today: %s\nrules: [rules.yaml]\n" % TODAY)
        r = run(["check"], self.kb, timeout=60)
        self.assert_run(r, 1, "aaa.md:7:1: warning: rule 'evil' stopped on this article: its "
                        "pattern hit the match limit [evil]\n"
                        "aaa.md:9:1: " + TODO + "\n" + GOOD_OUT +
                        summary(3, 2, 1, 2, "unverified 1, link 1, style 1", 0))
        self.assertLess(r.seconds, 20)

    def test_many_paragraphs_each_under_the_match_limit(self):
        """Each paragraph stays under the match limit, so only the time limit can stop it."""
        self.put("rules.yaml", EVIL_RULE)
        self.put(".kblint.yaml", "today: %s\nrules: [rules.yaml]\n" % TODAY)
        self.put("many.md", FM + "# Letters\n\n" + ("a" * 18 + "!\n\n") * 40_000 + "TODO\n")
        r = run(["check", "many.md", "good.md"], self.kb, timeout=120)
        self.assert_run(r, 1, "many.md:1:1: warning: rule 'evil' stopped on this article: its "
                        "pattern ran for more than 3 seconds [evil]\n"
                        "many.md:80007:1: " + TODO + "\n" + GOOD_OUT +
                        summary(3, 2, 1, 2, "unverified 1, link 1, style 1", 0))
        self.assertLess(r.seconds, 60)

    def test_catastrophic_pattern_in_facts(self):
        self.put("facts.yaml", EVIL_FACTS)
        self.put(".kblint.yaml", "today: %s\nfacts: facts.yaml\n" % TODAY)
        r = run(["check"], self.kb, timeout=60)
        self.assert_run(r, 1, "aaa.md:7:1: error: rule 'fact-contradiction' stopped on this "
                        "article: the pattern of fact 'evil-fact' hit the match limit "
                        "[fact-contradiction]\n"
                        "aaa.md:9:1: " + TODO + "\n" + GOOD_OUT +
                        summary(3, 2, 2, 1, "contradiction 1, unverified 1, link 1", 0))
        self.assertLess(r.seconds, 20)

    def test_compile_errors_name_file_line_and_offset(self):
        self.put("rules.yaml", EVIL_RULE.replace("'(a+)+$'", "['ok', 'abc(d']") +
                 "  - id: evil2\n    kind: substitution\n    category: style\n"
                 "    severity: info\n    message: \"use ${use}\"\n    regex: true\n"
                 "    swap:\n      'colou?r[': color\n")
        self.put(".kblint.yaml", "today: %s\nrules: [rules.yaml]\n" % TODAY)
        r = run(["check"], self.kb)
        self.assertEqual((r.code, r.out), (2, ""))
        self.assertEqual(r.err, "rules.yaml:7:21: error: bad pattern in rule 'evil': missing "
                         "closing parenthesis at offset 5 of the pattern\n"
                         "rules.yaml:15:7: error: bad term in rule 'evil2': missing "
                         "terminating ] for character class at offset 8 of the pattern\n")

    def test_facts_compile_error(self):
        self.put("facts.yaml", EVIL_FACTS.replace("(a+)+$)'", "(a+)+$'"))
        self.put(".kblint.yaml", "today: %s\nfacts: facts.yaml\n" % TODAY)
        r = run(["check"], self.kb)
        self.assert_run(r, 2, "", "facts.yaml:5:9: error: fact 'evil-fact': bad pattern: "
                        "missing closing parenthesis at offset 15 of the pattern\n")


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.path.exists(sys.argv[1]):
        sys.exit("usage: test_hostile.py path/to/failwrite.so")
    SHIM = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
