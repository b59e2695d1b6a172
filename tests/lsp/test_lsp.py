#!/usr/bin/python3
"""`kblint lsp`: the language server driven over pipes as an editor drives it: initialize,
open, change, save, close, diagnostics with exact ranges in UTF-16 and UTF-8, and every kind of
malformed input (bad headers, bad JSON, wrong Content-Length, unknown methods, requests before
initialize, a client that disappears): JSON-RPC errors or a clean exit, never a crash or a
hang. KBLINT names the binary under test; Debian's /usr/bin/python3, standard library only."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)
from kbtest import KBLINT  # noqa: E402
TIMEOUT = 60

CONFIG = "today: 2026-11-25\n"
# an overdue review (line 3) and a placeholder after a non-ASCII word on line 8
ARTICLE = """\
---
title: Refunds
last_reviewed_on: 2024-01-01
review_interval: 6 months
owner: billing-team
---
# Refunds
Héllo 😀 TODO: write the refund steps.
"""


def shipping(title, before, days):
    """An article that states the shipping time: two with different days conflict."""
    return ("---\ntitle: %s\nlast_reviewed_on: 2026-11-01\n---\n# %s\n\n%sStandard shipping takes "
            "%d business days within the continental US.\n" % (title, title, before, days))


def frame(obj=None, raw=None):
    body = raw if raw is not None else json.dumps(obj).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def parse_stream(data):
    """The messages in data, in order; asserts the framing is exact."""
    out = []
    while data:
        head, sep, rest = data.partition(b"\r\n\r\n")
        assert sep, data[:200]
        fields = dict(l.split(b": ", 1) for l in head.split(b"\r\n"))
        n = int(fields[b"Content-Length"])
        out.append(json.loads(rest[:n]))
        data = rest[n:]
    return out


def session(messages, cwd=None):
    """Runs kblint lsp with messages (dicts or raw bytes) on stdin; (exit status, messages out)."""
    data = b"".join(m if isinstance(m, bytes) else frame(m) for m in messages)
    p = kbtest.run(["lsp"], stdin=data, binary=True, timeout=TIMEOUT, cwd=cwd)
    assert p.returncode in (0, 1), (p.returncode, p.stderr.decode(errors="replace"))
    return p.returncode, parse_stream(p.stdout)


def req(i, method, params=None):
    m = {"jsonrpc": "2.0", "id": i, "method": method}
    if params is not None:
        m["params"] = params
    return m


def note(method, params=None):
    m = {"jsonrpc": "2.0", "method": method}
    if params is not None:
        m["params"] = params
    return m


INIT = req(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {}})
INIT_UTF8 = req(1, "initialize", {"processId": None, "rootUri": None,
                                  "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}})
END = [req(99, "shutdown"), note("exit")]


class Client:
    """kblint lsp driven one message at a time, for what happens between messages (a file
    changed on disk). Reads with a deadline, so a server that never answers fails the test."""

    def __init__(self, cwd, init=INIT):
        import selectors
        self.p = subprocess.Popen([KBLINT, "lsp"], cwd=cwd, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.sel = selectors.DefaultSelector()
        self.sel.register(self.p.stdout, selectors.EVENT_READ)
        self.buf = b""
        self.send(init)
        self.next()

    def send(self, obj):
        self.p.stdin.write(frame(obj))
        self.p.stdin.flush()

    def next(self):
        import time
        deadline = time.monotonic() + TIMEOUT
        while True:
            head, sep, rest = self.buf.partition(b"\r\n\r\n")
            if sep:
                n = int(dict(l.split(b": ", 1) for l in head.split(b"\r\n"))[b"Content-Length"])
                if len(rest) >= n:
                    self.buf = rest[n:]
                    return json.loads(rest[:n])
            left = deadline - time.monotonic()
            assert left > 0 and self.sel.select(left), "no message from kblint lsp in time"
            chunk = os.read(self.p.stdout.fileno(), 65536)
            assert chunk, "kblint lsp closed its output"
            self.buf += chunk

    def diagnostics(self, uri):
        """The next diagnostics published for uri (those for other documents are skipped)."""
        while True:
            m = self.next()
            if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri:
                return m["params"]["diagnostics"]

    def __del__(self):
        for f in (self.p.stdin, self.p.stdout, self.p.stderr):
            if not f.closed:
                f.close()
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()

    def close(self):
        self.send(req(99, "shutdown"))
        self.send(note("exit"))
        self.p.stdin.close()
        rc = self.p.wait(TIMEOUT)
        self.p.stdout.close()
        self.p.stderr.close()
        return rc


class Lsp(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        with open(os.path.join(self.tmp, ".kblint.yaml"), "w") as f:
            f.write(CONFIG)
        self.path = os.path.join(self.tmp, "refunds.md")
        with open(self.path, "w") as f:
            f.write(ARTICLE)
        self.uri = "file://" + self.path

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def open_msg(self, text=ARTICLE, uri=None):
        return note("textDocument/didOpen", {"textDocument": {
            "uri": uri or self.uri, "languageId": "markdown", "version": 1, "text": text}})

    def diags(self, out):
        return [m["params"] for m in out if m.get("method") == "textDocument/publishDiagnostics"]

    def test_initialize_and_shutdown(self):
        rc, out = session([INIT, note("initialized", {})] + END)
        self.assertEqual(rc, 0)
        self.assertEqual(out[0]["id"], 1)
        caps = out[0]["result"]["capabilities"]
        self.assertEqual(caps["positionEncoding"], "utf-16")
        self.assertEqual(caps["textDocumentSync"]["change"], 1)
        self.assertTrue(caps["hoverProvider"])
        self.assertTrue(caps["codeActionProvider"])
        self.assertEqual(out[0]["result"]["serverInfo"]["name"], "kblint")
        self.assertEqual(out[1], {"jsonrpc": "2.0", "id": 99, "result": None})

    def test_command_line(self):
        # --stdio, which editors' clients add, is the transport kblint lsp always uses
        p = kbtest.run(["lsp", "--stdio"], stdin=b"".join(frame(m) for m in [INIT] + END),
                       binary=True)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(parse_stream(p.stdout)[0]["result"]["serverInfo"]["name"], "kblint")
        p = kbtest.run(["lsp", "notes.md"], stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertTrue(p.stderr.startswith("kblint: 'lsp' takes no arguments, not 'notes.md'\n"
                                            "usage: kblint"), p.stderr)
        p = kbtest.run(["lsp", "--format", "json"], stdin=subprocess.DEVNULL)
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: "), p.stderr)

    def test_exit_without_shutdown_is_status_1(self):
        rc, _ = session([INIT, note("exit")])
        self.assertEqual(rc, 1)

    def test_client_disappears(self):
        rc, out = session([INIT])
        self.assertEqual(rc, 1)
        self.assertEqual(len(out), 1)
        rc, out = session([INIT, b"Content-Length: 50\r\n\r\n{\"jsonrpc\""])
        self.assertEqual(rc, 1)

    def test_diagnostics_utf16(self):
        rc, out = session([INIT, self.open_msg()] + END)
        self.assertEqual(rc, 0)
        (pub,) = self.diags(out)
        self.assertEqual(pub["uri"], self.uri)
        by_code = {d["code"]: d for d in pub["diagnostics"]}
        self.assertIn("review-overdue", by_code)
        todo = by_code["placeholder-todo"]
        # "Héllo 😀 TODO": H é l l o space (6) + the emoji, two UTF-16 units, + space = 9
        self.assertEqual(todo["range"], {"start": {"line": 7, "character": 9},
                                         "end": {"line": 7, "character": 13}})
        self.assertEqual(todo["source"], "kblint")
        self.assertEqual(todo["severity"], 1)  # an error
        self.assertEqual(by_code["review-overdue"]["severity"], 1)  # an error
        self.assertEqual(by_code["review-overdue"]["range"]["start"], {"line": 2, "character": 18})
        self.assertTrue(todo["codeDescription"]["href"].endswith("#placeholder-todo"),
                        todo["codeDescription"])

    def test_diagnostics_utf8(self):
        rc, out = session([INIT_UTF8, self.open_msg()] + END)
        self.assertEqual(out[0]["result"]["capabilities"]["positionEncoding"], "utf-8")
        (pub,) = self.diags(out)
        todo = [d for d in pub["diagnostics"] if d["code"] == "placeholder-todo"][0]
        # H é(2) l l o space = 7 bytes, the emoji 4, a space: 12
        self.assertEqual(todo["range"]["start"], {"line": 7, "character": 12})
        self.assertEqual(todo["range"]["end"], {"line": 7, "character": 16})

    def test_change_save_close(self):
        fixed = ARTICLE.replace("TODO: write the refund steps.", "Refunds take a day.")
        change_full = note("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": 2}, "contentChanges": [{"text": fixed}]})
        # a ranged change puts the TODO back: replace "Refunds take a day." (line 7, UTF-16
        # characters 9..28)
        change_range = note("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": 3},
            "contentChanges": [{"range": {"start": {"line": 7, "character": 9},
                                          "end": {"line": 7, "character": 28}},
                                "text": "TODO: later."}]})
        save = note("textDocument/didSave", {"textDocument": {"uri": self.uri}})
        close = note("textDocument/didClose", {"textDocument": {"uri": self.uri}})
        rc, out = session([INIT, self.open_msg(), change_full, change_range, save, close] + END)
        self.assertEqual(rc, 0)
        pubs = self.diags(out)
        self.assertEqual(len(pubs), 5)
        codes = [sorted(d["code"] for d in p["diagnostics"]) for p in pubs]
        self.assertIn("placeholder-todo", codes[0])
        self.assertNotIn("placeholder-todo", codes[1])
        self.assertIn("placeholder-todo", codes[2])
        self.assertEqual(codes[2], codes[3])
        self.assertEqual(pubs[4]["diagnostics"], [])

    def test_config_error(self):
        sub = os.path.join(self.tmp, "other")
        os.mkdir(sub)
        with open(os.path.join(sub, ".kblint.yaml"), "w") as f:
            f.write("nonsense_key: 1\n")
        uri = "file://" + os.path.join(sub, "a.md")
        rc, out = session([INIT, self.open_msg(uri=uri), self.open_msg()] + END)
        self.assertEqual(rc, 0)
        pubs = self.diags(out)
        self.assertEqual([d["code"] for d in pubs[0]["diagnostics"]], ["config-error"])
        self.assertEqual(pubs[0]["uri"], uri)
        # the other knowledge base, with its own config, is checked as before
        self.assertIn("placeholder-todo", [d["code"] for d in pubs[1]["diagnostics"]])

    def test_percent_encoded_uri(self):
        path = os.path.join(self.tmp, "with space é.md")
        uri = "file://" + path.replace("%", "%25").replace(" ", "%20").replace("é", "%C3%A9")
        rc, out = session([INIT, self.open_msg(uri=uri)] + END)
        (pub,) = self.diags(out)
        self.assertEqual(pub["uri"], uri)
        self.assertIn("placeholder-todo", [d["code"] for d in pub["diagnostics"]])

    def code_actions(self, diags, encoding=INIT):
        rc, out = session([encoding, self.open_msg()] + [req(
            7, "textDocument/codeAction",
            {"textDocument": {"uri": self.uri},
             "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
             "context": {"diagnostics": diags}})] + END)
        self.assertEqual(rc, 0)
        (reply,) = [m for m in out if m.get("id") == 7]
        return reply["result"], self.diags(out)[0]["diagnostics"]

    def test_code_actions(self):
        _, diags = self.code_actions([])
        todo = [d for d in diags if d["code"] == "placeholder-todo"][0]
        overdue = [d for d in diags if d["code"] == "review-overdue"][0]
        actions, _ = self.code_actions([todo, overdue])
        titles = [a["title"] for a in actions]
        # a suppression for the body's finding (none in front matter), then the review
        self.assertEqual(titles, ["Suppress placeholder-todo until 2026-12-25",
                                  "Mark as reviewed today (2026-11-25), though it still has 2 errors"])
        sup = actions[0]
        self.assertEqual(sup["kind"], "quickfix")
        self.assertEqual(sup["diagnostics"], [todo])
        self.assertEqual(sup["edit"]["changes"][self.uri], [{
            "range": {"start": {"line": 7, "character": 0}, "end": {"line": 7, "character": 0}},
            "newText": "<!-- kblint-disable-next-line placeholder-todo until=2026-12-25 -- reason -->\n"}])
        review = actions[1]["edit"]["changes"][self.uri]
        self.assertEqual(review, [{
            "range": {"start": {"line": 2, "character": 0}, "end": {"line": 3, "character": 0}},
            "newText": "last_reviewed_on: 2026-11-25\n"}])

    def test_fix_and_canonical_value_actions(self):
        # a range ends where the match does ("prior to", after a non-BMP character: UTF-16);
        # the fix's action replaces exactly that range; a contradicted value gets the canonical
        # one, labelled as needing a read
        with open(os.path.join(self.tmp, "facts.yaml"), "w") as f:
            f.write("facts:\n  - key: refund-window\n    value: 30 days\n"
                    "    patterns: ['(?i)refunds are accepted within (?<value>\\d+ days)']\n")
        with open(os.path.join(self.tmp, ".kblint.yaml"), "a") as f:
            f.write("facts: facts.yaml\n")
        text = ("---\ntitle: R\nlast_reviewed_on: 2026-11-01\nowner: x\n---\n"
                "😀 Sign in prior to paying. Refunds are accepted within 14 days.\n")
        c = Client(self.tmp)
        c.send(self.open_msg(text=text))
        diags = c.diagnostics(self.uri)
        plain = [d for d in diags if d["code"] == "plain-words"][0]
        fact = [d for d in diags if d["code"] == "fact-contradiction"][0]
        self.assertEqual(plain["range"], {"start": {"line": 5, "character": 11},
                                          "end": {"line": 5, "character": 19}})
        self.assertEqual(fact["range"], {"start": {"line": 5, "character": 56},
                                         "end": {"line": 5, "character": 63}})
        c.send(req(7, "textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": plain["range"],
            "context": {"diagnostics": [plain, fact]}}))
        reply = c.next()
        while reply.get("id") != 7:
            reply = c.next()
        actions = {a["title"]: a for a in reply["result"]}
        fix = actions["Replace with 'before'"]
        self.assertTrue(fix["isPreferred"])
        self.assertEqual(fix["edit"]["changes"][self.uri], [{"range": plain["range"], "newText": "before"}])
        canon = actions["Use the canonical value '30 days' (read the sentence again)"]
        self.assertNotIn("isPreferred", canon)
        self.assertEqual(canon["edit"]["changes"][self.uri], [{"range": fact["range"], "newText": "30 days"}])
        self.assertEqual(c.close(), 0)

    def test_open_the_other_article(self):
        # a conflict's code actions open the other article: the command asks the client to show it
        other = os.path.join(self.tmp, "shipping.md")
        with open(other, "w") as f:
            f.write(shipping("Shipping", "", 7))
        text = shipping("Refunds", "", 5)
        c = Client(self.tmp)
        c.send(self.open_msg(text=text))
        (conflict,) = [d for d in c.diagnostics(self.uri) if d["code"] == "sentence-conflict"]
        c.send(req(7, "textDocument/codeAction", {
            "textDocument": {"uri": self.uri}, "range": conflict["range"],
            "context": {"diagnostics": [conflict]}}))
        reply = c.next()
        (opener,) = [a for a in reply["result"] if a["title"] == "Open shipping.md"]
        self.assertEqual(opener["command"]["command"], "kblint.open")
        c.send(req(8, "workspace/executeCommand", {"command": "kblint.open",
                                                   "arguments": opener["command"]["arguments"]}))
        show = c.next()
        self.assertEqual(show["method"], "window/showDocument")
        self.assertEqual(show["params"]["uri"], "file://" + os.path.realpath(other))
        self.assertEqual(show["params"]["selection"]["start"], {"line": 6, "character": 24})
        self.assertEqual(c.next(), {"jsonrpc": "2.0", "id": 8, "result": None})
        c.send(req(9, "workspace/executeCommand", {"command": "rm", "arguments": []}))
        self.assertEqual(c.next()["error"]["code"], -32602)
        self.assertEqual(c.close(), 0)

    def test_pull_diagnostics(self):
        # a client that pulls diagnostics gets them by textDocument/diagnostic, none pushed, and
        # is asked to pull again when another document's edit changes what this one sees
        init = req(1, "initialize", {"processId": None, "rootUri": None, "capabilities": {
            "textDocument": {"diagnostic": {"dynamicRegistration": False}},
            "workspace": {"diagnostics": {"refreshSupport": True}}}})
        b = os.path.join(self.tmp, "b.md")
        b_text = "---\ntitle: B\nlast_reviewed_on: 2026-11-01\nowner: x\n---\n# B\n\n## Setup\n"
        with open(b, "w") as f:
            f.write(b_text)
        c = Client(self.tmp, init=init)
        self.assertEqual(c.p.poll(), None)
        c.send(self.open_msg())
        c.send(req(5, "textDocument/diagnostic", {"textDocument": {"uri": self.uri}}))
        reply = c.next()  # nothing was pushed before the answer
        self.assertEqual(reply["id"], 5)
        self.assertEqual(reply["result"]["kind"], "full")
        self.assertEqual(sorted(d["code"] for d in reply["result"]["items"]),
                         ["placeholder-todo", "review-overdue"])
        c.send(self.open_msg(text=b_text, uri="file://" + b))
        c.send(note("textDocument/didChange", {"textDocument": {"uri": "file://" + b, "version": 2},
                                               "contentChanges": [{"text": b_text.replace("Setup", "Install")}]}))
        refresh = c.next()
        self.assertEqual(refresh["method"], "workspace/diagnostic/refresh")
        c.send({"jsonrpc": "2.0", "id": refresh["id"], "result": None})
        c.send(req(6, "textDocument/diagnostic", {"textDocument": {"uri": "file:///nowhere.md"}}))
        self.assertEqual(c.next(), {"jsonrpc": "2.0", "id": 6, "result": {"kind": "full", "items": []}})
        self.assertEqual(c.close(), 0)

    def test_suppression_action_silences_the_finding(self):
        _, diags = self.code_actions([])
        todo = [d for d in diags if d["code"] == "placeholder-todo"][0]
        actions, _ = self.code_actions([todo])
        (edit,) = actions[0]["edit"]["changes"][self.uri]
        lines = ARTICLE.split("\n")
        lines.insert(edit["range"]["start"]["line"], edit["newText"].rstrip("\n"))
        rc, out = session([INIT, self.open_msg(text="\n".join(lines))] + END)
        codes = [d["code"] for d in self.diags(out)[0]["diagnostics"]]
        self.assertNotIn("placeholder-todo", codes)
        self.assertIn("review-overdue", codes)

    def test_related_information(self):
        other = os.path.join(self.tmp, "shipping é.md")
        with open(other, "w") as f:
            f.write(shipping("Shipping", "Ünïcode 😀 café. ", 7))
        text = shipping("Refunds", "", 5)
        rc, out = session([INIT, self.open_msg(text=text)] + END)
        (pub,) = self.diags(out)
        (conflict,) = [d for d in pub["diagnostics"] if d["code"] == "sentence-conflict"]
        (rel,) = conflict["relatedInformation"]
        self.assertEqual(rel["location"]["uri"],
                         "file://" + os.path.realpath(self.tmp) + "/shipping%20%C3%A9.md")
        # "Ünïcode 😀 café. " is 17 UTF-16 units, "Standard shipping takes " 24: the value at 41
        self.assertEqual(rel["location"]["range"]["start"], {"line": 6, "character": 41})
        self.assertEqual(rel["message"], "says 7 business days")

    def codes(self, diags):
        return sorted((d["code"], d["range"]["start"]["line"]) for d in diags)

    def test_an_edit_updates_the_other_open_articles(self):
        # the index holds the open buffers: an unsaved edit of B that removes the heading A
        # links to gives A a missing-anchor finding at once, and putting it back takes it away
        a = os.path.join(self.tmp, "a.md")
        b = os.path.join(self.tmp, "b.md")
        head = "---\ntitle: T\nlast_reviewed_on: 2026-11-01\nowner: x\n---\n"
        a_text = head + "# A\n\nSee [setup](b.md#setup).\n"
        b_text = head + "# B\n\n## Setup\n\nDo this.\n"
        for path, text in ((a, a_text), (b, b_text)):
            with open(path, "w") as f:
                f.write(text)
        c = Client(self.tmp)
        c.send(self.open_msg(text=a_text, uri="file://" + a))
        self.assertEqual(c.diagnostics("file://" + a), [])
        c.send(self.open_msg(text=b_text, uri="file://" + b))
        self.assertEqual(c.diagnostics("file://" + b), [])
        change = lambda text, v: note("textDocument/didChange", {
            "textDocument": {"uri": "file://" + b, "version": v}, "contentChanges": [{"text": text}]})
        c.send(change(b_text.replace("## Setup", "## Install"), 2))
        self.assertEqual(c.diagnostics("file://" + b), [])
        self.assertEqual(self.codes(c.diagnostics("file://" + a)), [("link-missing-anchor", 7)])
        c.send(change(b_text, 3))
        self.assertEqual(c.diagnostics("file://" + b), [])
        self.assertEqual(c.diagnostics("file://" + a), [])
        # closing B without saving: the file on disk (with the heading) stands for it again
        c.send(change(b_text.replace("## Setup", "## Install"), 4))
        c.diagnostics("file://" + b)
        c.diagnostics("file://" + a)
        c.send(note("textDocument/didClose", {"textDocument": {"uri": "file://" + b}}))
        self.assertEqual(c.diagnostics("file://" + b), [])
        self.assertEqual(c.diagnostics("file://" + a), [])
        self.assertEqual(c.close(), 0)

    def test_watched_files(self):
        # the client's file events keep the index current: a linked file deleted on disk makes
        # the link a finding; created again, the finding goes. A changed config is read again.
        a = os.path.join(self.tmp, "a.md")
        c_md = os.path.join(self.tmp, "c.md")
        text = "---\ntitle: T\nlast_reviewed_on: 2026-11-01\nowner: x\n---\n# A\n\nSee [c](c.md).\n"
        with open(c_md, "w") as f:
            f.write("# C\n")
        init = req(1, "initialize", {"processId": None, "rootUri": "file://" + self.tmp, "capabilities": {
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": True}}}})
        c = Client(self.tmp, init=init)
        c.send(note("initialized", {}))
        reg = c.next()
        self.assertEqual(reg["method"], "client/registerCapability")
        (r,) = reg["params"]["registrations"]
        self.assertEqual(r["method"], "workspace/didChangeWatchedFiles")
        self.assertTrue(r["registerOptions"]["watchers"][0]["globPattern"])
        c.send({"jsonrpc": "2.0", "id": reg["id"], "result": None})  # a response: no answer
        c.send(self.open_msg(text=text, uri="file://" + a))
        self.assertEqual(c.diagnostics("file://" + a), [])
        os.remove(c_md)
        c.send(note("workspace/didChangeWatchedFiles", {"changes": [{"uri": "file://" + c_md, "type": 3}]}))
        self.assertEqual(self.codes(c.diagnostics("file://" + a)), [("link-missing-file", 7)])
        with open(c_md, "w") as f:
            f.write("# C\n")
        c.send(note("workspace/didChangeWatchedFiles", {"changes": [{"uri": "file://" + c_md, "type": 1}]}))
        self.assertEqual(c.diagnostics("file://" + a), [])
        # a config that turns the rule off
        with open(os.path.join(self.tmp, ".kblint.yaml"), "w") as f:
            f.write(CONFIG + "severity:\n  link-missing-file: \"off\"\n")
        os.remove(c_md)
        c.send(note("workspace/didChangeWatchedFiles", {"changes": [
            {"uri": "file://" + c_md, "type": 3},
            {"uri": "file://" + os.path.join(self.tmp, ".kblint.yaml"), "type": 2}]}))
        self.assertEqual(c.diagnostics("file://" + a), [])
        self.assertEqual(c.close(), 0)

    def test_same_findings_as_check_stdin(self):
        # the index gives each article the findings `kblint check --stdin` gives it, cross-article
        # ones (conflicts, links, anchors) included: every article of the sample knowledge base
        kb = os.path.join(kbtest.ROOT, "fixtures", "sample-kb")
        self.compare_with_stdin(kb, sorted(
            os.path.join(d, n) for d, _, names in os.walk(kb) for n in names
            if n.endswith((".md", ".yaml")) and n != "facts.yaml"))

    def compare_with_stdin(self, kb, paths):
        c = Client(kb)
        seen = 0
        for path in paths:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            uri = "file://" + os.path.realpath(path)
            c.send(self.open_msg(text=text, uri=uri))
            got = sorted((d["code"], d["range"]["start"]["line"] + 1, d["message"])
                         for d in c.diagnostics(uri) if d["code"] not in ("load-error",))
            c.send(note("textDocument/didClose", {"textDocument": {"uri": uri}}))
            c.diagnostics(uri)
            p = kbtest.run(["check", "--stdin", "--stdin-filename", path, "-f", "json"],
                           stdin=text, cwd=kb)
            self.assertIn(p.returncode, (0, 1), p.stderr)
            want = sorted((f["rule"], f["line"], f["message"]) for f in json.loads(p.stdout)["findings"])
            self.assertEqual(got, want, path)
            seen += len(want)
        self.assertTrue(seen)
        self.assertEqual(c.close(), 0)

    def test_same_findings_as_check_stdin_on_a_real_corpus(self):
        tarball = kbtest.shared("corpora", "hugo-docs.tar.gz")  # skips when absent
        import random
        import tarfile
        with tarfile.open(tarball) as t:
            t.extractall(self.tmp)
        kb = os.path.join(self.tmp, "hugo-docs")
        paths = sorted(os.path.join(d, n) for d, _, names in os.walk(os.path.join(kb, "content"))
                       for n in names if n.endswith(".md"))
        self.compare_with_stdin(kb, random.Random(19).sample(paths, 25))

    def test_hover(self):
        def hover(line, ch):
            return req(8, "textDocument/hover", {"textDocument": {"uri": self.uri},
                                                 "position": {"line": line, "character": ch}})
        rc, out = session([INIT, self.open_msg(), hover(7, 10), hover(7, 3), hover(2, 20)] + END)
        self.assertEqual(rc, 0)
        replies = [m for m in out if m.get("id") == 8]
        self.assertEqual(len(replies), 3)
        h = replies[0]["result"]["contents"]
        self.assertEqual(h["kind"], "markdown")
        self.assertTrue(h["value"].startswith(
            "**placeholder-todo**: pattern rule, category unverified, severity error\n\n"
            "Unfinished text left in a published article"), h["value"])
        self.assertIn("[Documentation](", h["value"])
        self.assertIsNone(replies[1]["result"])  # "Héllo": no finding there
        self.assertIn("**review-overdue**", replies[2]["result"]["contents"]["value"])

    def test_requests_before_initialize(self):
        rc, out = session([req(5, "textDocument/hover", {}), INIT] + END)
        self.assertEqual(out[0]["id"], 5)
        self.assertEqual(out[0]["error"]["code"], -32002)
        self.assertEqual(out[1]["id"], 1)

    def test_unknown_method_and_after_shutdown(self):
        rc, out = session([INIT, req(2, "kblint/nothing", {}), note("kblint/nothing", {}),
                           note("$/cancelRequest", {"id": 2}), req(3, "shutdown"),
                           req(4, "textDocument/hover", {}), note("exit")])
        self.assertEqual(rc, 0)
        self.assertEqual(out[1]["error"]["code"], -32601)
        self.assertIn("kblint/nothing", out[1]["error"]["message"])
        self.assertEqual(out[2]["id"], 3)
        self.assertEqual(out[3]["error"]["code"], -32600)
        self.assertEqual(len(out), 4)

    def test_malformed_input(self):
        rc, out = session([
            INIT,
            b"Content-Type: x\r\n\r\n",                       # no Content-Length
            b"Content-Length: abc\r\n\r\n",                   # not a number
            frame(raw=b"{not json"),                          # bad JSON
            frame(raw=b"[1, 2]"),                             # not an object
            frame(raw=b"{\"jsonrpc\": \"2.0\", \"id\": 7}"),  # no method
            frame({"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}),  # bad id
            frame({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": 5}),
            frame({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                   "params": {"textDocument": {"uri": "http://x/y.md", "text": "x"}}}),
            frame({"jsonrpc": "2.0", "method": "textDocument/didChange",
                   "params": {"textDocument": {"uri": self.uri}, "contentChanges": 3}}),
        ] + END)
        self.assertEqual(rc, 0)
        codes = [m.get("error", {}).get("code") for m in out[1:]]
        self.assertEqual(codes, [-32700, -32700, -32700, -32600, -32600, -32600, None])
        self.assertIn("Content-Length", out[1]["error"]["message"])
        self.assertIn("invalid JSON", out[3]["error"]["message"])
        self.assertEqual(out[-1], {"jsonrpc": "2.0", "id": 99, "result": None})

    def test_huge_content_length_is_refused(self):
        rc, out = session([INIT, b"Content-Length: 99999999999\r\n\r\n"] + END)
        self.assertEqual(out[1]["error"]["code"], -32700)
        self.assertEqual(rc, 0)


class Neovim(unittest.TestCase):
    """A real editor: Neovim's built-in LSP client, headless."""

    def test_neovim_shows_the_diagnostics(self):
        nvim = shutil.which("nvim")
        if not nvim:
            self.skipTest("neovim is not installed (apt-get install neovim)")
        tmp = tempfile.mkdtemp()
        try:
            with open(os.path.join(tmp, ".kblint.yaml"), "w") as f:
                f.write(CONFIG)
            article = os.path.join(tmp, "refunds.md")
            with open(article, "w") as f:
                f.write(ARTICLE + "Sign in prior to paying.\n")
            out = os.path.join(tmp, "diagnostics.txt")
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nvim_diagnostics.lua")
            env = dict(os.environ, KBLINT=KBLINT, KB_ARTICLE=article, KB_OUT=out,
                       KB_CODE="plain-words", KB_ACTION="Replace with 'before'",
                       HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_STATE_HOME=tmp)
            subprocess.run([nvim, "--headless", "--clean", "-c", "luafile " + script],
                           env=env, cwd=tmp, timeout=TIMEOUT, capture_output=True)
            with open(out) as f:
                lines = f.read().splitlines()
            # Neovim 0.7 negotiates UTF-16 and shows columns in bytes: the TODO after
            # "Héllo 😀 " is at byte 12 (UTF-16 unit 9)
            self.assertEqual(lines[:3], ["2:18 review-overdue 1", "7:12 placeholder-todo 1",
                                         "8:8 plain-words 3"])
            # the fix's code action, applied by Neovim: the buffer has the term to use
            self.assertEqual(lines[3:], ["--"] + (ARTICLE + "Sign in before paying.").splitlines())
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=2)
