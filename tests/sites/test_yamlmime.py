#!/usr/bin/python3
"""docfx / Microsoft Learn YAML files (YamlMime): the fixture site fixtures/sites/docfx-faq and,
when ../shared is beside the checkout, the officedocs-support corpus.

- An FAQ file (### YamlMime:FAQ) is one article per question: a TODO and a guarantee in the
  answers are found at their line:column in the YAML, the file's metadata (ms.date) gives one
  review-overdue finding, not one per question, and links to its questions' anchors resolve.
- A landing page and a TOC are no articles: no freshness or prose finding, but their broken
  links are link-missing-file.
- A YAML file that looks like an article but gives none is one load error saying why (exit 1),
  and is not counted as checked.
- officedocs-support: every finding in a YamlMime or TOC file is a link finding, and the missing
  link targets of those files are exactly those computed here, independently, with PyYAML."""
import json
import os
import sys
import tarfile
import tempfile
import unittest

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import ROOT  # noqa: E402

SITES = os.path.join(ROOT, "fixtures", "sites")
LINK_KEYS = {"url", "href", "link", "topicHref", "tocHref", "homepage", "imageSrc", "src",
             "breadcrumb_path", "toc_rel"}
FRESHNESS = {"review-overdue", "review-due-soon", "expired", "reviewed-missing", "date-invalid",
             "interval-invalid", "reviewed-in-future"}


def run(args, cwd):
    """kbtest.run, with the time a whole corpus takes."""
    return kbtest.run(args, cwd=cwd, timeout=120)


