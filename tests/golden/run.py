#!/usr/bin/python3
"""Golden tests: every case file under tests/golden/<kind>/ is checked with kblint and the
report must equal the .out file beside it, line for line, ending with "exit: N".

A case is NAME.md, NAME.markdown, NAME.yaml or NAME.yml, or a folder NAME.kb (a small knowledge
base, for checks across articles). The check runs from the case's folder:

    kblint check --no-config --today 2026-11-25 --quiet --no-color NAME.md

or, when NAME.kblint exists, with --config NAME.kblint instead of --no-config (a case config
may name extra rule files, e.g. rules: [NAME.rules]). Usage:

    run.py KBLINT [--update] [KIND...]

--update rewrites the .out files from what kblint prints now: read the diff before committing.
"""
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASE_EXT = (".md", ".markdown", ".yaml", ".yml")
TODAY = "2026-11-25"


def run_case(kblint, folder, name):
    stem = os.path.splitext(name)[0]
    args = [kblint, "check", "--today", TODAY, "--quiet", "--no-color"]
    if os.path.exists(os.path.join(folder, stem + ".kblint")):
        args += ["--config", stem + ".kblint"]
    else:
        args += ["--no-config"]
    args.append(name)
    p = subprocess.run(args, cwd=folder, capture_output=True, text=True, timeout=60)
    return p.stdout + p.stderr + "exit: %d\n" % p.returncode


def main():
    argv = sys.argv[1:]
    if not argv:
        print(__doc__)
        return 2
    kblint = os.path.abspath(argv.pop(0))
    update = "--update" in argv
    kinds = [a for a in argv if a != "--update"] or sorted(
        d for d in os.listdir(HERE) if os.path.isdir(os.path.join(HERE, d)) and not d.startswith("_"))
    failed = total = 0
    for kind in kinds:
        folder = os.path.join(HERE, kind)
        for name in sorted(os.listdir(folder)):
            if not (name.endswith(CASE_EXT) or
                    (name.endswith(".kb") and os.path.isdir(os.path.join(folder, name)))):
                continue
            total += 1
            got = run_case(kblint, folder, name)
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
