#!/usr/bin/python3
"""`kblint export` (issue 16) on the fixture knowledge base tests/export/kb, with --today
2026-11-25: each record's verdict, reasons, valid_until and fields; --content full and clean
(the removed blocks, and the rest byte for byte); a contradiction across two articles marking
both; --only; the json and csv formats; -o written atomically; exit statuses and the exact
errors; the same report for every -j; --out-dir (the marker, the manifest, re-runs that remove
an article which turned stale and leave unchanged files alone, refusals). Every record of every
run (stdout lines, json arrays, manifest lines) is validated against docs/export.schema.json.

Golden files: expected.jsonl (the default run) and expected-clean.jsonl (--content clean),
compared byte for byte. `test_export.py --update` (or KBLINT_UPDATE_GOLDEN=1) rewrites them:
read every record before keeping them.

KBLINT names the binary under test, KBLINT_SOURCE_ROOT the source tree. Exits 77 (skipped)
when python3-jsonschema is not installed."""
import csv
import io
import json
import os
import stat
import shutil
import sys
import tempfile
import unittest

try:
    import jsonschema
except ImportError:
    print("SKIP: python3-jsonschema is not installed (apt-get install python3-jsonschema)")
    sys.exit(77)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT, write  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = os.path.join(ROOT, "docs", "export.schema.json")
TODAY = "2026-11-25"
UPDATE = bool(os.environ.get("KBLINT_UPDATE_GOLDEN"))
if "--update" in sys.argv:
    sys.argv.remove("--update")
    UPDATE = True

KEYS = ["id", "path", "title", "url", "owner", "reviewed", "due", "expires", "status", "trust",
        "excluded_by", "reasons", "valid_until", "error", "checked_at", "kblint"]
CSV_HEADER = ["id", "path", "title", "url", "owner", "reviewed", "due", "expires", "status",
              "trust", "excluded_by", "valid_until", "reasons", "error", "checked_at", "kblint"]
DIR_REFUSED = ("kblint: %s: the folder is not empty and has no .kblint-export; kblint export "
               "--out-dir writes only to an empty folder or one it wrote before\n")

# what the fixture must give, record by record, in walk order (FAQ entries in file order)
TRUST = {
    "help/ai-exclude.md": "excluded",
    "help/archived.md": "excluded",
    "help/broken.md": "untrusted",
    "help/draft-flag.md": "excluded",
    "help/draft.md": "excluded",
    "help/expires.md": "trusted",
    "help/faq.yaml#reset-password": "trusted",
    "help/faq.yaml#2": "untrusted",
    "help/faq.yaml#phone": "review",
    "help/future-deadline.md": "trusted",
    "help/marker.md": "trusted",
    "help/no-index.md": "excluded",
    "help/overdue.md": "untrusted",
    "help/policy.yaml": "trusted",
    "help/promotions.md": "untrusted",
    "help/review-soon.md": "review",
    "help/storage-faq.md": "review",
    "help/storage-pro.md": "review",
    "help/trusted.md": "trusted",
    "help/undated.md": "trusted",
    "internal/runbook.md": "excluded",
}
EXCLUDED_BY = {
    "help/ai-exclude.md": "ai: exclude",
    "help/archived.md": "retired",
    "help/draft-flag.md": "draft",
    "help/draft.md": "draft",
    "help/no-index.md": "tags: llm-no-index",
    "internal/runbook.md": "unpublished",
}
# (rule, severity, line, column) of the reasons of the articles that are not excluded
REASONS = {
    "help/broken.md": [],
    "help/expires.md": [],
    "help/faq.yaml#reset-password": [],
    "help/faq.yaml#2": [("deadline-passed", "error", 12, 41)],
    "help/faq.yaml#phone": [("review-due-soon", "warning", 18, 21)],
    "help/future-deadline.md": [],
    "help/marker.md": [],
    "help/overdue.md": [("review-overdue", "error", 4, 19)],
    "help/policy.yaml": [],
    "help/promotions.md": [("deadline-passed", "error", 10, 33),
                           ("deadline-passed", "error", 15, 37),
                           ("deadline-passed", "error", 21, 46),
                           ("as-of-outdated", "warning", 23, 32)],
    "help/review-soon.md": [("review-due-soon", "warning", 4, 19)],
    "help/storage-faq.md": [("sentence-conflict", "warning", 10, 23)],
    "help/storage-pro.md": [("sentence-conflict", "warning", 8, 23)],
    "help/trusted.md": [],
    "help/undated.md": [],
}
VALID_UNTIL = {
    "help/trusted.md": "2027-04-01",          # the due date; expires 2027-12-31 is later
    "help/expires.md": "2027-02-28",          # the expiry; due 2027-04-01
    "help/marker.md": "2027-01-15",           # the valid-until marker; due 2027-04-01
    "help/future-deadline.md": "2027-03-31",  # "valid until March 31, 2027"; due 2027-05-01
    "help/undated.md": None,                  # nothing dates it
    "help/overdue.md": None,                  # its due date has passed
    "help/review-soon.md": "2026-12-01",
    "help/faq.yaml#phone": "2026-12-01",
    "help/faq.yaml#2": "2027-04-01",          # the passed deadline does not count
    "help/promotions.md": "2027-04-15",       # passed deadlines and a marker-less text
}
PROMOTIONS_REMOVED = [{"line": 10, "end_line": 10, "rule": "deadline-passed"},
                      {"line": 15, "end_line": 15, "rule": "deadline-passed"},
                      {"line": 21, "end_line": 21, "rule": "deadline-passed"}]
