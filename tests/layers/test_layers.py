#!/usr/bin/python3
"""Data flows one way: the layers of src/ have an order, and no file includes a header of a
layer above its own (as mandoc checks its header order). A file's layer is its folder under
src/; a header in include/ belongs to the layer of the source file of the same name, or to the
one HEADERS names (a header with no such file). A header in include/ that no layer declares
fails the test, so a new one has to be placed.

    util < config < value < load < site < rules < engine < report < audit < export < mail
         < edit < cli

util: text, dates, files, the YAML and TOML trees, regular expressions, the results store.
config: .kblint.yaml and the data files it names (owners, facts). value: quantities and dates
as prose states them. load: articles. site: what site generators' files (and their pages'
front matter) fill into the config. rules: the rule kinds, the emitter they report through,
and the cross-article summaries they read. engine: the run (walk, workers,
suppressions). Then the reporters, the audit, the export, audit e-mail, edits, the CLI.
Standard library only; KBLINT_SOURCE_ROOT names the source tree."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from kbtest import ROOT  # noqa: E402  (tests/support)

LAYERS = ["util", "config", "value", "load", "site", "rules", "engine", "report", "audit",
          "export", "mail", "edit", "cli"]
# headers in include/ with no source file of their name: their layer
HEADERS = {
    "article.h": "load",        # load/*.c
    "rule.h": "rules",          # rules/ruleset.c, kinds.c
    "scan.h": "rules",          # rules/scan.c, inflect.c, facts.c
    "report.h": "report",       # report/*.c
    "audit.h": "audit",         # audit/*.c
    "export.h": "export",       # export/*.c
    "mail.h": "mail",           # mail/*.c
    "site.h": "site",           # site/site.c
    "engine.h": "engine",
    "regex.h": "util",          # util/regex.c, literal.c
    "errs.h": "util",
    "facts.h": "config",        # config/factsfile.c (rules/facts.c is the kind)
}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def sources():
    """(path relative to ROOT, layer) of every .c and .h under src/."""
    for layer in sorted(os.listdir(os.path.join(ROOT, "src"))):
        folder = os.path.join(ROOT, "src", layer)
        for dirpath, _, files in os.walk(folder):
            for name in sorted(files):
                if name.endswith((".c", ".h", ".def")):
                    yield os.path.relpath(os.path.join(dirpath, name), ROOT), layer


def header_layers():
    """The layer of every header a file may include: include/*.h by HEADERS or by the source
    file of its name; a header beside its sources (src/LAYER/x.h) is LAYER's."""
    stems = {}
    for path, layer in sources():
        base = os.path.basename(path)
        if base.endswith(".c"):
            stems.setdefault(base[:-2] + ".h", set()).add(layer)
    found, undeclared = {}, []
    for name in sorted(os.listdir(os.path.join(ROOT, "include"))):
        if not name.endswith(".h"):
            continue
        if name in HEADERS:
            found[name] = HEADERS[name]
        elif len(stems.get(name, ())) == 1:
            found[name] = next(iter(stems[name]))
        else:
            undeclared.append(name)
    return found, undeclared


class Layers(unittest.TestCase):
    def test_every_layer_is_known(self):
        self.assertEqual(sorted(set(os.listdir(os.path.join(ROOT, "src"))) - set(LAYERS)), [])

    def test_every_header_has_a_layer(self):
        _, undeclared = header_layers()
        self.assertEqual(undeclared, [], "headers in include/ with no layer: add them to HEADERS")

    def test_no_file_includes_a_higher_layer(self):
        layers, _ = header_layers()
        wrong = []
        files = list(sources()) + [("include/" + h, l) for h, l in layers.items()]
        for path, layer in files:
            with open(os.path.join(ROOT, path), encoding="utf-8") as f:
                text = f.read()
            for inc in INCLUDE.findall(text):
                name = os.path.basename(inc)
                if "/" not in inc and os.path.exists(os.path.join(ROOT, os.path.dirname(path), inc)):
                    target = layer if path.startswith("src/") else layers.get(name)
                else:
                    target = layers.get(name)
                if target and LAYERS.index(target) > LAYERS.index(layer):
                    wrong.append("%s (%s) includes %s (%s)" % (path, layer, inc, target))
        self.assertEqual(wrong, [], "a lower layer includes a higher one:\n" + "\n".join(wrong))


if __name__ == "__main__":
    unittest.main(verbosity=2)
