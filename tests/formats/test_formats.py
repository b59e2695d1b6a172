#!/usr/bin/python3
"""Output formats, each checked against what its consumer accepts: SARIF against the SARIF
2.1.0 JSON schema, JUnit against the Ant JUnit XSD (both from ../shared/schemas, skipped with a
message when absent), GitHub workflow commands, GitLab Code Quality and Checkstyle by their
documented shapes, Markdown exactly. Hostile article text goes through every format."""
import csv
import io
import json
import os
import shutil
import subprocess
import tempfile
import unittest
import xml.etree.ElementTree as ET

KBLINT = os.environ.get("KBLINT", "build/kblint")
ROOT = os.environ.get("KBLINT_SOURCE_ROOT", os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SCHEMAS = os.path.join(ROOT, "..", "shared", "schemas")

# an article whose text and name carry everything a format must escape
HOSTILE_NAME = 'we"ird <&> %25, name:x.md'
HOSTILE = ('---\nlast_reviewed_on: 2025-01-01\nowner: "a\\"b <c> & d]]>"\n---\n'
           '# TODO: fix <b>this</b> & "that" ]]> %0A, :: 100%\n\n'
           'TBD \x01 control \x7f and ]]> and `code` & <script>alert(1)</script>\n')


def run(args, cwd, env=None):
    # a GitHub runner's step summary must not leak into the formats' expected output
    env = dict(os.environ, **(env or {}))
    if "GITHUB_STEP_SUMMARY" not in (env or {}):
        env.pop("GITHUB_STEP_SUMMARY", None)
    return subprocess.run([KBLINT] + args, cwd=cwd, capture_output=True, text=True, timeout=60, env=env)


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
        run_ = doc["runs"][0]
        self.assertEqual(doc["version"], "2.1.0")
        ids = [r["id"] for r in run_["tool"]["driver"]["rules"]]
        self.assertEqual(ids, sorted(set(r["ruleId"] for r in run_["results"])))
        res = [r for r in run_["results"] if r["ruleId"] == "review-overdue"][0]
        self.assertEqual(res["level"], "error")
        loc = res["locations"][0]["physicalLocation"]
        self.assertEqual(loc["artifactLocation"]["uri"], "we%22ird%20%3C&%3E%20%2525,%20name:x.md")
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
            path = os.path.join(os.path.dirname(kb), "expected." + fmt)
            if os.environ.get("KBLINT_UPDATE"):
                with open(path, "w") as f:
                    f.write(p.stdout)
            with open(path) as f:
                self.assertEqual(p.stdout, f.read(), fmt)


if __name__ == "__main__":
    unittest.main(verbosity=2)