FAQ_ANSWERS = {
    "help/faq.yaml#reset-password": "Choose **Forgot password** on the sign-in page.\n",
    "help/faq.yaml#2": "The student discount is valid until November 30, 2025.\n\n"
                       "Ask support for the student discount form.\n",
    "help/faq.yaml#phone": "Phone support is available on the Enterprise plan.\n",
    "help/policy.yaml": "We keep deleted projects for 30 days, then erase them.\n",
}

_validator = None


def validate(rec, where="record"):
    """Fails unless rec is valid by docs/export.schema.json."""
    global _validator
    if _validator is None:
        if not os.path.exists(SCHEMA):
            raise AssertionError("%s is missing: the issue wants every record validated" % SCHEMA)
        with open(SCHEMA, encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        _validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errors = sorted(_validator.iter_errors(rec), key=lambda e: list(e.path))
    if errors:
        raise AssertionError("%s %s is not valid by the schema: %s" % (
            where, rec.get("id") if isinstance(rec, dict) else rec,
            "; ".join("%s: %s" % (list(e.path), e.message) for e in errors)))


def run(*args, cwd=HERE):
    """kbtest.run in this folder by default, as (status, stdout, stderr); bytes decoded as they
    are, line ends kept (CSV's CRLF)."""
    p = kbtest.run(args, cwd=cwd, timeout=120, binary=True)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def export(*args, cwd=HERE):
    """kblint export --today TODAY ARGS: exit 0, nothing on stderr; returns stdout."""
    code, out, err = run("export", "--today", TODAY, *args, cwd=cwd)
    if (code, err) != (0, ""):
        raise AssertionError("kblint export %s: exit %d: %s" % (" ".join(args), code, err))
    return out


def jsonl(out, where="stdout"):
    """The records of JSON Lines output, each validated."""
    assert out == "" or out.endswith("\n"), "the output does not end with a line end"
    recs = [json.loads(line) for line in out.splitlines()]
    for r in recs:
        validate(r, where)
    return recs


def records(*args, cwd=HERE):
    return jsonl(export(*args, cwd=cwd))


def by_id(recs):
    return {r["id"]: r for r in recs}


def read_bytes(path):
    with open(path, "rb") as f:
        return f.read()


def body(path):
    """A Markdown file's text after its front matter, as it is in the file."""
    text = read_bytes(path).decode("utf-8")
    lines = text.splitlines(True)
    assert lines[0] == "---\n", path
    end = next(i for i in range(1, len(lines)) if lines[i] in ("---\n", "...\n"))
    return "".join(lines[end + 1:]), end + 1  # the body, and the file line it starts after


def without_lines(path, removed):
    """The body of a Markdown file with the file lines of removed taken out."""
    text, before = body(path)
    gone = set()
    for r in removed:
        gone.update(range(r["line"], r["end_line"] + 1))
    return "".join(l for n, l in enumerate(text.splitlines(True), before + 1) if n not in gone)


def version():
    p = kbtest.run(["--version"])
    return p.stdout.split()[-1]


def listing(top):
    """Every file and folder under top with its bytes (None for folders, the target for links)."""
    found = {}
    for root, dirs, files in os.walk(top):
        for name in dirs + files:
            path = os.path.join(root, name)
            rel = os.path.relpath(path, top)
            if os.path.islink(path):
                found[rel] = "-> " + os.readlink(path)
            elif os.path.isdir(path):
                found[rel] = None
            else:
                found[rel] = read_bytes(path)
    return found


class Tmp(unittest.TestCase):
    """A copy of the fixture knowledge base in a temporary folder (self.kb), and self.dir."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory()
        self.dir = self._tmp.name
        self.kb = os.path.join(self.dir, "kb")
        shutil.copytree(os.path.join(HERE, "kb"), self.kb, symlinks=True)

    def tearDown(self):
        self._tmp.cleanup()

    def config(self, text):
        with open(os.path.join(self.kb, ".kblint.yaml"), "a", encoding="utf-8") as f:
            f.write(text)


class SiteUrls(unittest.TestCase):
    """url from a detected site's own address when the config sets no audit.base_url."""

    def url(self, files, article):
        with tempfile.TemporaryDirectory() as d:
            for rel, text in files.items():
                write(d, rel, text)
            recs = by_id(records(d, cwd=d))
            return recs[article]["url"]

    def test_hugo_base_url_and_pretty_urls(self):
        self.assertEqual(self.url({"hugo.toml": 'baseURL = "https://example.org/docs/"\n',
                                   "content/guides/setup.md": "---\ntitle: Setup\n---\nText.\n"},
                                  "content/guides/setup.md"),
                         "https://example.org/docs/guides/setup/")

    def test_mkdocs_site_url_and_ugly_urls(self):
        self.assertEqual(self.url({"mkdocs.yml": "site_name: x\nsite_url: https://x.org/help/\n"
                                                 "use_directory_urls: false\n",
                                   "docs/a b.md": "# A\n"}, "docs/a b.md"),
                         "https://x.org/help/a%20b.html")

    def test_jekyll_url_and_baseurl(self):
        self.assertEqual(self.url({"_config.yml": "url: https://x.org\nbaseurl: /handbook\n",
                                   "guide.md": "---\ntitle: G\n---\nText.\n"}, "guide.md"),
                         "https://x.org/handbook/guide.html")

    def test_config_wins(self):
        self.assertEqual(self.url({"hugo.toml": 'baseURL = "https://example.org/"\n',
                                   ".kblint.yaml": "audit:\n  base_url: https://kb.example.com/\n",
                                   "content/a.md": "# A\n"}, "content/a.md"),
                         "https://kb.example.com/a/")


class StableIds(unittest.TestCase):
    def test_ids_do_not_depend_on_the_checkout(self):
        # no config: the folder named on the command line is what ids are relative to, so
        # two checkouts at different places give the same ids
        ids = []
        for _ in range(2):
            with tempfile.TemporaryDirectory() as d:
                write(d, "kb/a/one.md", "# One\n")
                write(d, "kb/faq.yaml", "- question: Q1?\n  answer: A1.\n  id: q1\n"
                                        "- question: Q2?\n  answer: A2.\n")
                recs = records("--no-config", os.path.join(d, "kb"))
                ids.append([r["id"] for r in recs])
        self.assertEqual(ids[0], ids[1])
        self.assertEqual(ids[0], ["a/one.md", "faq.yaml#q1", "faq.yaml#2"])


class Golden(unittest.TestCase):
    def check(self, name, *args):
        out = export(*args, "kb")
        jsonl(out)
        path = os.path.join(HERE, name)
        if UPDATE:
            with open(path, "w", encoding="utf-8", newline="") as f:
                f.write(out)
        with open(path, encoding="utf-8", newline="") as f:
            self.assertEqual(out, f.read())

    def test_default(self):
        self.check("expected.jsonl")

    def test_clean(self):
        self.check("expected-clean.jsonl", "--content", "clean")


class Records(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.list = records("kb")
        cls.recs = by_id(cls.list)

    def test_one_record_per_article_in_walk_order(self):
        self.assertEqual([r["id"] for r in self.list], list(TRUST))

    def test_keys_in_order(self):
        for r in self.list:
            self.assertEqual(list(r), KEYS, r["id"])

    def test_verdicts(self):
        self.assertEqual({i: r["trust"] for i, r in self.recs.items()}, TRUST)

    def test_excluded_by(self):
        self.assertEqual({i: r["excluded_by"] for i, r in self.recs.items() if r["excluded_by"]},
                         EXCLUDED_BY)

    def test_reasons(self):
        got = {i: [(x["rule"], x["severity"], x["line"], x["column"]) for x in r["reasons"]]
               for i, r in self.recs.items() if r["trust"] != "excluded"}
        self.assertEqual(got, REASONS)
        cats = {x["rule"]: x["category"] for r in self.list for x in r["reasons"]}
        self.assertEqual(cats.get("deadline-passed"), "stale")
        self.assertEqual(cats.get("sentence-conflict"), "contradiction")
        overdue = self.recs["help/overdue.md"]["reasons"][0]
        self.assertEqual(overdue["message"],
                         "review was due 2026-07-10 (138 days ago); owner: support-ops")
        self.assertNotIn("other", overdue)

    def test_metadata_warning_is_not_a_reason(self):
        # help/undated.md has reviewed-missing (a metadata warning): the policy does not count it
        r = self.recs["help/undated.md"]
        self.assertEqual((r["trust"], r["reasons"], r["reviewed"], r["due"], r["valid_until"]),
                         ("trusted", [], None, None, None))

    def test_valid_until(self):
        self.assertEqual({i: self.recs[i]["valid_until"] for i in VALID_UNTIL}, VALID_UNTIL)

    def test_dates_and_fields(self):
        r = self.recs["help/trusted.md"]
        self.assertEqual(
            {k: r[k] for k in ("path", "title", "url", "owner", "reviewed", "due", "expires",
                               "status", "error", "checked_at", "kblint")},
            {"path": "kb/help/trusted.md", "title": "Changing your email address",
             "url": "https://kb.example.com/help/trusted.md", "owner": "docs-team",
             "reviewed": "2026-10-01", "due": "2027-04-01", "expires": "2027-12-31",
             "status": None, "error": None, "checked_at": TODAY, "kblint": version()})
        self.assertEqual(self.recs["help/expires.md"]["expires"], "2027-02-28")
        self.assertEqual(self.recs["help/draft.md"]["status"], "draft")
        self.assertEqual(self.recs["help/archived.md"]["status"], "archived")
        self.assertEqual(self.recs["help/review-soon.md"]["owner"], "@billing-team")
        for r in self.list:
            self.assertEqual(r["checked_at"], TODAY)

    def test_faq_entries(self):
        got = {i: (r["path"], r["title"], r["owner"], r["reviewed"])
               for i, r in self.recs.items() if i.startswith("help/faq.yaml")}
        self.assertEqual(got, {
            "help/faq.yaml#reset-password": ("kb/help/faq.yaml", "How do I reset my password?",
                                             "support-ops", "2026-10-01"),
            "help/faq.yaml#2": ("kb/help/faq.yaml", "Is there a student discount?",
                                "billing-team", "2026-10-01"),
            "help/faq.yaml#phone": ("kb/help/faq.yaml", "Do you offer phone support?",
                                    "support-ops", "2026-06-01"),
        })
        self.assertEqual(self.recs["help/policy.yaml"]["title"], "Data retention")

    def test_load_error(self):
        r = self.recs["help/broken.md"]
        self.assertEqual(r["trust"], "untrusted")
        self.assertEqual((r["error"]["line"], r["error"]["column"]), (3, 6))
        self.assertTrue(r["error"]["message"].startswith("invalid YAML in front matter: "),
                        r["error"])
        for i, rec in self.recs.items():
            if i != "help/broken.md":
                self.assertIsNone(rec["error"], i)

    def test_cross_article_marks_both(self):
        faq, pro = self.recs["help/storage-faq.md"], self.recs["help/storage-pro.md"]
        self.assertEqual((faq["trust"], pro["trust"]), ("review", "review"))
        self.assertEqual(faq["reasons"][0]["other"],
                         {"path": "kb/help/storage-pro.md", "line": 8, "column": 23})
        self.assertEqual(pro["reasons"][0]["other"],
                         {"path": "kb/help/storage-faq.md", "line": 10, "column": 23})

    def test_cross_article_error_makes_both_untrusted(self):
        recs = by_id(records("-c", "kb/.strict.kblint.yaml", "kb"))
        for i in ("help/storage-faq.md", "help/storage-pro.md"):
            self.assertEqual(recs[i]["trust"], "untrusted", i)
            self.assertEqual([(x["rule"], x["severity"]) for x in recs[i]["reasons"]],
                             [("sentence-conflict", "error")], i)
        self.assertEqual(recs["help/storage-pro.md"]["reasons"][0]["other"]["path"],
                         "kb/help/storage-faq.md")
        # nothing else changes
        self.assertEqual({i: r["trust"] for i, r in recs.items()
                          if not i.startswith("help/storage-")},
                         {i: t for i, t in TRUST.items() if not i.startswith("help/storage-")})

    def test_cross_article_error_is_removed_from_both(self):
        recs = by_id(records("-c", "kb/.strict.kblint.yaml", "--content", "clean", "kb"))
        for i, line in (("help/storage-faq.md", 10), ("help/storage-pro.md", 8)):
            r = recs[i]
            removed = [{"line": line, "end_line": line, "rule": "sentence-conflict"}]
            self.assertEqual(r["removed"], removed, i)
            self.assertEqual(r["content"], without_lines(os.path.join(HERE, "kb", i), removed), i)
            self.assertNotIn("GB", r["content"])

    def test_no_content_by_default(self):
        for r in self.list:
            self.assertNotIn("content", r)
            self.assertNotIn("removed", r)


class Content(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.full = by_id(records("--content", "full", "kb"))
        cls.clean = by_id(records("--content", "clean", "kb"))

    def markdown(self, recs):
        return {i: r for i, r in recs.items() if i.endswith(".md") and i != "help/broken.md"}

    def test_full_is_the_body_byte_for_byte(self):
        for i, r in self.markdown(self.full).items():
            self.assertEqual(r["content"], body(os.path.join(HERE, "kb", i))[0], i)
            self.assertEqual(list(r), KEYS[:14] + ["content"] + KEYS[14:], i)
        for i, answer in FAQ_ANSWERS.items():
            self.assertEqual(self.full[i]["content"], answer, i)

    def test_clean_removes_paragraph_list_item_and_table_row(self):
        r = self.clean["help/promotions.md"]
        self.assertEqual(r["removed"], PROMOTIONS_REMOVED)
        path = os.path.join(HERE, "kb", "help", "promotions.md")
        self.assertEqual(r["content"], without_lines(path, PROMOTIONS_REMOVED))
        # the block with only a warning (as-of-outdated) stays
        self.assertIn("\nThese prices are current as of March 2020.\n", r["content"])
        self.assertNotIn("valid until", r["content"])
        self.assertIn("| Welcome pack | Free for every new customer. |\n", r["content"])
        self.assertEqual(list(r), KEYS[:14] + ["content", "removed"] + KEYS[14:])

    def test_clean_faq_answer(self):
        r = self.clean["help/faq.yaml#2"]
        self.assertEqual(r["removed"], [{"line": 12, "end_line": 12, "rule": "deadline-passed"}])
        self.assertEqual(r["content"], "\nAsk support for the student discount form.\n")

    def test_clean_keeps_everything_else(self):
        for i, r in self.clean.items():
            if i in ("help/promotions.md", "help/faq.yaml#2", "help/broken.md"):
                continue
            self.assertEqual(r["removed"], [], i)
            self.assertEqual(r["content"], self.full[i]["content"], i)

    def test_verdicts_do_not_change(self):
        for i, r in self.clean.items():
            self.assertEqual({k: r[k] for k in KEYS}, {k: self.full[i][k] for k in KEYS}, i)

    def test_content_from_config(self):
        with tempfile.TemporaryDirectory() as d:
            kb = os.path.join(d, "kb")
            shutil.copytree(os.path.join(HERE, "kb"), kb)
            with open(os.path.join(kb, ".kblint.yaml"), "a", encoding="utf-8") as f:
                f.write("export:\n  content: clean\n")
            recs = by_id(records("kb", cwd=d))
            self.assertEqual(recs["help/promotions.md"]["removed"], PROMOTIONS_REMOVED)
            # the command line wins
            recs = by_id(records("--content", "none", "kb", cwd=d))
            self.assertNotIn("content", recs["help/promotions.md"])


class Formats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.out = export("kb")
        cls.list = jsonl(cls.out)

    def test_json_is_one_array(self):
        out = export("-f", "json", "kb")
        doc = json.loads(out)
        for r in doc:
            validate(r, "json")
        self.assertEqual(doc, self.list)
        self.assertEqual(out, "[\n" + ",\n".join(self.out.splitlines()) + "\n]\n")

    def test_json_with_no_record(self):
        out = export("-f", "json", "--only", "trusted", "kb/help/overdue.md")
        self.assertEqual(out, "[]\n")
        self.assertEqual(export("--only", "trusted", "kb/help/overdue.md"), "")

    def test_csv(self):
        out = export("-f", "csv", "kb")
        rows = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(rows[0], CSV_HEADER)
        self.assertEqual(len(rows) - 1, len(self.list))

        def cell(v):
            if v is None:
                return ""
            if isinstance(v, dict):  # the error: its message
                v = v["message"]
            return "'" + v if v[:1] in ("=", "+", "-", "@", "\t", "\r") else v

        for row, r in zip(rows[1:], self.list):
            want = [cell(r[k]) if k != "reasons" else
                    "; ".join("%s (line %d)" % (x["rule"], x["line"]) for x in r["reasons"])
                    for k in CSV_HEADER]
            self.assertEqual(row, want, r["id"])
        soon = next(row for row in rows if row[0] == "help/review-soon.md")
        self.assertEqual(soon[4], "'@billing-team")  # a formula-looking cell
        promo = next(row for row in rows if row[0] == "help/promotions.md")
        self.assertEqual(promo[12], "deadline-passed (line 10); deadline-passed (line 15); "
                                    "deadline-passed (line 21); as-of-outdated (line 23)")

    def test_csv_with_content(self):
        out = export("-f", "csv", "--content", "clean", "kb")
        rows = list(csv.reader(io.StringIO(out, newline="")))
        self.assertEqual(rows[0], CSV_HEADER + ["content"])
        clean = by_id(records("--content", "clean", "kb"))
        promo = next(row for row in rows if row[0] == "help/promotions.md")
        self.assertEqual(promo[-1], clean["help/promotions.md"]["content"])

    def test_output_file(self):
        with tempfile.TemporaryDirectory() as d:
            target = os.path.join(d, "kb.jsonl")
            with open(target, "w") as f:
                f.write("old\n")
            code, out, err = run("export", "--today", TODAY, "-o", target, "kb")
            self.assertEqual((code, out, err), (0, "", ""))
            self.assertEqual(read_bytes(target).decode("utf-8"), self.out)
            jsonl(self.out)
            self.assertEqual(os.listdir(d), ["kb.jsonl"])  # no temporary file left
            target = os.path.join(d, "kb.json")
            code, out, err = run("export", "--today", TODAY, "-f", "json", "-o", target, "kb")
            self.assertEqual((code, out, err), (0, "", ""))
            for r in json.loads(read_bytes(target)):
                validate(r, "json -o")
            self.assertEqual(sorted(os.listdir(d)), ["kb.json", "kb.jsonl"])

    def test_same_report_for_every_jobs(self):
        for extra in ([], ["--content", "clean"], ["-f", "csv"]):
            outs = {j: export("-j", j, *extra, "kb") for j in ("1", "2", "4", "8")}
            if "-f" not in extra:
                jsonl(outs["1"])
            self.assertEqual(len(set(outs.values())), 1, extra)
        self.assertEqual(export("-j", "4", "kb"), self.out)


class Options(Tmp):
    def test_only(self):
        all_ = records("kb", cwd=HERE)
        for only in ("untrusted", "trusted,review", "excluded", "review,untrusted,excluded",
                     "trusted,review,untrusted,excluded"):
            got = records("--only", only, "kb", cwd=HERE)
            self.assertEqual(got, [r for r in all_ if r["trust"] in only.split(",")], only)
        self.assertEqual([r["id"] for r in records("--only", "review", "kb", cwd=HERE)],
                         ["help/faq.yaml#phone", "help/review-soon.md", "help/storage-faq.md",
                          "help/storage-pro.md"])

    def test_only_bogus(self):
        code, out, err = run("export", "--today", TODAY, "--only", "trusted,bogus", "kb")
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err.splitlines()[0],
                         "kblint: --only takes trusted, review, untrusted, excluded, not 'bogus'")

    def test_exit_zero_with_findings_and_load_errors(self):
        code, out, err = run("export", "--today", TODAY, "kb/help/broken.md",
                             "kb/help/overdue.md", cwd=HERE)
        self.assertEqual((code, err), (0, ""))
        self.assertEqual([(r["id"], r["trust"]) for r in jsonl(out)],
                         [("help/broken.md", "untrusted"), ("help/overdue.md", "untrusted")])

    def test_missing_path(self):
        code, out, err = run("export", "--today", TODAY, "kb", "nope.md", cwd=HERE)
        self.assertEqual((code, err), (2, "kblint: nope.md: no such file or folder\n"))
        self.assertEqual(out, export("kb"))  # the report of the others first
        jsonl(out)

    def test_unknown_key_under_export(self):
        self.config("export:\n  content: full\n  bogus: 1\n")
        code, out, err = run("export", "--today", TODAY, "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kb/.kblint.yaml:13:3: error: unknown key 'bogus' in 'export' "
                              "(expected one of: untrusted_on, review_on, exclude, content)\n")

    def test_bad_values(self):
        for text, where in (("export:\n  content: some\n", "kb/.kblint.yaml:12:12: error: "),
                            ("export:\n  untrusted_on: {categories: [stael]}\n",
                             "kb/.kblint.yaml:12:"),
                            ("export:\n  review_on: {severity: loud}\n", "kb/.kblint.yaml:12:"),
                            ("export:\n  exclude: [{values: [x]}]\n", "kb/.kblint.yaml:12:")):
            with self.subTest(text=text):
                shutil.copy(os.path.join(HERE, "kb", ".kblint.yaml"),
                            os.path.join(self.kb, ".kblint.yaml"))
                self.config(text)
                code, out, err = run("export", "--today", TODAY, "kb", cwd=self.dir)
                self.assertEqual((code, out), (2, ""))
                self.assertTrue(err.startswith(where) and " error: " in err
                                and err.count("\n") == 1, err)

    def test_policy_from_config(self):
        # warnings of category stale make an article untrusted; contradictions do not count
        self.config("export:\n  untrusted_on: {categories: [stale], severity: warning}\n"
                    "  review_on: {categories: [], due_soon: false}\n")
        recs = by_id(records("kb", cwd=self.dir))
        self.assertEqual(recs["help/review-soon.md"]["trust"], "untrusted")
        self.assertEqual(recs["help/faq.yaml#phone"]["trust"], "untrusted")
        self.assertEqual(recs["help/storage-faq.md"]["trust"], "trusted")
        self.assertEqual(recs["help/storage-faq.md"]["reasons"], [])
        self.assertEqual(recs["help/overdue.md"]["trust"], "untrusted")

    def test_due_soon_without_a_finding(self):
        # review-due-soon turned off: review_on.due_soon still sends the article to review
        self.config("severity:\n  review-due-soon: off\n")
        recs = by_id(records("kb", cwd=self.dir))
        self.assertEqual((recs["help/review-soon.md"]["trust"],
                          recs["help/review-soon.md"]["reasons"]), ("review", []))
        self.config("export:\n  review_on: {due_soon: false}\n")
        recs = by_id(records("kb", cwd=self.dir))
        self.assertEqual(recs["help/review-soon.md"]["trust"], "trusted")

    def test_shared_faq_metadata_counts_for_every_entry(self):
        # a Microsoft Learn FAQ file: its metadata (ms.date) is overdue, so is every entry
        write(self.kb, "help/learn-faq.yml",
              "### YamlMime:FAQ\nmetadata:\n  title: Billing questions\n"
              "  ms.author: billing-team\n  ms.date: 01/10/2026\ntitle: Billing questions\n"
              "summary: |\n  Answers about invoices.\nsections:\n  - name: Invoices\n"
              "    questions:\n      - question: Where are my invoices?\n        answer: |\n"
              "          Open **Billing** and choose **Invoices**.\n"
              "      - question: Can I change the invoice address?\n        answer: |\n"
              "          Yes, from the **Billing profile** page.\n")
        recs = [r for r in records("kb", cwd=self.dir) if r["path"] == "kb/help/learn-faq.yml"]
        self.assertGreaterEqual(len(recs), 2)
        self.assertEqual(len({r["id"] for r in recs}), len(recs))
        for r in recs:
            self.assertTrue(r["id"].startswith("help/learn-faq.yml#"), r["id"])
            self.assertEqual((r["trust"], r["owner"], r["due"]),
                             ("untrusted", "billing-team", "2026-07-10"), r["id"])
            self.assertEqual([(x["rule"], x["line"], x["column"]) for x in r["reasons"]],
                             [("review-overdue", 5, 12)], r["id"])
        titles = [r["title"] for r in recs]
        self.assertIn("Where are my invoices?", titles)
        self.assertIn("Can I change the invoice address?", titles)

    def test_exclude_from_config(self):
        write(self.kb, "help/staff.md", "---\ntitle: Staff rota\nowner: ops\n"
                                        "last_reviewed_on: 2026-10-01\naudience:\n"
                                        "  - customers\n  - Staff-Only\n---\n# Staff rota\n\n"
                                        "Shifts start at eight.\n")
        self.config("export:\n  exclude:\n    - {field: audience, values: [staff-only]}\n")
        recs = by_id(records("kb", cwd=self.dir))
        self.assertEqual(recs["help/staff.md"]["trust"], "excluded")
        self.assertTrue(recs["help/staff.md"]["excluded_by"].lower()
                        == "audience: staff-only", recs["help/staff.md"]["excluded_by"])


class OutDir(Tmp):
    def out_dir(self, out, *args):
        code, stdout, err = run("export", "--today", TODAY, "--out-dir", out, *args, "kb",
                                cwd=self.dir)
        self.assertEqual((code, err), (0, ""))
        return stdout

    def manifest(self, out):
        with open(os.path.join(self.dir, out, "manifest.jsonl"), encoding="utf-8") as f:
            text = f.read()
        recs = jsonl(text, "manifest.jsonl")
        for r in recs:
            self.assertIn("file", r)
            self.assertNotIn("content", r)
        return recs

    def test_writes_the_folder_and_rewrites_it(self):
        os.mkdir(os.path.join(self.dir, "out"))
        only = ("--only", "trusted,review")
        stdout = self.out_dir("out", *only)
        emitted = records(*only, "kb", cwd=self.dir)
        n = len(emitted)
        self.assertEqual(stdout, "kblint: out: %d articles (%d written, 0 unchanged, 0 removed)\n"
                         % (n, n))
        top = os.path.join(self.dir, "out")
        self.assertTrue(os.path.isfile(os.path.join(top, ".kblint-export")))
        manifest = self.manifest("out")
        self.assertEqual([{k: v for k, v in r.items() if k != "file"} for r in manifest], emitted)
        files = {r["id"]: r["file"] for r in manifest}
        self.assertEqual(files["help/trusted.md"], "help/trusted.md")
        self.assertEqual(files["help/policy.yaml"], "help/policy.yaml.md")
        self.assertEqual(files["help/faq.yaml#reset-password"], "help/faq.yaml/reset-password.md")
        self.assertEqual(files["help/faq.yaml#phone"], "help/faq.yaml/phone.md")
        on_disk = sorted(k for k, v in listing(top).items() if v is not None)
        self.assertEqual(on_disk, sorted(list(files.values()) + [".kblint-export",
                                                                 "manifest.jsonl"]))
        # a Markdown article: its front matter, kblint's two fields, its body byte for byte
        text = read_bytes(os.path.join(top, "help/trusted.md")).decode("utf-8")
        head, _, rest = text[4:].partition("\n---\n")
        self.assertTrue(text.startswith("---\n"))
        for line in ("title: Changing your email address", "owner: docs-team",
                     "last_reviewed_on: 2026-10-01", "expires: 2027-12-31",
                     "kblint_trust: trusted", "kblint_valid_until: 2027-04-01"):
            self.assertIn(line, head.splitlines())
        self.assertEqual(rest, body(os.path.join(self.kb, "help/trusted.md"))[0])
        faq = read_bytes(os.path.join(top, "help/faq.yaml/phone.md")).decode("utf-8")
        self.assertIn("\nkblint_trust: review\n", faq)
        policy = read_bytes(os.path.join(top, "help/policy.yaml.md")).decode("utf-8")
        head, _, rest = policy[4:].partition("\n---\n")
        self.assertTrue(policy.startswith("---\n"), policy)
        self.assertIn(head.splitlines()[0], ("title: Data retention", 'title: "Data retention"'))
        self.assertIn("kblint_trust: trusted", head.splitlines())
        # a YAML article's body is its answer (one blank line after the front matter is allowed)
        self.assertIn(rest, ("We keep deleted projects for 30 days, then erase them.\n",
                             "\nWe keep deleted projects for 30 days, then erase them.\n"))
        rest = faq[4:].partition("\n---\n")[2]
        self.assertIn(rest, ("Phone support is available on the Enterprise plan.\n",
                             "\nPhone support is available on the Enterprise plan.\n"))

        # a second run with nothing changed writes nothing
        old = 1_000_000_000
        for root, _, names in os.walk(top):
            for name in names:
                os.utime(os.path.join(root, name), (old, old))
        stdout = self.out_dir("out", *only)
        self.assertEqual(stdout, "kblint: out: %d articles (0 written, %d unchanged, 0 removed)\n"
                         % (n, n))

        # help/trusted.md turns stale: its file goes, every other file keeps its bytes and mtime
        before = listing(top)
        path = os.path.join(self.kb, "help/trusted.md")
        text = read_bytes(path).decode("utf-8").replace("last_reviewed_on: 2026-10-01",
                                                        "last_reviewed_on: 2025-01-01")
        write(self.kb, "help/trusted.md", text)
        stdout = self.out_dir("out", *only)
        self.assertEqual(stdout, "kblint: out: %d articles (0 written, %d unchanged, 1 removed)\n"
                         % (n - 1, n - 1))
        after = listing(top)
        self.assertNotIn("help/trusted.md", after)
        for rel, data in after.items():
            if rel != "manifest.jsonl":
                self.assertEqual(data, before[rel], rel)
                if data is not None:
                    self.assertEqual(os.stat(os.path.join(top, rel)).st_mtime, old, rel)
        self.assertEqual(sorted(set(before) - set(after)), ["help/trusted.md"])
        self.assertNotIn("help/trusted.md", [r["id"] for r in self.manifest("out")])

        # --only excluded: every file of the others goes, folders that are left empty too
        stdout = self.out_dir("out", "--only", "excluded")
        left = listing(top)
        self.assertNotIn("help/faq.yaml", left)
        self.assertNotIn("help/policy.yaml.md", left)
        self.assertIn("internal/runbook.md", left)
        self.assertEqual(sorted(r["file"] for r in self.manifest("out")),
                         sorted(k for k, v in left.items()
                                if v is not None and k not in (".kblint-export",
                                                               "manifest.jsonl")))

    def test_content_clean_in_the_folder(self):
        self.out_dir("out", "--content", "clean", "--only", "untrusted")
        top = os.path.join(self.dir, "out")
        text = read_bytes(os.path.join(top, "help/promotions.md")).decode("utf-8")
        self.assertIn("\nkblint_trust: untrusted\n", text)
        self.assertTrue(text.endswith("\n---\n" + without_lines(
            os.path.join(self.kb, "help/promotions.md"), PROMOTIONS_REMOVED)), text)
        manifest = {r["id"]: r for r in self.manifest("out")}
        self.assertEqual(manifest["help/promotions.md"]["removed"], PROMOTIONS_REMOVED)

    def test_foreign_file_refused(self):
        top = os.path.join(self.dir, "out")
        write(top, "notes.txt", "mine\n")
        code, out, err = run("export", "--today", TODAY, "--out-dir", "out", "kb", cwd=self.dir)
        self.assertEqual((code, out, err), (2, "", DIR_REFUSED % "out"))
        self.assertEqual(listing(top), {"notes.txt": b"mine\n"})

    def test_symlinked_subfolder_refused(self):
        self.out_dir("out")
        top = os.path.join(self.dir, "out")
        elsewhere = os.path.join(self.dir, "elsewhere")
        shutil.move(os.path.join(top, "help"), elsewhere)
        os.symlink(elsewhere, os.path.join(top, "help"))
        # make every file there stale content, so any write through the link would show
        before = listing(elsewhere)
        write(self.kb, "help/trusted.md", read_bytes(os.path.join(self.kb, "help/trusted.md"))
              .decode("utf-8").replace("Settings", "Preferences"))
        code, out, err = run("export", "--today", TODAY, "--out-dir", "out", "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: out/help: a symbolic link inside the export folder; "
                              "kblint export writes only inside it\n")
        self.assertEqual(listing(elsewhere), before)

    def test_symlinked_file_refused(self):
        self.out_dir("out")
        top = os.path.join(self.dir, "out")
        outside = write(self.dir, "outside.md", "mine\n")
        os.remove(os.path.join(top, "help/trusted.md"))
        os.symlink(outside, os.path.join(top, "help/trusted.md"))
        code, out, err = run("export", "--today", TODAY, "--out-dir", "out", "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: out/help/trusted.md: a symbolic link inside the export "
                              "folder; kblint export writes only inside it\n")
        self.assertEqual(read_bytes(outside), b"mine\n")
        self.assertTrue(os.path.islink(os.path.join(top, "help/trusted.md")))

    def test_pipe_in_the_folder_refused(self):
        # a FIFO where an article's file goes would block the run (or feed a reader): refused
        self.out_dir("out")
        top = os.path.join(self.dir, "out")
        os.remove(os.path.join(top, "help/trusted.md"))
        os.mkfifo(os.path.join(top, "help/trusted.md"))
        code, out, err = run("export", "--today", TODAY, "--out-dir", "out", "kb", cwd=self.dir)
        self.assertEqual((code, out), (2, ""))
        self.assertEqual(err, "kblint: out/help/trusted.md: not a plain file; kblint export "
                              "writes only plain files in its folder\n")
        self.assertTrue(stat.S_ISFIFO(os.lstat(os.path.join(top, "help/trusted.md")).st_mode))

    def test_entry_id_cannot_leave_the_folder(self):
        # an FAQ entry's own id names its file: one that climbs out must not write outside DIR
        with open(os.path.join(self.kb, "help/faq.yaml"), "a", encoding="utf-8") as f:
            f.write("- id: ../../../escape\n  question: Where is the office?\n"
                    "  owner: ops\n  last_reviewed_on: 2026-10-01\n  answer: |\n"
                    "    In the city centre.\n")
        before = {k: v for k, v in listing(self.dir).items() if not k.startswith("kb")}
        code, out, err = run("export", "--today", TODAY, "--out-dir", "out", "kb", cwd=self.dir)
        self.assertIn(code, (0, 2), err)
        after = {k: v for k, v in listing(self.dir).items()
                 if not k.startswith("kb") and not k.startswith("out")}
        self.assertEqual(after, {k: v for k, v in before.items() if not k.startswith("out")})
        self.assertFalse(os.path.exists(os.path.join(self.dir, "escape.md")))
        if code == 0:
            for r in self.manifest("out"):
                parts = r["file"].split("/")
                self.assertFalse(".." in parts or r["file"].startswith("/"), r["file"])

    def test_not_with_output_or_format(self):
        for extra in (["-o", "x.jsonl"], ["-f", "csv"]):
            code, out, err = run("export", "--today", TODAY, "--out-dir", "out", *extra, "kb",
                                 cwd=self.dir)
            self.assertEqual((code, out), (2, ""), extra)
            self.assertTrue(err.startswith("kblint: "), err)
            self.assertFalse(os.path.exists(os.path.join(self.dir, "out")), extra)
            self.assertFalse(os.path.exists(os.path.join(self.dir, "x.jsonl")), extra)


if __name__ == "__main__":
    unittest.main(verbosity=2)
