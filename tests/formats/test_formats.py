#!/usr/bin/python3
"""Output formats, each checked against what its consumer accepts: SARIF against the SARIF
2.1.0 JSON schema, JUnit against the Ant JUnit XSD (both from ../shared/schemas, skipped with a
message when absent), GitHub workflow commands, GitLab Code Quality and Checkstyle by their
documented shapes, Markdown exactly. Hostile article text goes through every format."""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SCHEMAS = os.environ.get("KBLINT_SCHEMAS", os.path.join(ROOT, "..", "shared", "schemas"))

# an article whose text and name carry everything a format must escape
HOSTILE_NAME = 'we"ird <&> %25, name:x.md'
HOSTILE = ('---\nlast_reviewed_on: 2025-01-01\nowner: "a\\"b <c> & d]]>"\n---\n'
           '# TODO: fix <b>this</b> & "that" ]]> %0A, :: 100%\n\n'
           'TBD \x01 control \x7f and ]]> and `code` & <script>alert(1)</script>\n')


def run(args, cwd, env=None):
    """kbtest.run without GITHUB_STEP_SUMMARY unless env sets it: a GitHub runner's step summary
    must not leak into the formats' expected output."""
    return kbtest.run(args, cwd=cwd, env={"GITHUB_STEP_SUMMARY": None, **(env or {})})


def validate_sarif(test, doc):
    """Validates doc against the SARIF 2.1.0 schema, or says why it cannot."""
    schema = os.path.join(SCHEMAS, "sarif-schema-2.1.0.json")
    try:
        import jsonschema
    except ImportError:
        jsonschema = None
    if jsonschema and os.path.exists(schema):
        with open(schema) as f:
            jsonschema.validate(doc, json.load(f))
    else:
        print("SKIP schema validation: %s" % ("python3-jsonschema is not installed" if not jsonschema
                                               else schema + " is missing"))


def file_uri(path):
    """path as kblint writes a file URI: RFC 3986's unreserved and sub-delims, '/' and '@' kept."""
    return "file://" + urllib.parse.quote(path, safe="/-._~!$&'()*+,;=@")