class Fixture(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        p = run(["check", "--format", "json", "docfx-faq"], SITES)
        cls.exit = p.returncode
        cls.report = json.loads(p.stdout)
        cls.findings = cls.report["findings"]

    def of(self, path, rule=None):
        return [(f["line"], f["column"], f["rule"]) for f in self.findings
                if f["file"] == "docfx-faq/" + path and (rule is None or f["rule"] == rule)]

    def test_golden(self):
        p = run(["check", "--no-color", "docfx-faq"], SITES)
        with open(os.path.join(SITES, "docfx-faq.out")) as f:
            want = f.read()
        self.assertEqual(p.stdout + p.stderr + "exit: %d\n" % p.returncode, want)

    def test_answers_are_prose_at_their_yaml_position(self):
        self.assertIn((19, 39, "placeholder-todo"), self.of("support/faq.yml"))  # literal block
        self.assertIn((22, 23, "claim-guarantee"), self.of("support/faq.yml"))
        self.assertIn((27, 17, "placeholder-todo"), self.of("support/faq.yml"))  # folded: start
        self.assertIn((31, 23, "placeholder-todo"), self.of("support/faq.yml"))  # quoted
        self.assertIn((23, 15, "link-missing-file"), self.of("support/faq.yml"))

    def test_shared_metadata_judged_once(self):
        fresh = [f for f in self.of("support/faq.yml") if f[2] in FRESHNESS | {"owner-missing"}]
        self.assertEqual(fresh, [(6, 12, "review-overdue")])

    def test_question_anchors(self):
        # setup.md links to faq.yml#why-can-t-i-sign-in- and #getting-started (found) and to
        # #is-it-free- (no such question); the FAQ links to its own first question
        self.assertEqual(self.of("support/setup.md", "link-missing-anchor"), [(12, 7, "link-missing-anchor")])
        self.assertEqual(self.of("support/faq.yml", "link-missing-anchor"), [])

    def test_landing_page_and_toc_links_only(self):
        self.assertEqual(self.of("landing/index.yml"), [(18, 18, "link-missing-file")])
        self.assertEqual(self.of("landing/toc.yml"), [(9, 13, "link-missing-file")])

    def test_files_checked(self):
        self.assertEqual(self.report["files_checked"], 4)
        self.assertEqual(self.exit, 1)


class NoArticle(unittest.TestCase):
    def test_message_exit_and_summary(self):
        folder = os.path.join(ROOT, "tests", "golden", "docfx")
        p = run(["check", "--no-config", "--no-color", "--today", "2026-11-25",
                 "faq-no-answer.yml"], folder)
        self.assertEqual(p.stdout, "faq-no-answer.yml:9:9: error: no article found: no 'answer', "
                         "'body', 'content' or 'text' field; see fields.body\n\n"
                         "No file checked.\n1 file could not be checked.\n")
        self.assertEqual(p.returncode, 1)

    def test_body_field_that_is_a_list(self):
        folder = os.path.join(ROOT, "tests", "golden", "docfx")
        p = run(["check", "--config", "faq-body-sections.kblint", "--quiet", "--today",
                 "2026-11-25", "faq-body-sections.yml"], folder)
        self.assertIn("no article found: 'sections' is a list, not Markdown text", p.stdout)
        self.assertEqual(p.returncode, 1)


def page_links(path):
    """(line, url) of every link value of a YAML page, found with PyYAML's node marks."""
    with open(path, encoding="utf-8") as f:
        node = yaml.compose(f)
    out, todo = [], [node] if node else []
    while todo:
        n = todo.pop()
        if isinstance(n, yaml.SequenceNode):
            todo.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                if isinstance(v, yaml.ScalarNode) and k.value in LINK_KEYS and v.value \
                        and v.style not in ("|", ">"):
                    out.append((v.start_mark.line + 1, v.value))
                else:
                    todo.append(v)
    return out


class Officedocs(unittest.TestCase):
    def test_yaml_pages(self):
        tarball = kbtest.shared("corpora", "officedocs-support.tar.gz")
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(tarball) as t:
                t.extractall(tmp)
            kb = "officedocs-support"
            p = run(["check", "--no-config", "--format", "json", kb], tmp)
            report = json.loads(p.stdout)
            # docfx is detected: links match files whatever their case (Learn serves them so),
            # and a link to a source path of .openpublishing.redirection.json is redirected
            root = os.path.join(tmp, kb)
            with open(os.path.join(root, ".openpublishing.redirection.json"), encoding="utf-8") as f:
                redirected = {os.path.normpath(os.path.join(root, r["source_path"])).lower()
                              for r in json.load(f)["redirections"] if "source_path" in r}
            files = set()
            for dirpath, _, names in os.walk(root):
                files.update(os.path.join(dirpath, n).lower() for n in names)
                files.add(dirpath.lower())
            pages, expected, expected_redirects = 0, set(), set()
            for dirpath, _, names in os.walk(root):
                for name in names:
                    if not name.endswith(".yml"):
                        continue
                    path = os.path.join(dirpath, name)
                    with open(path, encoding="utf-8") as f:
                        first = f.readline()
                    if not first.startswith("### YamlMime:") and name.lower() != "toc.yml":
                        continue
                    self.assertNotIn("YamlMime:FAQ", first)  # none in this corpus
                    pages += 1
                    rel = os.path.relpath(path, tmp)
                    for line, url in page_links(path):
                        target = url.split("#")[0].split("?")[0]
                        if not target or target.startswith("/") or ":" in target.split("/")[0]:
                            continue  # this page, site-absolute (no links.root) or another site
                        t = os.path.normpath(os.path.join(dirpath, target)).lower()
                        if t in redirected:
                            expected_redirects.add((rel, line))
                        elif t not in files:
                            expected.add((rel, line))
            got = {(f["file"], f["line"]) for f in report["findings"]
                   if f["file"].endswith(".yml") and f["rule"] == "link-missing-file"}
            got_redirects = {(f["file"], f["line"]) for f in report["findings"]
                             if f["file"].endswith(".yml") and f["rule"] == "link-redirected"}
            others = [f for f in report["findings"] if f["file"].endswith(".yml")
                      and f["rule"] not in ("link-missing-file", "link-redirected")]
            print("officedocs-support: %d YamlMime and TOC pages, %d missing link targets and "
                  "%d redirected ones in them" % (pages, len(got), len(got_redirects)),
                  file=sys.stderr)
            self.assertEqual(pages, 93)
            self.assertEqual(others, [])
            self.assertEqual(got, expected)
            self.assertEqual(got_redirects, expected_redirects)
            self.assertEqual(report["errors"], [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
