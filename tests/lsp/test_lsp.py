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
            f.write("---\ntitle: Shipping\nlast_reviewed_on: 2026-11-01\n---\n# Shipping\n\n"
                    "Ünïcode 😀 café. Standard shipping takes 7 business days within the continental US.\n")
        text = ("---\ntitle: Refunds\nlast_reviewed_on: 2026-11-01\n---\n# Refunds\n\n"
                "Standard shipping takes 5 business days within the continental US.\n")
        rc, out = session([INIT, self.open_msg(text=text)] + END)
        (pub,) = self.diags(out)
        (conflict,) = [d for d in pub["diagnostics"] if d["code"] == "sentence-conflict"]
        (rel,) = conflict["relatedInformation"]
        self.assertEqual(rel["location"]["uri"],
                         "file://" + os.path.realpath(self.tmp) + "/shipping%20%C3%A9.md")
        # "Ünïcode 😀 café. " is 17 UTF-16 units, "Standard shipping takes " 24: the value at 41
        self.assertEqual(rel["location"]["range"]["start"], {"line": 6, "character": 41})
        self.assertEqual(rel["message"], "says 7 business days")

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
                f.write(ARTICLE)
            out = os.path.join(tmp, "diagnostics.txt")
            script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "nvim_diagnostics.lua")
            env = dict(os.environ, KBLINT=KBLINT, KB_ARTICLE=article, KB_OUT=out,
                       HOME=tmp, XDG_CONFIG_HOME=tmp, XDG_DATA_HOME=tmp, XDG_STATE_HOME=tmp)
            subprocess.run([nvim, "--headless", "--clean", "-c", "luafile " + script],
                           env=env, cwd=tmp, timeout=TIMEOUT, capture_output=True)
            with open(out) as f:
                lines = f.read().splitlines()
            # Neovim 0.7 negotiates UTF-16 and shows columns in bytes: the TODO after
            # "Héllo 😀 " is at byte 12 (UTF-16 unit 9)
            self.assertEqual(lines, ["2:18 review-overdue 1", "7:12 placeholder-todo 1"])
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main(verbosity=2)