class Formats(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp()
        with open(os.path.join(cls.tmp, HOSTILE_NAME), "w") as f:
            f.write(HOSTILE)
        with open(os.path.join(cls.tmp, "clean.md"), "w") as f:
            f.write("---\nlast_reviewed_on: 2026-11-01\nowner: support-team\n---\nAll good.\n")
        with open(os.path.join(cls.tmp, "broken.md"), "w") as f:
            f.write("---\ntitle: [x\n---\n")
        cls.base = ["check", "--no-config", "--today", "2026-11-25", "."]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp)

    def out(self, fmt):
        p = run(self.base + ["--format", fmt], self.tmp)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual(p.stderr, "")
        return p.stdout

    def test_sarif_valid_and_complete(self):
        doc = json.loads(self.out("sarif"))
        validate_sarif(self, doc)
        run_ = doc["runs"][0]
        self.assertEqual(doc["version"], "2.1.0")
        ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
        self.assertEqual(ids, sorted(set(r["ruleId"] for r in run_["results"])))
        res = [r for r in run_["results"] if r["ruleId"] == "review-overdue"][0]
        self.assertEqual(res["level"], "error")
        loc = res["locations"][0]["physicalLocation"]
        # ':' is encoded too, so "name:x.md" cannot be read as a URI scheme
        self.assertEqual(loc["artifactLocation"], {"uri": "we%22ird%20%3C&%3E%20%2525,%20name%3Ax.md",
                                                   "uriBaseId": "%SRCROOT%"})
        self.assertEqual(loc["region"], {"startLine": 2, "startColumn": 19})
        self.assertRegex(res["partialFingerprints"]["kblint/v1"], "^[0-9a-f]{16}$")
        notes = run_["invocations"][0]["toolExecutionNotifications"]
        self.assertEqual(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "broken.md")

    def test_junit_valid(self):
        text = self.out("junit")
        root = ET.fromstring(text)
        suites = root.findall("testsuite")
        self.assertEqual([s.get("name") for s in suites], ["broken.md", "clean.md", HOSTILE_NAME])
        clean = suites[1]
        self.assertEqual((clean.get("tests"), clean.get("failures")), ("1", "0"))
        hostile = suites[2]
        names = [c.get("name") for c in hostile.findall("testcase")]
        self.assertIn("placeholder-todo", names)
        failure = [c for c in hostile.findall("testcase") if c.get("name") == "placeholder-todo"][0].find("failure")
        self.assertEqual(failure.text.count("\n"), 2)  # both placeholders in one failure
        self.assertEqual(suites[0].get("errors"), "1")
        # Jenkins cuts a classname at its last '.': each article is a class of its own, its
        # path with '.' as '_', never "md"
        self.assertEqual([sorted(set(c.get("classname") for c in s.findall("testcase"))) for s in suites],
                         [["broken_md"], ["clean_md"], [HOSTILE_NAME.replace(".", "_")]])
        xsd = os.path.join(SCHEMAS, "junit.xsd")
        if shutil.which("xmllint") and os.path.exists(xsd):
            with tempfile.NamedTemporaryFile("w", suffix=".xml", delete=False) as f:
                f.write(text)
            p = subprocess.run(["xmllint", "--noout", "--schema", xsd, f.name], capture_output=True, text=True)
            os.unlink(f.name)
            self.assertEqual(p.returncode, 0, p.stderr)
        else:
            print("SKIP JUnit schema validation: xmllint or %s is missing" % xsd)

    def test_junit_classname_in_a_folder(self):
        kb = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kb")
        p = run(["check", "--no-config", "--today", "2026-11-25", "--format", "junit", "./kb"],
                os.path.dirname(kb))
        self.assertEqual(p.returncode, 1, p.stderr)
        root = ET.fromstring(p.stdout)
        self.assertEqual([c.get("classname") for c in root.iter("testcase")],
                         ["kb/broken_md", "kb/pricing_md", "kb/refunds_md", "kb/refunds_md", "kb/refunds_md"])
        self.assertEqual([s.get("name") for s in root.findall("testsuite")],
                         ["./kb/broken.md", "./kb/pricing.md", "./kb/refunds.md"])

    def test_github(self):
        lines = self.out("github").splitlines()
        self.assertEqual(lines[0], "::error file=broken.md,line=3,title=kblint::invalid YAML in front matter: "
                         "did not find expected ',' or ']' while parsing a flow sequence started at line 2, column 8")
        self.assertIn("::error file=we\"ird <&> %2525%2C name%3Ax.md,line=2,col=19,title=review-overdue::"
                      "review was due 2025-07-01 (512 days ago); owner: a\"b <c> & d]]>", lines)
        self.assertTrue(all(l.startswith(("::error ", "::warning ", "::notice ")) for l in lines))

    def test_github_errors_first(self):
        # GitHub shows only 10 error and 10 warning annotations per step: errors come first,
        # then warnings, then notices, each in report order
        kb = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kb")
        p = run(["check", "--no-config", "--today", "2026-11-25", "--format", "github", "."], kb)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertEqual([l.split(" ")[0] + " " + l.split(",")[0].split("=")[1] for l in p.stdout.splitlines()],
                         ["::error broken.md", "::error refunds.md", "::error refunds.md",
                          "::warning refunds.md", "::notice pricing.md"])
        self.assertLess(p.stdout.index("review-overdue"), p.stdout.index("placeholder-todo"))

    def test_github_step_summary(self):
        kb = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kb")
        base = ["check", "--no-config", "--today", "2026-11-25"]
        markdown = run(base + ["--format", "markdown", "."], kb).stdout
        with tempfile.TemporaryDirectory() as tmp:
            summary = os.path.join(tmp, "summary.md")
            with open(summary, "w") as f:
                f.write("# An earlier step\n")
            p = run(base + ["--format", "github", "."], kb, {"GITHUB_STEP_SUMMARY": summary})
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertEqual(p.stderr, "")
            with open(summary) as f:
                self.assertEqual(f.read(), "# An earlier step\n\n" + markdown)
            lines = p.stdout.splitlines()
            self.assertEqual(lines[-1], "::notice title=kblint::The step summary lists all 4 findings (2 errors, "
                             "1 warning, 1 info) and 1 file that could not be checked; GitHub shows at most 10 "
                             "error and 10 warning annotations per step")
            self.assertEqual(len(lines), 6)
            # --min-severity hides the same findings in both
            os.unlink(summary)
            p = run(base + ["--format", "github", "--min-severity", "error", "-o", os.path.join(tmp, "out"), "."],
                    kb, {"GITHUB_STEP_SUMMARY": summary})
            with open(summary) as f:
                self.assertEqual(f.read(), run(base + ["--format", "markdown", "--min-severity", "error", "."], kb).stdout)
            with open(os.path.join(tmp, "out")) as f:
                self.assertTrue(f.read().endswith("all 2 findings (2 errors, 0 warnings, 0 info) and 1 file that could "
                                                  "not be checked; GitHub shows at most 10 error and 10 warning "
                                                  "annotations per step\n"))
            # a summary file that cannot be written: a warning, the annotations, no notice
            bad = os.path.join(tmp, "no", "such", "folder")
            p = run(base + ["--format", "github", "."], kb, {"GITHUB_STEP_SUMMARY": bad})
            self.assertEqual(p.returncode, 1)
            self.assertEqual(p.stderr, "kblint: warning: cannot append the report to the step summary "
                             "(GITHUB_STEP_SUMMARY) %s: No such file or directory\n" % bad)
            self.assertEqual(len(p.stdout.splitlines()), 5)
            self.assertNotIn("step summary", p.stdout)
            # an empty GITHUB_STEP_SUMMARY is no summary
            p = run(base + ["--format", "github", "."], kb, {"GITHUB_STEP_SUMMARY": ""})
            self.assertEqual((p.stderr, len(p.stdout.splitlines())), ("", 5))

    def test_gitlab(self):
        doc = json.loads(self.out("gitlab"))
        self.assertTrue(doc)
        for issue in doc:
            self.assertEqual(set(issue) - {"categories"}, {"description", "check_name", "fingerprint", "severity", "location"})
            self.assertIn(issue["severity"], ("info", "minor", "major", "critical", "blocker"))
            self.assertIsInstance(issue["location"]["lines"]["begin"], int)
        fps = [i["fingerprint"] for i in doc]
        self.assertEqual(len(fps), len(set(fps)))  # GitLab needs them unique

    def test_checkstyle(self):
        root = ET.fromstring(self.out("checkstyle"))
        self.assertEqual(root.tag, "checkstyle")
        files = [f.get("name") for f in root.findall("file")]
        self.assertEqual(files, ["broken.md", HOSTILE_NAME])
        err = [e for e in root.iter("error") if e.get("source") == "kblint.review-overdue"][0]
        self.assertEqual((err.get("line"), err.get("column"), err.get("severity")), ("2", "19", "error"))
        self.assertEqual(err.get("message"), "review was due 2025-07-01 (512 days ago); owner: a\"b <c> & d]]>")

    def test_markdown(self):
        text = self.out("markdown")
        self.assertTrue(text.startswith("## kblint\n\n"))
        rows = [l for l in text.splitlines() if l.startswith("| ")]
        self.assertEqual(rows[0], "| Severity | Location | Rule | Message |")
        for r in rows[2:]:
            # every row has exactly four cells: a '|' in the text would add one
            self.assertEqual(r.replace("\\|", "").count("|"), 5, r)
        # '&', '<' and '>' are entities in every cell, so no tag or entity in a path or a
        # message is read as HTML
        self.assertIn('| error | we"ird &lt;&amp;&gt; %25, name:x.md:2:19 | review-overdue | review was due '
                      '2025-07-01 (512 days ago); owner: a"b &lt;c&gt; &amp; d\\]\\]&gt; |', rows)

    def test_markdown_pipe_and_entities_in_a_path(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(os.path.join(tmp, "a|b &amp; <i>.md"), "w") as f:
                f.write("---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nIt costs TBD.\n")
            p = run(["check", "--no-config", "--today", "2026-11-25", "--format", "markdown", "."], tmp)
            self.assertEqual(p.returncode, 1, p.stderr)
            self.assertIn("| error | a\\|b &amp;amp; &lt;i&gt;.md:5:10 | placeholder-todo | "
                          "placeholder 'TBD' must not reach customers |\n", p.stdout)

    def test_json_and_text_still_parse(self):
        json.loads(self.out("json"))
        self.assertIn("placeholder-todo", self.out("text"))

    def test_baseline_fingerprint_survives_inserted_lines(self):
        a = {f["ruleId"]: f["partialFingerprints"]["kblint/v1"]
             for f in json.loads(self.out("sarif"))["runs"][0]["results"]}
        path = os.path.join(self.tmp, HOSTILE_NAME)
        with open(path) as f:
            text = f.read()
        with open(path, "w") as f:
            f.write(text.replace("---\n# TODO", "---\n\nA new line.\n\n# TODO", 1))
        try:
            b = {f["ruleId"]: f["partialFingerprints"]["kblint/v1"]
                 for f in json.loads(self.out("sarif"))["runs"][0]["results"]}
        finally:
            with open(path, "w") as f:
                f.write(text)
        self.assertEqual(a, b)


DOCS_URL = "https://github.com/kblint/kblint/blob/main/docs/rules.md"  # meson's rules_docs_url


def github_slug(heading):
    """GitHub's anchor for a heading: lower case, punctuation but '-' and '_' dropped, spaces as '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


class Sarif(unittest.TestCase):
    """What GitHub code scanning reads from a SARIF run: where the files are (%SRCROOT%), how
    columns count, the rules' help and documentation, the category, and the results limit."""

    def setUp(self):
        self.tmp = os.path.realpath(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.tmp)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def sarif(self, args, cwd=None, status=1):
        p = run(["check", "--today", "2026-11-25", "--format", "sarif"] + args, cwd or self.tmp)
        self.assertEqual(p.returncode, status, p.stderr)
        doc = json.loads(p.stdout)
        validate_sarif(self, doc)
        return doc["runs"][0], p.stderr

    def test_srcroot_column_kind_and_uris(self):
        self.write("docs/é #1?.md", "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nCafé — TBD.\n")
        self.write("docs/plain.md", "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nTBD.\n")
        outside = os.path.realpath(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, outside)
        with open(os.path.join(outside, "far away.md"), "w") as f:
            f.write("---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nTBD.\n")
        run_, _ = self.sarif(["--no-config", "docs", os.path.join(self.tmp, "docs", "plain.md"),
                              "./docs/../docs/plain.md", os.path.join(outside, "far away.md")])
        self.assertEqual(run_["columnKind"], "unicodeCodePoints")
        self.assertEqual(run_["originalUriBaseIds"], {"%SRCROOT%": {"uri": file_uri(self.tmp) + "/"}})
        self.assertNotIn("automationDetails", run_)
        locs = [(r["locations"][0]["physicalLocation"]["artifactLocation"],
                 r["locations"][0]["physicalLocation"]["region"]) for r in run_["results"]]
        self.assertEqual(locs, [
            # the region ends where the match ("TBD") does
            ({"uri": "docs/plain.md", "uriBaseId": "%SRCROOT%"}, {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 4}),
            # a code point column: 'é' and '—' count one each
            ({"uri": "docs/%C3%A9%20%231%3F.md", "uriBaseId": "%SRCROOT%"}, {"startLine": 5, "startColumn": 8, "endLine": 5, "endColumn": 11}),
            # an absolute path below the root, and "..", are relative to it too
            ({"uri": "docs/plain.md", "uriBaseId": "%SRCROOT%"}, {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 4}),
            ({"uri": "docs/plain.md", "uriBaseId": "%SRCROOT%"}, {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 4}),
            # outside the root: an absolute file URI with no uriBaseId
            ({"uri": file_uri(outside) + "/far%20away.md"}, {"startLine": 5, "startColumn": 1, "endLine": 5, "endColumn": 4}),
        ])

    def test_rules_have_help_and_a_documented_help_uri(self):
        self.write("a.md", "---\nlast_reviewed_on: 2020-01-01\n---\nTBD. <!-- TODO --> [x](http://example.com)\n")
        run_, _ = self.sarif(["--no-config", "."])
        rules = run_["tool"]["driver"]["rules"]
        self.assertEqual([r["id"] for r in rules], ["link-insecure-http", "owner-missing", "placeholder-in-comment",
                                                    "placeholder-todo", "review-overdue"])
        with open(os.path.join(ROOT, "docs", "rules.md")) as f:
            anchors = {github_slug(l.lstrip("#")) for l in f.read().splitlines() if l.startswith("#")}
        for r in rules:
            self.assertEqual(r["helpUri"], DOCS_URL + "#" + r["id"])
            self.assertIn(r["id"], anchors)  # the link lands on the rule's own section
            self.assertEqual(r["help"]["text"], r["fullDescription"]["text"])
            self.assertTrue(r["help"]["markdown"].endswith(
                "\n\n[%s](<%s>): examples and how to fix it." % (r["id"], r["helpUri"])))
        comment = [r for r in rules if r["id"] == "placeholder-in-comment"][0]
        # the description's "<!-- TODO ... -->" is text in help.markdown, not a hidden comment
        self.assertIn("(&lt;!-- TODO: add the EU prices --&gt;)", comment["help"]["markdown"])
        todo = [r for r in rules if r["id"] == "placeholder-todo"][0]
        self.assertIn("such as \\[citation needed\\]", todo["help"]["markdown"])

    def test_code_spans_stay_code_in_help_markdown(self):
        self.write("a.md", "---\nowner: x\nlast_reviewed_on: 2026-11-01\nstatus: draft\n---\nText.\n")
        run_, _ = self.sarif(["--no-config", "."])
        draft = [r for r in run_["tool"]["driver"]["rules"] if r["id"] == "draft-published"][0]
        self.assertTrue(draft["help"]["markdown"].startswith(
            "A draft (the `status` role is `draft`) in a file the config's `publish` globs publish.\n"
            "By default every article is published (`publish: ['**']`)"), draft["help"]["markdown"])

    def test_rules_docs_url_and_user_rules(self):
        self.write(".kblint.yaml", "rules_docs_url: https://kb.example.com/kblint/rules.html\nrules: [mine.yaml]\n")
        self.write("mine.yaml", """rules:
  - id: internal-ticket
    kind: pattern
    category: unverified
    severity: error
    message: "internal ticket '$0'"
    description: A reference to an internal ticket (`SUP-1`) <b>customers</b> cannot open.
    url: https://wiki.example.com/kb-rules#internal-ticket
    pattern: 'SUP-\\d+'
  - id: no_docs
    kind: pattern
    category: style
    severity: warning
    message: "'$0'"
    description: "A rule with no page: *stars* & `` `code` `` and a ` alone."
    pattern: 'Zork'
""")
        self.write("a.md", "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nSee SUP-12 and Zork, TBD.\n")
        run_, _ = self.sarif(["."])
        rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
        self.assertEqual(rules["placeholder-todo"]["helpUri"], "https://kb.example.com/kblint/rules.html#placeholder-todo")
        self.assertEqual(rules["internal-ticket"]["helpUri"], "https://wiki.example.com/kb-rules#internal-ticket")
        self.assertEqual(rules["internal-ticket"]["help"]["markdown"],
                         "A reference to an internal ticket (`SUP-1`) &lt;b&gt;customers&lt;/b&gt; cannot open.\n\n"
                         "[internal-ticket](<https://wiki.example.com/kb-rules#internal-ticket>): examples and how to fix it.")
        # a user rule with no url: help, no helpUri
        self.assertNotIn("helpUri", rules["no_docs"])
        # a lone backtick is text, a code span (here of two backticks) stays code
        self.assertEqual(rules["no_docs"]["help"], {
            "text": "A rule with no page: *stars* & `` `code` `` and a ` alone.",
            "markdown": "A rule with no page: \\*stars\\* &amp; `` `code` `` and a \\` alone."})

    def test_bad_urls_are_config_errors(self):
        self.write(".kblint.yaml", "rules_docs_url: https://kb.example.com/rules.html#x\n")
        self.write("a.md", "Text.\n")
        p = run(["check", "--format", "sarif", "."], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, ".kblint.yaml:1:17: error: 'rules_docs_url' must be an http or https URL of "
                         "the rules' documentation such as 'https://kb.example.com/kblint/rules.html', with no "
                         "space, quote, '?' or '#' (kblint adds '#RULE-ID'), not 'https://kb.example.com/rules.html#x'\n")
        self.write(".kblint.yaml", "rules: [mine.yaml]\n")
        self.write("mine.yaml", "rules:\n  - id: r\n    kind: pattern\n    category: style\n    severity: info\n"
                   "    message: m\n    url: 'javascript:alert(1)'\n    pattern: x\n")
        p = run(["check", "--format", "sarif", "."], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stderr, "mine.yaml:7:10: error: 'url' must be an http or https URL with no space or "
                         "quote, such as 'https://wiki.example.com/kb-rules#my-rule'\n")

    def test_sarif_category(self):
        self.write("a.md", "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\nTBD.\n")
        run_, _ = self.sarif(["--no-config", "--sarif-category", "docs", "."])
        self.assertEqual(run_["automationDetails"], {"id": "kblint/docs/"})
        run_, _ = self.sarif(["--no-config", "--sarif-category", "faq/en", "."])
        self.assertEqual(run_["automationDetails"], {"id": "kblint/faq/en/"})
        for bad in ("", "a b", "/x", "x\"y", "é"):
            p = run(["check", "--no-config", "--format", "sarif", "--sarif-category", bad, "."], self.tmp)
            self.assertEqual(p.returncode, 2, bad)
            self.assertTrue(p.stderr.startswith("kblint: --sarif-category needs a name of letters, digits and "
                                                "'-', '_', '.', ':', '/' (such as 'docs' or 'faq/en'), not '%s'\n"
                                                % bad), p.stderr)
        p = run(["check", "--no-config", "--sarif-category", "docs", "."], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: --sarif-category needs --format sarif\n"), p.stderr)
        p = run(["rules", "--sarif-category", "docs"], self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: option '--sarif-category' does not apply to this command\n"))

    def test_results_past_githubs_limit(self):
        # 250 files, each with 96 TODOs (errors), 6 http links (warnings) and 2 info findings:
        # 24,000 errors, 1,500 warnings, 500 info; 25,000 are kept: every error, the first
        # 1,000 warnings in report order, no info
        body = "".join("Line %d TODO.\n\n" % j for j in range(96))
        body += "".join("[l%d](http://example.com/%d)\n\n" % (j, j) for j in range(6))
        body += "Sign in prior to paying.\n\n<!-- TODO x -->\n"
        for i in range(250):
            self.write("kb/a%03d.md" % i, "---\nowner: x\nlast_reviewed_on: 2026-11-01\n---\n" + body)
        t = time.monotonic()
        every = json.loads(run(["check", "--no-config", "--today", "2026-11-25", "--format", "json", "kb"],
                               self.tmp).stdout)["findings"]
        self.assertEqual(len(every), 26000)
        p = run(["check", "--no-config", "--today", "2026-11-25", "--format", "sarif", "kb"], self.tmp)
        self.assertLess(time.monotonic() - t, 30)
        self.assertEqual(p.returncode, 1)
        message = ("26000 results, more than the 25000 GitHub code scanning takes in a run: this report keeps "
                   "the 25000 most severe and leaves out 1000 (0 errors, 500 warnings, 500 info); the other "
                   "formats list every finding")
        self.assertEqual(p.stderr, "kblint: warning: " + message + "\n")
        run_ = json.loads(p.stdout)["runs"][0]
        self.assertEqual(run_["invocations"][0]["toolExecutionNotifications"],
                         [{"level": "warning", "message": {"text": message}}])
        got = [(r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run_["results"]]
        self.assertEqual(len(got), 25000)
        errors = [f for f in every if f["severity"] == "error"]
        warnings = [f for f in every if f["severity"] == "warning"]
        kept = {id(f) for f in errors + warnings[:1000]}
        want = [(f["rule"], f["file"], f["line"]) for f in every if id(f) in kept]
        self.assertEqual(got, want)  # in report order
        self.assertEqual({r["level"] for r in run_["results"]}, {"error", "warning"})
        self.assertEqual([r["id"] for r in run_["tool"]["driver"]["rules"]], ["link-insecure-http", "placeholder-todo"])
        # below the limit (240 files: 24,960 results) nothing is left out and nothing is said
        for i in range(240, 250):
            os.unlink(os.path.join(self.tmp, "kb", "a%03d.md" % i))
        p = run(["check", "--no-config", "--today", "2026-11-25", "--format", "sarif", "kb"], self.tmp)
        self.assertEqual(p.stderr, "")
        run_ = json.loads(p.stdout)["runs"][0]
        self.assertEqual(len(run_["results"]), 24960)
        self.assertEqual(run_["invocations"][0]["toolExecutionNotifications"], [])


class RulesDoc(unittest.TestCase):
    """docs/rules.md, where SARIF's helpUri points, is generated from rules/ by scripts/rules-doc
    and has a section per shipped rule whose GitHub anchor is the rule id."""

    def test_up_to_date_with_the_rule_packs(self):
        p = subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "scripts", "rules-doc")],
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        with open(os.path.join(ROOT, "docs", "rules.md")) as f:
            self.assertTrue(p.stdout == f.read(),
                            "docs/rules.md is out of date with rules/: run scripts/rules-doc --write")

    def test_every_shipped_rule_has_its_anchor(self):
        p = run(["rules", "--no-config"], ROOT)
        self.assertEqual(p.returncode, 0, p.stderr)
        ids = [l.split()[0] for l in p.stdout.splitlines()[1:]]
        self.assertGreater(len(ids), 30)
        with open(os.path.join(ROOT, "docs", "rules.md")) as f:
            text = re.sub(r"(?ms)^(`{3,}).*?^\1$", "", f.read())  # headings outside code blocks
        slugs = [github_slug(l.lstrip("#")) for l in text.splitlines() if re.match(r"#+ ", l)]
        # GitHub numbers a repeated slug ("x-1"), which would move an anchor
        self.assertEqual(len(slugs), len(set(slugs)), slugs)
        for i in ids:
            self.assertIn(i, slugs)
            self.assertEqual(github_slug(i), i)


class TextControlCharacters(unittest.TestCase):
    """The text format is read by people in a terminal and by editors line by line: a newline
    or an escape sequence in a file name or in article text must not reach them as such."""

    def test_control_characters_become_replacement_characters(self):
        with tempfile.TemporaryDirectory() as tmp:
            # YAML escapes give the owner a newline with a forged finding after it, a terminal
            # title sequence and a C1 control (CSI); the file name has a newline and an ESC
            name = "new\nline\x1b[31m.md"
            with open(os.path.join(tmp, name), "w") as f:
                f.write('---\nowner: "x\\nfake.md:1:1: error: forged [x]\\e]0;t\\a \\u009b31m"\n'
                        'last_reviewed_on: 2026-01-01\n---\nText.\n')
            p = run(["check", "--no-config", "--today", "2026-11-25", "-q", "--color"], tmp)
            self.assertEqual(p.returncode, 1, p.stderr)
            r = "\ufffd"
            self.assertEqual(p.stdout,
                             "\x1b[1mnew%sline%s[31m.md:3:19:\x1b[0m \x1b[1;31merror\x1b[0m: "
                             "review was due 2026-07-01 (147 days ago); owner: x%sfake.md:1:1: "
                             "error: forged [x]%s]0;t%s %s31m \x1b[2m[review-overdue]\x1b[0m\n"
                             % (r, r, r, r, r, r))


class Golden(unittest.TestCase):
    """The exact output of each line-oriented or small format for tests/formats/kb, checked
    against tests/formats/expected.FORMAT (regenerate with KBLINT_UPDATE=1 and read the diff)."""

    def test_golden(self):
        kb = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kb")
        for fmt in ("github", "gitlab", "checkstyle", "markdown", "junit", "sarif"):
            p = run(["check", "--no-config", "--today", "2026-11-25", "--format", fmt, "."], kb)
            self.assertEqual(p.returncode, 1, fmt + p.stderr)
            # SARIF names the folder it ran in (%SRCROOT%): the same text wherever the checkout is
            out = p.stdout.replace('"uri": "%s/"' % file_uri(os.path.realpath(kb)), '"uri": "file:///KB/"')
            path = os.path.join(os.path.dirname(kb), "expected." + fmt)
            if os.environ.get("KBLINT_UPDATE"):
                with open(path, "w") as f:
                    f.write(out)
            with open(path) as f:
                self.assertEqual(out, f.read(), fmt)


if __name__ == "__main__":
    unittest.main(verbosity=2)
