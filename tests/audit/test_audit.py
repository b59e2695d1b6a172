#!/usr/bin/python3
"""`kblint audit`: grouping by owner and sorting, the default owner, list limits, --owner, the
state file (what is new since the last run, the trend, its bound, corrupt files), the config
keys under `audit` with their exact errors, the golden output of every format on the fixture
knowledge base (tests/audit/kb, with --today 2026-11-25), HTML escaping of hostile text, and the
HTML page as headless Chromium reads it (skipped with a message when chromium is missing).

KBLINT names the binary under test. KBLINT_UPDATE_GOLDEN=1 rewrites the expected files."""
import html.parser
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TODAY = "2026-11-25"
FORMATS = {"text": "expected.txt", "markdown": "expected.md", "json": "expected.json",
           "html": "expected.html"}


def run(*args, cwd=HERE):
    """kbtest.run in this folder by default, as (status, stdout, stderr)."""
    p = kbtest.run(args, cwd=cwd)
    return p.returncode, p.stdout, p.stderr


def audit_json(*args, cwd=HERE):
    code, out, err = run("audit", "--today", TODAY, "-f", "json", *args, cwd=cwd)
    if code != 0:
        raise AssertionError("exit %d: %s" % (code, err))
    return json.loads(out)


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


class Tmp(unittest.TestCase):
    """A copy of the fixture knowledge base in a temporary folder (self.kb), and self.dir."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.kb = os.path.join(self.dir, "kb")
        shutil.copytree(os.path.join(HERE, "kb"), self.kb)

    def tearDown(self):
        self._tmp.cleanup()

    def config(self, text):
        write(self.kb, ".kblint.yaml", text)


class Golden(unittest.TestCase):
    def test_every_format(self):
        for fmt, name in FORMATS.items():
            with self.subTest(fmt=fmt):
                code, out, err = run("audit", "--today", TODAY, "--format", fmt, "kb")
                self.assertEqual((code, err), (0, ""))
                path = os.path.join(HERE, name)
                if os.environ.get("KBLINT_UPDATE_GOLDEN"):
                    with open(path, "w", encoding="utf-8") as f:
                        f.write(out)
                with open(path, encoding="utf-8") as f:
                    self.assertEqual(out, f.read())

    def test_output_file_is_the_same(self):
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "audit.html")
            code, out, err = run("audit", "--today", TODAY, "-f", "html", "-o", target, "kb")
            self.assertEqual((code, out, err), (0, "", ""))
            with open(os.path.join(HERE, "expected.html"), encoding="utf-8") as f:
                self.assertEqual(read_bytes(target).decode("utf-8"), f.read())

    def test_json_is_valid_and_stable(self):
        doc = audit_json("kb")
        self.assertEqual(list(doc), ["tool", "version", "today", "due_within", "owner",
                                     "files_checked", "unreadable", "summary", "previous",
                                     "resolved", "trend", "top_owners", "owners"])
        self.assertEqual(doc["today"], TODAY)
        self.assertIsNone(doc["owner"])
        self.assertEqual(doc["unreadable"], ["kb/broken.md"])


class Grouping(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.doc = audit_json("kb")
        cls.owners = {o["owner"]: o for o in cls.doc["owners"]}

    def test_owners_in_name_order(self):
        self.assertEqual([o["owner"] for o in self.doc["owners"]],
                         ["billing-team", "docs-team", "legal", "logistics", "support-ops",
                          "unowned"])

    def test_most_overdue_first(self):
        billing = self.owners["billing-team"]
        self.assertEqual([(i["path"], i["days_overdue"]) for i in billing["overdue"]],
                         [("kb/billing/refunds.md", 503), ("kb/billing/tax.md", 102),
                          ("kb/billing/invoices.md", 55), ("kb/billing/coupons.md", 5)])
        self.assertEqual([(i["path"], i["days_left"]) for i in billing["due_soon"]],
                         [("kb/billing/pricing.md", 15)])
        self.assertEqual([i["path"] for i in self.owners["logistics"]["due_soon"]],
                         ["kb/shipping/returns.md"])

    def test_item_fields(self):
        refunds = self.owners["billing-team"]["overdue"][0]
        self.assertEqual(refunds, {
            "title": "Refunds", "path": "kb/billing/refunds.md", "key": "billing/refunds.md",
            "url": "https://kb.example.com/help/billing/refunds.md", "line": 1,
            "due": "2025-07-10", "days_overdue": 503, "last_reviewed": "2025-01-10",
            "new": False})

    def test_titles(self):
        titles = {i["path"]: i["title"] for o in self.doc["owners"] for i in o["overdue"]}
        self.assertEqual(titles["kb/billing/invoices.md"], "Downloading invoices")  # heading
        self.assertEqual(titles["kb/notes/no-owner.md"], "no-owner.md")  # the file name
        self.assertEqual(titles["kb/faq.yaml"], "Do you offer phone support?")  # question

    def test_faq_entry_key(self):
        entry = self.owners["support-ops"]["overdue"][0]
        self.assertEqual((entry["key"], entry["line"]), ("faq.yaml#2", 7))

    def test_list_of_owners_is_split(self):
        paths = {o: [i["path"] for i in self.owners[o]["overdue"]] for o in self.owners}
        self.assertEqual(paths["legal"], ["kb/billing/tax.md"])
        self.assertIn("kb/billing/tax.md", paths["billing-team"])
        # counted once in the whole knowledge base
        self.assertEqual(self.doc["summary"]["overdue"], 7)

    def test_archived_articles_are_not_listed(self):
        paths = [i["path"] for o in self.doc["owners"] for i in o["overdue"] + o["due_soon"]]
        self.assertNotIn("kb/archive/old-plans.md", paths)
        self.assertEqual(self.doc["summary"]["articles"] - self.doc["summary"]["live"], 1)

    def test_default_owner(self):
        self.assertEqual([i["path"] for i in self.owners["unowned"]["overdue"]],
                         ["kb/notes/no-owner.md"])

    def test_freshness(self):
        s = self.doc["summary"]
        self.assertEqual((s["live"], s["fresh"], s["freshness_percent"]), (13, 5, 38))
        self.assertEqual(sum(s["ages"].values()), s["live"])
        self.assertEqual(s["ages"]["no_review_date"], 1)
        self.assertEqual(s["ages"]["over_2_years"], 1)

    def test_findings_match_check_and_go_to_owners(self):
        code, out, _ = run("check", "--today", TODAY, "-f", "json", "kb")
        self.assertEqual(code, 1)
        found = json.loads(out)["findings"]
        by_cat = {}
        for f in found:
            by_cat[f["category"]] = by_cat.get(f["category"], 0) + 1
        self.assertEqual({k: v for k, v in self.doc["summary"]["findings"].items() if v}, by_cat)
        # the contradiction is in logistics' article, the FAQ's TODO is support-ops'
        self.assertEqual(self.owners["logistics"]["summary"]["findings"]["contradiction"], 1)
        self.assertEqual(self.owners["support-ops"]["summary"]["findings"]["unverified"], 1)
        self.assertEqual(self.owners["unowned"]["summary"]["findings"]["metadata"], 1)

    def test_top_owners(self):
        self.assertEqual(self.doc["top_owners"][:2], [{"owner": "billing-team", "overdue": 4},
                                                      {"owner": "legal", "overdue": 1}])

    def test_exit_status_is_zero_with_findings(self):
        code, out, err = run("audit", "--today", TODAY, "kb")
        self.assertEqual((code, err), (0, ""))
        self.assertIn("Overdue:    7\n", out)


class Options(Tmp):
    def test_default_owner_from_config(self):
        self.config("audit:\n  default_owner: kb-editors\n")
        doc = audit_json("kb", cwd=self.dir)
        names = [o["owner"] for o in doc["owners"]]
        self.assertIn("kb-editors", names)
        self.assertNotIn("unowned", names)

    def test_limit_per_owner(self):
        self.config("audit:\n  limit_per_owner: 2\n  base_url: https://kb.example.com/help\n")
        code, out, _ = run("audit", "--today", TODAY, "kb", cwd=self.dir)
        self.assertEqual(code, 0)
        section = out.split("\nbilling-team:", 1)[1].split("\n\n", 1)[0]
        self.assertEqual(section.count("      kb/billing/"), 3)  # 2 overdue, 1 due soon
        self.assertIn("    - and 2 more\n", section)
        self.assertIn("https://kb.example.com/help/billing/refunds.md", section)  # '/' added
        _, md, _ = run("audit", "--today", TODAY, "-f", "markdown", "kb", cwd=self.dir)
        self.assertIn("| and 2 more | | | | |\n", md)
        _, page, _ = run("audit", "--today", TODAY, "-f", "html", "kb", cwd=self.dir)
        self.assertIn('<tr class="more"><td colspan="5">and 2 more overdue</td></tr>', page)
        # JSON lists everything
        doc = audit_json("kb", cwd=self.dir)
        billing = [o for o in doc["owners"] if o["owner"] == "billing-team"][0]
        self.assertEqual(len(billing["overdue"]), 4)

    def test_due_within(self):
        self.config("audit:\n  due_within: 20 days\n")
        doc = audit_json("kb", cwd=self.dir)
        self.assertEqual(doc["due_within"], "20 days")
        soon = [i["path"] for o in doc["owners"] for i in o["due_soon"]]
        self.assertEqual(soon, ["kb/billing/pricing.md"])  # returns (25 days) drops out

    def test_owner(self):
        code, out, err = run("audit", "--today", TODAY, "--owner", "logistics", "kb", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        self.assertTrue(out.startswith("Knowledge-base audit for logistics, 2026-11-25\n\n"
                                       "Articles:   3\nFreshness:  67% (2 of 3 live articles"))
        self.assertIn("Customs and duties", out)
        self.assertNotIn("billing", out)
        doc = audit_json("--owner", "logistics", "kb", cwd=self.dir)
        self.assertEqual(doc["owner"], "logistics")
        self.assertEqual([o["owner"] for o in doc["owners"]], ["logistics"])
        self.assertEqual(doc["summary"]["articles"], 3)
        _, page, _ = run("audit", "--today", TODAY, "-f", "html", "--owner", "logistics", "kb",
                         cwd=self.dir)
        self.assertIn("<title>Knowledge-base audit for logistics, 2026-11-25</title>", page)
        self.assertNotIn("Overdue articles per owner", page)

    def test_unknown_owner(self):
        code, out, err = run("audit", "--today", TODAY, "--owner", "nobody", "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: no owner 'nobody' in this audit (owners: billing-team, "
                              "docs-team, legal, logistics, support-ops, unowned)\n")

    def test_usage_errors(self):
        code, _, err = run("audit", "--format", "sarif", "kb", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("kblint: unknown format 'sarif' for audit (expected one of: "
                                       "text, markdown, json, html)\nusage: kblint"), err)
        code, _, err = run("check", "--state", "s.json", "kb", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("kblint: option '--state' does not apply to this command\n"))
        code, _, err = run("audit", "--fail-on", "never", "kb", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("kblint: option '--fail-on' does not apply to this "
                                       "command\n"))

    def test_help(self):
        code, out, _ = run("audit", "--help")
        self.assertEqual(code, 0)
        for opt in ("--format", "--state", "--owner", "--output", "--today", "--config"):
            self.assertIn(opt, out)

    def test_config_errors(self):
        cases = [
            ("audit: yes\n", ".kblint.yaml:1:8: error: 'audit' must be a mapping, not a scalar"),
            ("audit:\n  owner: x\n",
             ".kblint.yaml:2:3: error: unknown key 'owner' in 'audit' (expected one of: "
             "default_owner, base_url, due_within, limit_per_owner, owner_emails, sendmail, "
             "from, default_recipient)"),
            ("audit:\n  default_owner: ''\n",
             ".kblint.yaml:2:18: error: 'audit.default_owner' must be an owner's name, not an "
             "empty string"),
            ("audit:\n  base_url: ftp://x.example.com/\n",
             ".kblint.yaml:2:13: error: 'audit.base_url' must be an http or https URL such as "
             "'https://kb.example.com/articles/', with no space, quote, '?' or '#', not "
             "'ftp://x.example.com/'"),
            ("audit:\n  base_url: 'https://kb.example.com/?page='\n",
             ".kblint.yaml:2:13: error: 'audit.base_url' must be an http or https URL such as "
             "'https://kb.example.com/articles/', with no space, quote, '?' or '#', not "
             "'https://kb.example.com/?page='"),
            ("audit:\n  due_within: a month\n",
             ".kblint.yaml:2:15: error: 'audit.due_within' must be an interval such as '90 days', "
             "'6 months' or '1 year', not 'a month'"),
            ("audit:\n  limit_per_owner: 0\n",
             ".kblint.yaml:2:20: error: 'audit.limit_per_owner' must be a whole number of at "
             "least 1 (and below 10000000), not '0'"),
            ("audit:\n  limit_per_owner: '5'\n",
             ".kblint.yaml:2:20: error: 'audit.limit_per_owner' must be a whole number of at "
             "least 1 (and below 10000000), not '5'"),
            ("audit:\n  owner_emails: [a@example.com]\n",
             ".kblint.yaml:2:17: error: 'audit.owner_emails' must map owner names to e-mail "
             "addresses, not a list"),
            ("audit:\n  owner_emails:\n    billing-team: billing@\n",
             ".kblint.yaml:3:19: error: e-mail address of 'billing-team' in 'audit.owner_emails' "
             "is not valid: 'billing@'"),
            ("audit:\n  owner_emails:\n    a: a@example.com\n    a: b@example.com\n",
             ".kblint.yaml:4:5: error: duplicate key 'a' in 'audit.owner_emails'"),
            ("audit:\n  sendmail: [sendmail]\n",
             ".kblint.yaml:2:13: error: 'audit.sendmail' must be a command such as "
             "'/usr/sbin/sendmail -t -i', not a list"),
            ("audit:\n  from: 'KB <kb@example>'\n",
             ".kblint.yaml:2:9: error: 'audit.from' must be an e-mail address such as "
             "'kb@example.com' or 'Knowledge Base <kb@example.com>', not 'KB <kb@example>'"),
            ("audit:\n  from: \"kb@example.com\\nBcc: x@example.com\"\n",
             ".kblint.yaml:2:9: error: 'audit.from' must be an e-mail address, not a string with "
             "a control character"),
            ("audit:\n  default_recipient: Team <team@example.com>\n",
             ".kblint.yaml:2:22: error: 'audit.default_recipient' must be an e-mail address such "
             "as 'kb-team@example.com', not 'Team <team@example.com>'"),
        ]
        for text, msg in cases:
            with self.subTest(text=text):
                self.config(text)
                code, out, err = run("audit", "--today", TODAY, "kb", cwd=self.dir)
                self.assertEqual((code, out, err), (2, "", os.path.join("kb", msg) + "\n"))

    def test_config_accepts_every_key(self):
        self.config("audit:\n"
                    "  default_owner: kb-editors\n"
                    "  base_url: http://intranet.example.com/kb/\n"
                    "  due_within: 2 weeks\n"
                    "  limit_per_owner: 10\n"
                    "  owner_emails:\n"
                    "    billing-team: billing@example.com\n"
                    "    logistics: logistics+kb@example.co.uk\n"
                    "  sendmail: /usr/sbin/sendmail -t -i\n"
                    "  from: Knowledge Base <kb@example.com>\n"
                    "  default_recipient: kb-team@example.com\n")
        code, _, err = run("audit", "--today", TODAY, "kb", cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        code, _, err = run("check", "--today", TODAY, "kb", cwd=self.dir)
        self.assertEqual((code, err), (1, ""))


class State(Tmp):
    def setUp(self):
        super().setUp()
        self.state = os.path.join(self.dir, "audit-state.json")

    def audit(self, today, *args):
        code, out, err = run("audit", "--today", today, "--state", self.state, *args, "kb",
                             cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        return out

    def saved(self):
        with open(self.state, encoding="utf-8") as f:
            return json.load(f)

    def test_first_run_then_new_since_last_run(self):
        out = self.audit("2026-11-18")
        self.assertIn("Overdue:    6\n", out)
        self.assertNotIn("[new]", out)
        state = self.saved()
        self.assertEqual(state["kblint_audit_state"], 1)
        self.assertEqual(len(state["runs"]), 1)
        run1 = state["runs"][0]
        self.assertEqual(run1["date"], "2026-11-18")
        self.assertEqual(run1["overdue"], 6)
        self.assertEqual(run1["overdue_articles"], sorted(run1["overdue_articles"]))
        self.assertIn("faq.yaml#2", run1["overdue_articles"])
        self.assertNotIn("billing/coupons.md", run1["overdue_articles"])

        out = self.audit(TODAY)
        self.assertIn("Overdue:    7 (1 newly overdue since 2026-11-18, 0 no longer overdue)\n",
                      out)
        self.assertIn("Trend:      overdue per run: 6, 7 (2 runs, 2026-11-18 to 2026-11-25)\n", out)
        self.assertIn("    - Coupons [new]\n", out)
        self.assertEqual(out.count("[new]"), 1)
        self.assertIn("billing-team: 4 overdue (1 new), 1 due soon", out)
        doc = audit_json("--state", self.state, "kb", cwd=self.dir)
        self.assertEqual(doc["summary"]["new_overdue"], 1)
        self.assertEqual(doc["previous"]["date"], "2026-11-18")
        self.assertEqual([r["overdue"] for r in doc["trend"]], [6, 7])
        billing = [o for o in doc["owners"] if o["owner"] == "billing-team"][0]
        self.assertEqual([i["new"] for i in billing["overdue"]], [False, False, False, True])
        # the same day again replaces that day's run and still compares with the week before
        self.audit(TODAY)
        self.assertEqual([r["date"] for r in self.saved()["runs"]], ["2026-11-18", "2026-11-25"])
        _, md, _ = run("audit", "--today", TODAY, "--state", self.state, "-f", "markdown", "kb",
                       cwd=self.dir)
        self.assertIn("| [Coupons](https://kb.example.com/help/billing/coupons.md) **new** |", md)
        _, page, _ = run("audit", "--today", TODAY, "--state", self.state, "-f", "html", "kb",
                         cwd=self.dir)
        self.assertIn('Coupons</bdi></a><span class="new">new</span>', page)
        self.assertIn('overdue: 1 new since <span class="date">2026-11-18</span>', page)

    def test_no_longer_overdue(self):
        write(self.dir, "audit-state.json", json.dumps({"kblint_audit_state": 1, "runs": [
            {"date": "2026-11-11", "articles": 15, "live": 14, "fresh": 5, "overdue": 2,
             "due_soon": 1, "overdue_articles": ["billing/refunds.md", "billing/gone.md"]}]}))
        out = self.audit(TODAY)
        self.assertIn("Overdue:    7 (6 newly overdue since 2026-11-11, 1 no longer overdue)\n",
                      out)
        self.assertNotIn("    - Refunds [new]", out)
        self.assertIn("    - Sales tax and VAT [new]", out)

    def test_previous_run_without_its_list(self):
        write(self.dir, "audit-state.json", json.dumps({"kblint_audit_state": 1, "runs": [
            {"date": "2026-11-11", "articles": 15, "live": 14, "fresh": 5, "overdue": 2,
             "due_soon": 1}]}))
        out = self.audit(TODAY)
        self.assertIn("Overdue:    7 (2 on 2026-11-11)\n", out)
        self.assertNotIn("[new]", out)

    def test_bounded_to_52_runs(self):
        runs = []
        for i in range(52):
            d = subprocess.run(["date", "-u", "-d", "2025-11-26 + %d weeks" % i, "+%F"],
                               capture_output=True, text=True, check=True).stdout.strip()
            runs.append({"date": d, "articles": 1, "live": 1, "fresh": 1, "overdue": i,
                         "due_soon": 0, "overdue_articles": ["x%d.md" % i]})
        self.assertLess(runs[-1]["date"], TODAY)
        write(self.dir, "audit-state.json", json.dumps({"kblint_audit_state": 1, "runs": runs}))
        self.audit(TODAY)
        saved = self.saved()["runs"]
        self.assertEqual(len(saved), 52)
        self.assertEqual(saved[0]["date"], runs[1]["date"])
        self.assertEqual(saved[-1]["date"], TODAY)
        self.assertEqual([("overdue_articles" in r) for r in saved], [False] * 50 + [True, True])

    def test_missing_state_is_a_first_run(self):
        self.assertFalse(os.path.exists(self.state))
        out = self.audit(TODAY)
        self.assertNotIn("Trend", out)
        self.assertEqual(len(self.saved()["runs"]), 1)

    def test_corrupt_state_stops_and_is_left_alone(self):
        # a syntax error (jansson's) has a line and column; a value the state cannot hold is
        # named by its path in the document, since a parsed JSON value keeps no position
        bad = ": error: invalid audit state: "
        cases = [
            ("{", ":1:2" + bad + "the file ends too early"),
            ("", ":1:1" + bad + "the file is empty"),
            ("[]", bad + "expected an object with \"kblint_audit_state\" and \"runs\""),
            ('{"kblint_audit_state": 2, "runs": []}',
             bad + "kblint_audit_state: unknown version (this kblint reads version 1)"),
            ('{"kblint_audit_state": 1}', bad + "no \"runs\" list"),
            ('{"kblint_audit_state": 1, "runs": {}}', bad + "runs: must be a list"),
            ('{"kblint_audit_state": 1, "runs": [2]}', bad + "runs[0]: must be an object"),
            ('{"kblint_audit_state": 1, "runs": [\n  {"date": "2026-13-01"}]}',
             bad + "runs[0].date: must be a date YYYY-MM-DD"),
            ('{"kblint_audit_state": 1, "runs": [\n  {"date": "2026-11-01", "articles": -1}]}',
             bad + "runs[0].articles: must be a whole number of 0 or more"),
            ('{"kblint_audit_state": 1, "runs": [\n  {"date": "2026-11-01", "articles": 1.0}]}',
             bad + "runs[0].articles: must be a whole number of 0 or more"),
            ('{"kblint_audit_state": 1, "runs": [{"date": "2026-11-01", "articles": 1, '
             '"live": 1, "fresh": 1, "overdue": 1, "due_soon": 0, "overdue_articles": [1]}]}',
             bad + "runs[0].overdue_articles[0]: must be a string"),
            ('{"kblint_audit_state": 1, "runs": [{"date": "2026-11-01", "articles": 1, '
             '"live": 1, "fresh": 1, "overdue": 1, "due_soon": 0, "overdue_articles": "a"}]}',
             bad + "runs[0].overdue_articles: must be a list of strings"),
            ('{"kblint_audit_state": 1, "runs": [{"date": "2026-11-01", "articles": 1}]}',
             bad + "runs[0]: a run without \"live\""),
            ('{"kblint_audit_state": 1, "runs": []} x',
             ":1:39" + bad + "more after the state's object"),
            ('{"kblint_audit_state": 1, "runs": [], }',
             ":1:39" + bad + "a comma before '}'"),
            ('{"kblint_audit_state": 1, "runs": [],\n "runs": []}',
             ":2:7" + bad + "the key \"runs\" appears twice in one object"),
            ('{"kblint_audit_state": 1, "runs": []}\xff',
             ":1:38" + bad + "invalid UTF-8"),
        ]
        runs = ('{"date": "2026-11-18", "articles": 1, "live": 1, "fresh": 1, "overdue": 0, '
                '"due_soon": 0}')
        cases.append(('{"kblint_audit_state": 1, "runs": [%s, %s]}' % (runs, runs),
                      bad + "runs[1].date: runs must be in date order, one per date"))
        for text, msg in cases:
            with self.subTest(text=text):
                raw = text.encode("utf-8", "surrogateescape") if "\xff" not in text else \
                    text.replace("\xff", "").encode() + b"\xff"
                with open(self.state, "wb") as f:
                    f.write(raw)
                before = os.stat(self.state)
                report = os.path.join(self.dir, "report.txt")
                code, out, err = run("audit", "--today", TODAY, "--state", self.state, "-o", report,
                                     "kb", cwd=self.dir)
                self.assertEqual((code, out), (2, ""))
                self.assertEqual(err, "%s%s\n" % (self.state, msg))
                self.assertEqual(read_bytes(self.state), raw)
                self.assertEqual(os.stat(self.state).st_mtime_ns, before.st_mtime_ns)
                self.assertFalse(os.path.exists(report))

    def test_unreadable_state(self):
        os.mkdir(self.state)
        code, out, err = run("audit", "--today", TODAY, "--state", self.state, "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "%s: error: cannot read the audit state: is a directory\n"
                         % self.state)

    def test_not_written_when_the_report_fails(self):
        code, _, err = run("audit", "--today", TODAY, "--state", self.state, "-o",
                           os.path.join(self.dir, "missing", "r.txt"), "kb", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertTrue(err.startswith("kblint: cannot write "), err)
        self.assertFalse(os.path.exists(self.state))

    def test_unwritable_state(self):
        state = os.path.join(self.dir, "missing", "state.json")
        code, out, err = run("audit", "--today", TODAY, "--state", state, "kb", cwd=self.dir)
        self.assertEqual(code, 2)
        self.assertIn("Knowledge-base audit", out)  # the report went out first
        self.assertTrue(err.startswith("%s: error: cannot write the audit state: " % state), err)


# Titles, owners and a file name that carry everything HTML, Markdown and terminals must escape.
HOSTILE_TITLE = '<script>alert("x")</script> & \'quotes\' "double" <img src=x onerror=alert(1)>'
HOSTILE_OWNER = '<b>team</b> & "co"'
HOSTILE_NAME = 'a&b <c> "d".md'


class Hostile(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        kb = os.path.join(cls.tmp, "kb")
        write(kb, ".kblint.yaml", "audit:\n  base_url: https://kb.example.com/\n")
        write(kb, "one.md", "---\ntitle: %s\nowner: %s\nlast_reviewed_on: 2025-01-01\n---\nText.\n"
              % (json.dumps(HOSTILE_TITLE), json.dumps(HOSTILE_OWNER)))
        write(kb, HOSTILE_NAME, "---\nowner: ok-team\nlast_reviewed_on: 2025-01-01\n---\n"
              "# Heading with `code` and *stars* | pipe [link](javascript:alert(1))\x01\n")
        write(kb, "md.md", "---\ntitle: '`code` *stars* _under_ [x](y) | pipe ~~'\nowner: ok-team\n"
              "last_reviewed_on: 2025-03-01\n---\nText.\n")
        write(kb, "ctl.md", "---\ntitle: \"bell\\a and\\nnewline\"\nowner: ok-team\n"
              "last_reviewed_on: 2025-02-01\n---\nText.\n")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def render(self, fmt):
        code, out, err = run("audit", "--today", TODAY, "-f", fmt, "kb", cwd=self.tmp)
        self.assertEqual((code, err), (0, ""))
        return out

    def test_html_escapes_everything(self):
        page = self.render("html")
        self.assertNotIn("<script", page)
        self.assertNotIn("<img", page)
        self.assertNotIn("<b>team", page)
        self.assertIn("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;quotes&apos;",
                      page)
        self.assertIn("&lt;b&gt;team&lt;/b&gt; &amp; &quot;co&quot;", page)
        self.assertIn("a&amp;b &lt;c&gt; &quot;d&quot;.md", page)
        self.assertIn('href="https://kb.example.com/a%26b%20%3Cc%3E%20%22d%22.md"', page)
        self.assertNotIn("\x01", page)
        self.assertNotIn("\x07", page)

        class Tags(html.parser.HTMLParser):
            def __init__(self):
                super().__init__()
                self.tags, self.attrs = set(), set()

            def handle_starttag(self, tag, attrs):
                self.tags.add(tag)
                self.attrs |= {a for a, _ in attrs}

        p = Tags()
        p.feed(page)
        allowed = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "span",
                   "section", "div", "p", "code", "figure", "figcaption", "svg", "line", "rect",
                   "bdi",
                   "text", "table", "thead", "tbody", "tr", "th", "td", "a", "footer"}
        self.assertEqual(p.tags - allowed, set())
        self.assertFalse({a for a in p.attrs if a.startswith("on") or a in ("src", "srcset")})

    def test_html_is_self_contained(self):
        page = self.render("html")
        for bad in ("<script", "<link", "<img", "<iframe", "<object", "@import", "url("):
            self.assertNotIn(bad, page)
        # the only addresses are the article links and the SVG namespace
        import re
        urls = set(re.findall(r"https?://[^\s\"'<>]+", page))
        self.assertEqual({u for u in urls if not u.startswith("https://kb.example.com/")},
                         {"http://www.w3.org/2000/svg"})

    def test_markdown_escapes(self):
        md = self.render("markdown")
        self.assertIn("\\<script\\>", md)
        self.assertIn("\\&", md)
        self.assertIn("\\`code\\` \\*stars\\* \\_under\\_ \\[x\\](y) \\| pipe \\~\\~", md)
        self.assertIn("[Heading with code and stars \\| pipe link\ufffd](", md)
        for line in md.splitlines():
            if line.startswith("| ") and "script" in line:
                self.assertEqual(line.count(" | "), 4, line)  # the pipe does not add a column

    def test_text_has_no_control_characters(self):
        out = self.render("text")
        self.assertEqual([c for c in out if ord(c) < 32 and c != "\n"], [])
        self.assertIn("bell\ufffd and newline", out)

    def test_json_parses(self):
        doc = json.loads(self.render("json"))
        titles = {i["title"] for o in doc["owners"] for i in o["overdue"]}
        self.assertIn(HOSTILE_TITLE, titles)
        self.assertIn(HOSTILE_OWNER, [o["owner"] for o in doc["owners"]])


class Docs(Tmp):
    """The examples of docs/audit.md are real: the text report and the state file after a run on
    2026-11-18 and one on 2026-11-25 of the fixture."""

    def test_examples(self):
        root = kbtest.ROOT
        with open(os.path.join(root, "docs", "audit.md"), encoding="utf-8") as f:
            doc = f.read()
        text = doc.split("**text** is for terminals", 1)[1].split("```\n", 2)[1]
        state_doc = doc.split("```json\n", 1)[1].split("```\n", 1)[0]
        state = os.path.join(self.dir, "state.json")
        for today in ("2026-11-18", TODAY):
            code, out, err = run("audit", "--today", today, "--state", state, "kb", cwd=self.dir)
            self.assertEqual((code, err), (0, ""))
        self.assertTrue(out.startswith(text), out)
        with open(state, encoding="utf-8") as f:
            self.assertEqual(f.read(), state_doc)


class Chromium(unittest.TestCase):
    """The fixture's page as a browser reads it: the rows of each owner's table."""

    def test_dom_has_the_rows(self):
        browser = shutil.which("chromium") or shutil.which("chromium-browser")
        if not browser:
            print("SKIP chromium check: chromium is not installed (apt-get install chromium)")
            return
        with tempfile.TemporaryDirectory() as d:
            page = os.path.join(d, "audit.html")
            code, _, err = run("audit", "--today", TODAY, "-f", "html", "-o", page, "kb")
            self.assertEqual((code, err), (0, ""))
            profile = os.path.join(d, "profile")
            p = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                                "--disable-background-networking", "--disable-component-update",
                                "--disable-sync", "--no-first-run", "--user-data-dir=" + profile,
                                "--dump-dom", "file://" + page],
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(p.returncode, 0, p.stderr[-2000:])
            dom = p.stdout

        class Rows(html.parser.HTMLParser):
            """The text of each cell of each row, by the id of the section before it."""

            def __init__(self):
                super().__init__()
                self.section, self.rows, self.row, self.cell = None, {}, None, None

            def handle_starttag(self, tag, attrs):
                a = dict(attrs)
                if tag == "h2":
                    self.section = a.get("id", "")
                elif tag == "tr":
                    self.row = []
                elif tag in ("td", "th") and self.row is not None:
                    self.cell = ""

            def handle_endtag(self, tag):
                if tag in ("td", "th") and self.cell is not None:
                    self.row.append(self.cell.strip())
                    self.cell = None
                elif tag == "tr" and self.row is not None:
                    self.rows.setdefault(self.section, []).append(self.row)
                    self.row = None

            def handle_data(self, data):
                if self.cell is not None:
                    self.cell += data

        r = Rows()
        r.feed(dom)
        owners = r.rows[""]  # the owners table comes under "Owners", which has no id
        self.assertEqual(owners[0], ["Owner", "Articles", "Overdue", "New", "Due soon",
                                     "Freshness", "Findings"])
        self.assertEqual(owners[1], ["billing-team", "7", "4", "-", "1", "33%", "5"])
        self.assertEqual(len(owners), 7)
        billing = r.rows["owner-1"]
        self.assertEqual([row[0] for row in billing[1:]],
                         ["Refunds", "Sales tax and VAT", "Downloading invoices", "Coupons",
                          "Plans and pricing"])
        self.assertEqual(billing[1], ["Refunds", "kb/billing/refunds.md", "2025-07-10",
                                      "503 days overdue", "2025-01-10"])
        self.assertEqual(r.rows["owner-4"][2], ["Returns", "kb/shipping/returns.md", "2026-12-20",
                                                "in 25 days", "2026-06-20"])
        self.assertIn("<svg", dom)


if __name__ == "__main__":
    unittest.main(verbosity=2)
