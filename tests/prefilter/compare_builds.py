#!/usr/bin/python3
"""The prefilter changes no finding: the golden suite passes with the prefilter forced on in a
build with Vectorscan (KBLINT_PREFILTER=always) and in a build without it, and on every corpus
of ../shared/corpora both builds print the same JSON report, byte for byte, and exit the same.

    tests/prefilter/compare_builds.py WITH-VECTORSCAN/kblint WITHOUT/kblint

.ci/run runs it; the corpora are skipped, with a message, when ../shared is absent. Debian's
/usr/bin/python3, standard library only."""
import os
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

TODAY = "2026-12-02"


def goldens(binary, env):
    p = subprocess.run(["/usr/bin/python3", os.path.join(kbtest.ROOT, "tests", "golden", "run.py"),
                        binary], env={**os.environ, **env}, capture_output=True, text=True)
    print(p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr)
    return p.returncode == 0


def report(binary, folder, env):
    p = subprocess.run([binary, "check", "-f", "json", "--today", TODAY, "-j", "2", folder],
                       env={**os.environ, **env}, capture_output=True, timeout=900)
    return p.returncode, p.stdout, p.stderr


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with_vs, without = (os.path.abspath(a) for a in sys.argv[1:])
    ok = goldens(with_vs, {"KBLINT_PREFILTER": "always"}) and goldens(without, {})
    try:
        corpora = kbtest.shared("corpora")
    except Exception as e:  # unittest.SkipTest
        print("SKIP: corpora: %s" % e)
        return 0 if ok else 1
    for name in sorted(os.listdir(corpora)):
        if not name.endswith(".tar.gz"):
            continue
        with tempfile.TemporaryDirectory() as tmp:
            with tarfile.open(os.path.join(corpora, name)) as t:
                t.extractall(tmp)
            # the knowledge base is the tarball's one folder, with its config
            top = os.listdir(tmp)
            kb = os.path.join(tmp, top[0]) if len(top) == 1 else tmp
            a = report(with_vs, kb, {"KBLINT_PREFILTER": "always"})
            if a[0] == 2 and b"no article to check" in a[2]:
                # pages kblint does not read by default (.html.md.erb): name them
                kbtest.write(kb, ".kblint.yaml", "include: ['**/*.md', '**/*.html.md.erb']\n")
                a = report(with_vs, kb, {"KBLINT_PREFILTER": "always"})
            b = report(without, kb, {})
            same = a == b
            ok &= same
            print("%s %s: exit %d, %d bytes of JSON" % ("same" if same else "DIFFERENT", name,
                                                       a[0], len(a[1])))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
