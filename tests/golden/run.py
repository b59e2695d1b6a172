#!/usr/bin/python3
"""Golden tests: every case file under tests/golden/<folder>/ is checked with kblint and the
report must equal the .out file beside it, line for line, ending with "exit: N".

A folder named as a rule kind (claim, facts, freshness, links, pattern, schema, status,
substitution, temporal) runs only the shipped rules of that kind, and every rule of the case's
own rule files: its goldens show what the kind finds and nothing else. The suppression folder
runs every rule, since suppressions are about the findings of the others; so do the folders of
a concern that is no kind (loading, markup, labels, docfx, placeholders, regress), which
are about what every rule sees. The other shipped rules are turned off by an `overrides` entry
the runner adds to the case's config (a temporary copy beside it).

A case is NAME.md, NAME.markdown, NAME.yaml or NAME.yml, or a folder NAME.kb (a small knowledge
base, for checks across articles). The check runs from the case's folder:

    kblint check --no-config --today 2026-11-25 --quiet --no-color NAME.md

or, when NAME.kblint exists, with --config NAME.kblint instead of --no-config (a case config
may name extra rule files, e.g. rules: [NAME.rules]). tests/golden/regress/ holds one case per
fixed bug, named after it. Usage:

    run.py KBLINT [--update] [KIND...]

--update rewrites the .out files from what kblint prints now: read the diff before committing.
"""
import concurrent.futures
import difflib
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASE_EXT = (".md", ".markdown", ".yaml", ".yml")
TODAY = "2026-11-25"


KINDS = ("claim", "facts", "freshness", "links", "pattern", "schema", "status", "substitution",
         "temporal")


def shipped_rules(kblint):
    """(id, kind) of every shipped rule, as `kblint rules` lists them."""
    p = subprocess.run([kblint, "rules", "--no-config"], capture_output=True, text=True,
                       timeout=60, check=True)
    return [tuple(line.split()[:2]) for line in p.stdout.splitlines()[1:] if line.strip()]


def run_case(kblint, folder, name, others):
    """The report of one case; others: shipped rule ids to turn off (none: every rule runs)."""
    stem = os.path.splitext(name)[0]
    args = [kblint, "check", "--today", TODAY, "--quiet", "--no-color"]
    config = os.path.join(folder, stem + ".kblint")
    text = open(config, encoding="utf-8").read() if os.path.exists(config) else None
    temp = None
    if others:
        if text is not None and re.search(r"^overrides:", text, re.M):
            raise SystemExit("%s: a case of a kind folder has its own overrides" % config)
        temp = os.path.join(folder, ".%s.golden.kblint" % stem)
        with open(temp, "w", encoding="utf-8") as f:
            f.write((text or "").rstrip("\n") + "\n" if text else "")
            f.write("overrides:\n  - files: ['**']\n    severity:\n")
            f.writelines("      %s: off\n" % rule for rule in others)
        args += ["--config", os.path.basename(temp)]
    elif text is not None:
        args += ["--config", stem + ".kblint"]
    else:
        args += ["--no-config"]
    args.append(name)
    try:
        p = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=60)
    finally:
        if temp:
            os.unlink(temp)
    out = p.stdout + p.stderr
    if temp:
        # a message names the config file: show the case's own, or with none the default
        # config's name (.kblint.yaml), as it reads without the runner's
        out = out.replace(os.path.basename(temp), stem + ".kblint" if text is not None
                          else ".kblint.yaml")
    return out + "exit: %d\n" % p.returncode


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__)
        return 2
    kblint = os.path.abspath(argv.pop(0))
    update = "--update" in argv
    kinds = [a for a in argv if a != "--update"] or sorted(
        d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)) and not d.startswith("_"))
    rules = shipped_rules(kblint)
    cases = []
    for kind in kinds:
        folder = os.path.join(HERE, kind)
        others = [i for i, k in rules if k != kind] if kind in KINDS else []
        for name in sorted(os.listdir(folder)):
            if (name.endswith(CASE_EXT) or
                    (name.endswith(".kb") and os.path.isdir(os.path.join(folder, name)))):
                cases.append((kind, folder, name, others))
    # the cases run side by side (each writes only its own temporary config), reported in order
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        reports = list(pool.map(lambda c: run_case(kblint, c[1], c[2], c[3]), cases))
    failed = 0
    total = len(cases)
    for (kind, folder, name, _), got in zip(cases, reports):
        out = os.path.join(folder, os.path.splitext(name)[0] + ".out")
        if update:
            with open(out, "w") as f:
                f.write(got)
            continue
        want = open(out).read() if os.path.exists(out) else "(no .out file)\n"
        if got != want:
            failed += 1
            print("FAIL %s/%s" % (kind, name))
            sys.stdout.writelines(difflib.unified_diff(
                want.splitlines(True), got.splitlines(True), "expected", "got"))
    print("%d golden cases, %d failed" % (total, failed))
    return 1 if failed or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
