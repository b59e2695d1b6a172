#!/usr/bin/python3
"""Audit e-mail (include/mail.h) through tests/mail/mail_driver: messages parsed back with
Python's email package (RFC 2047 subjects, both MIME parts, 78-column lines, no header
injection), a real SMTP round trip to an aiosmtpd server on 127.0.0.1 (failures for some
owners reported with the server's reply while the others are delivered), sendmail mode with a
fake sendmail on PATH, and .eml files.

The SMTP tests need Debian's python3-aiosmtpd (scripts/setup installs it) and a build with SMTP
(KBLINT_SMTP, set by tests/meson.build from meson's smtp feature, is not "no"); without either
they are skipped with a message saying so, and a build without SMTP is checked to say so."""
import email
import logging
import email.policy
import email.utils
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import kbtest  # noqa: E402  (tests/support)

DRIVER = os.path.abspath(sys.argv.pop(1) if len(sys.argv) > 1 else "build/tests/mail_driver")
US = "\x1f"  # separates the recipients of one message for the driver
DATE = 1795000000  # Wed, 18 Nov 2026 11:06:40 +0000
logging.getLogger("mail.log").setLevel(logging.CRITICAL)  # aiosmtpd: expected TLS failures

try:
    from aiosmtpd.controller import Controller
    AIOSMTPD = None
except ImportError as e:  # pragma: no cover
    Controller = None
    AIOSMTPD = "python3-aiosmtpd is not installed (%s): apt-get install python3-aiosmtpd" % e

# a build without libcurl (meson -Dsmtp=disabled) has no SMTP delivery
HAS_SMTP = os.environ.get("KBLINT_SMTP", "yes") != "no"
NO_SMTP = ("kblint: this build has no SMTP support (built without libcurl); use --send "
           "sendmail, or leave out --send to write .eml files\n")
SMTP_SKIP = (AIOSMTPD if Controller is None else
             None if HAS_SMTP else "this build has no SMTP support (KBLINT_SMTP=no)")
needs_smtp = unittest.skipIf(SMTP_SKIP is not None, SMTP_SKIP or "")


def driver(args, env=None, check=None):
    """Runs the driver; returns the CompletedProcess (bytes stdout)."""
    p = subprocess.run([DRIVER] + args, capture_output=True, timeout=120,
                       env={**os.environ, **(env or {})})
    if check is not None:
        assert p.returncode == check, (p.returncode, p.stdout, p.stderr)
    return p


def msg(name, to, subject, text="Hello.\n", html="<p>Hello.</p>\n"):
    """The driver's words for one message; to is a list of addresses."""
    return ["-m", name, US.join(to), subject, text, html]


def fmt(to, subject, text="Hello.\n", html="<p>Hello.</p>\n", sender="ops@example.com"):
    """The formatted message bytes (asserting the driver succeeded)."""
    p = driver(["--from", sender, "--date", str(DATE), "--print"]
               + msg("x", to, subject, text, html), check=0)
    return p.stdout


def parse(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


HEADERS = ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted",
           "Content-Type"]


class Checks(unittest.TestCase):
    def assert_well_formed(self, raw):
        """CRLF lines of at most 78 characters, 7-bit, the expected headers once each, no
        parsing defects; returns the parsed message."""
        self.assertTrue(raw.endswith(b"\r\n"))
        self.assertNotIn(b"\r\r", raw)
        for line in raw.split(b"\r\n"):
            self.assertNotIn(b"\n", line)
            self.assertNotIn(b"\r", line)
            self.assertLessEqual(len(line), 78, line)
            self.assertTrue(all(0x20 <= c < 0x7F or c == 0x09 for c in line), line)
        m = parse(raw)
        single = ["Content-Transfer-Encoding"] if m.get_content_type() == "text/plain" else []
        self.assertEqual(list(m.keys()), HEADERS + single)
        self.assertEqual(m.defects, [])
        for part in m.walk():
            self.assertEqual(part.defects, [], part)
        return m


class Format(Checks):
    def test_non_ascii_subject_rfc2047(self):
        for subject in ["[kblint] 4 overdue articles for billing-team",
                        "[kblint] 2 overdue articles for Équipe facturation — 請求書",
                        "[kblint] 1 overdue article for " + "Zürich-Support " * 12 + "😀",
                        "a " * 40 + "Ünïcödé at the end",
                        "=?UTF-8?B?Zm9v?= is not an encoded word here",
                        "word" * 30]:
            raw = fmt(["billing@example.com"], subject)
            m = self.assert_well_formed(raw)
            self.assertEqual(str(m["subject"]), subject)
            if not subject.isascii():
                self.assertIn(b"=?UTF-8?B?", raw)

    def test_subject_cleaned(self):
        raw = fmt(["a@example.com"], "  tabs\tand\x7f  runs   of\u2028spaces\x85 ")
        self.assertEqual(str(self.assert_well_formed(raw)["subject"]), "tabs and runs of spaces")
        # invalid UTF-8 becomes U+FFFD
        p = subprocess.run([DRIVER, "--print", "-m", "x", b"a@example.com",
                            b"bad \xff\xfe byte", b"t\xc3(", b"<none>"],
                           capture_output=True, timeout=60)
        m = self.assert_well_formed(p.stdout)
        self.assertEqual(str(m["subject"]), "bad \ufffd\ufffd byte")
        self.assertEqual(m.get_content(), "t\ufffd(\r\n")  # a message ends with CRLF

    def test_both_parts(self):
        text = ("Dear owner,\n\n.a line with a dot\nFrom the start\ntrailing spaces   \n"
                "tab\tin it\n" + "long=" * 60 + "\nÜnïcödé 請求書 😀\n\r\nCRLF line\rCR line\n")
        html = "<p>Ünïcödé &amp; <b>" + "x" * 300 + "</b></p>\n"
        raw = fmt(["Team <a@example.com>"], "s", text, html)
        m = self.assert_well_formed(raw)
        self.assertEqual(m.get_content_type(), "multipart/alternative")
        plain = m.get_body(preferencelist=("plain",))
        rich = m.get_body(preferencelist=("html",))
        self.assertEqual(plain.get_content_type(), "text/plain")
        self.assertEqual(rich.get_content_type(), "text/html")
        for part in (plain, rich):
            self.assertEqual(part.get_content_charset(), "utf-8")
            self.assertEqual(part["Content-Transfer-Encoding"], "quoted-printable")
        want = text.replace("\r\n", "\n").replace("\r", "\n")
        got = plain.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")
        self.assertEqual(got, want)
        self.assertEqual(rich.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n"),
                         html)
        # no line of the encoded body could end the SMTP data or split an mbox
        self.assertNotIn(b"\r\n.", raw)
        self.assertNotIn(b"\r\nFrom ", raw)

    def test_text_only_and_empty(self):
        m = self.assert_well_formed(fmt(["a@example.com"], "s", "no newline", "<none>"))
        self.assertEqual(m.get_content_type(), "text/plain")
        self.assertEqual(m.get_payload(decode=True), b"no newline\r\n")
        m = self.assert_well_formed(fmt(["a@example.com"], "", "", ""))
        self.assertEqual(str(m["subject"]), "")
        for part in m.iter_parts():
            self.assertEqual(part.get_payload(decode=True), b"")

    def test_headers(self):
        raw = fmt(["Billing Team <billing@example.com>", '"Ops, Night" <night@example.com>',
                   "Ünïcödé Name <u@example.com>", "plain@example.com"], "s",
                  sender="kblint <kblint@kb.example.org>")
        m = self.assert_well_formed(raw)
        self.assertEqual(m["From"].addresses[0].addr_spec, "kblint@kb.example.org")
        self.assertEqual(m["From"].addresses[0].display_name, "kblint")
        self.assertEqual([(a.display_name, a.addr_spec) for a in m["To"].addresses],
                         [("Billing Team", "billing@example.com"),
                          ("Ops, Night", "night@example.com"),
                          ("Ünïcödé Name", "u@example.com"), ("", "plain@example.com")])
        self.assertEqual(email.utils.parsedate_to_datetime(m["Date"]).timestamp(), DATE)
        self.assertEqual(m["Date"], "Wed, 18 Nov 2026 11:06:40 +0000")
        self.assertEqual(m["MIME-Version"], "1.0")
        mid = m["Message-ID"]
        self.assertRegex(mid, r"^<kblint\.[0-9a-f]{32}@kb\.example\.org>$")
        self.assertNotEqual(parse(fmt(["a@example.com"], "s"))["Message-ID"], mid)
        # many recipients fold at commas
        many = ["owner%d@example.com" % i for i in range(12)]
        m = self.assert_well_formed(fmt(many, "s"))
        self.assertEqual([a.addr_spec for a in m["To"].addresses], many)

    def test_header_injection(self):
        evil = [
            "x\r\nBcc: evil@example.com",
            "x\nBcc: evil@example.com",
            "x\rBcc: evil@example.com",
            "x\r\n\r\nbody injected",
            "x\u2028Bcc: evil@example.com",
            "x\x00Bcc: evil@example.com",
            "x\x0bX-Injected: 1",
        ]
        for e in evil:
            if "\x00" in e:
                continue  # argv cannot carry NUL; the C string ends there
            # in the subject (an article title, an owner's name)
            raw = fmt(["a@example.com"], "[kblint] 1 overdue article: " + e)
            m = self.assert_well_formed(raw)
            self.assertNotIn(b"\r\nBcc:", raw)
            self.assertNotIn(b"\r\nX-Injected", raw)
            self.assertEqual(m["Bcc"], None)
            self.assertNotIn("\n", str(m["subject"]))
            # in a display name (an owner's name in the roster)
            raw = fmt(["Team " + e + " <a@example.com>"], "s")
            m = self.assert_well_formed(raw)
            self.assertEqual(m["Bcc"], None)
            self.assertEqual([a.addr_spec for a in m["To"].addresses], ["a@example.com"])
            # in an address: refused, nothing written
            for addr in ["a@example.com" + e, e + "a@example.com",
                         "Team <a@example.com" + e + ">", "Team" + e + " <nope>"]:
                p = driver(["--print"] + msg("x", [addr], "s"))
                self.assertEqual(p.returncode, 1, addr)
                self.assertTrue(p.stdout.startswith(b"x: error: "), p.stdout)
                self.assertEqual(p.stdout.count(b"\n"), 1)
            raw = fmt(["a@example.com"], "s", sender="Ops " + e + " <ops@example.com>")
            self.assertEqual(parse(raw)["Bcc"], None)

    def test_bad_addresses(self):
        for addr in ["not-an-address", "a@b", "a@localhost", "a b@example.com", "<>",
                     "a@example.com>", "a@@example.com", '"quoted"@example.com', "",
                     "a@example.com, b@example.com", "Team <a@example.com> extra",
                     "ä@example.com", "a@exa mple.com"]:
            p = driver(["--print"] + msg("x", [addr], "s"))
            self.assertEqual(p.returncode, 1, addr)
            self.assertRegex(p.stdout.decode(), r"^x: error: .*(not a valid e-mail address|"
                                                r"control characters)", addr)
        p = driver(["--from", "nobody", "--print"] + msg("x", ["a@example.com"], "s"))
        self.assertIn(b"'nobody' is not a valid e-mail address", p.stdout)


class Files(Checks):
    def test_eml_written(self):
        tmp = tempfile.mkdtemp()
        try:
            out = os.path.join(tmp, "out")
            p = driver(["--date", str(DATE), "--files", out]
                       + msg("billing-team", ["b@example.com"], "[kblint] 2 for billing")
                       + msg("../evil/..name", ["c@example.com"], "[kblint] 1 for c")
                       + msg("bad", ["nope"], "s"), check=1)
            self.assertEqual(p.stdout.decode().splitlines(),
                             ["billing-team: ok", "../evil/..name: ok",
                              "bad: error: 'nope' is not a valid e-mail address (expected "
                              "name@example.com or Name <name@example.com>)"])
            self.assertEqual(sorted(os.listdir(out)), ["_._evil_..name.eml", "billing-team.eml"])
            with open(os.path.join(out, "billing-team.eml"), "rb") as f:
                m = self.assert_well_formed(f.read())
            self.assertEqual(str(m["subject"]), "[kblint] 2 for billing")
            # a file in the way of the folder
            blocker = os.path.join(tmp, "file")
            open(blocker, "w").close()
            p = driver(["--files", blocker] + msg("a", ["a@example.com"], "s"), check=1)
            self.assertIn(b"is not a folder", p.stdout)
        finally:
            shutil.rmtree(tmp)


FAKE_SENDMAIL = """#!/bin/sh
# a fake sendmail: records its arguments and the message, or fails like a real one
n=$(ls "$FAKE_DIR" | wc -l)
printf '%s\\n' "$@" > "$FAKE_DIR/args.$n"
cat > "$FAKE_DIR/msg.$n"
if grep -q '^To: .*refuse@example.com' "$FAKE_DIR/msg.$n"; then
    echo "sendmail: fatal: refuse@example.com: 550 5.1.1 mailbox unavailable" >&2
    exit 67
fi
exit 0
"""


class Sendmail(Checks):
    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.bin = os.path.join(self.tmp, "bin dir")
        self.out = os.path.join(self.tmp, "out")
        os.makedirs(self.bin)
        os.makedirs(self.out)
        path = os.path.join(self.bin, "sendmail")
        with open(path, "w") as f:
            f.write(FAKE_SENDMAIL)
        os.chmod(path, 0o755)
        self.env = {"PATH": self.bin + ":" + os.environ["PATH"], "FAKE_DIR": self.out}

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def recorded(self):
        """The (args, message) pairs the fake recorded, in order."""
        names = sorted(f for f in os.listdir(self.out) if f.startswith("msg."))
        res = []
        for i in range(len(names)):
            with open(os.path.join(self.out, "args.%d" % (2 * i)), "rb") as f:
                args = f.read()
            with open(os.path.join(self.out, "msg.%d" % (2 * i)), "rb") as f:
                raw = f.read()
            res.append((args.decode().splitlines(), raw))
        return res

    def test_default_command(self):
        p = driver(["--date", str(DATE), "--sendmail", ""]
                   + msg("billing", ["billing@example.com"], "[kblint] 2 für billing")
                   + msg("refused", ["refuse@example.com"], "s")
                   + msg("logistics", ["Log <log@example.com>"], "s"), env=self.env, check=1)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(lines[0], "billing: ok")
        self.assertEqual(lines[1], "refused: error: 'sendmail' exited with status 67: sendmail: "
                                   "fatal: refuse@example.com: 550 5.1.1 mailbox unavailable")
        self.assertEqual(lines[2], "logistics: ok")
        rec = self.recorded()
        self.assertEqual(len(rec), 3)
        for args, raw in rec:
            self.assertEqual(args, ["-t", "-i"])
            self.assertNotIn(b"\r", raw)  # local line ends for sendmail
            self.assert_well_formed(raw.replace(b"\n", b"\r\n"))
        self.assertEqual(str(parse(rec[0][1])["subject"]), "[kblint] 2 für billing")

    def test_configured_command_no_shell(self):
        script = os.path.join(self.bin, "sendmail")
        cmd = "'%s' -oi -f 'bounce@example.com' \"a;b $HOME\" `x`" % script
        driver(["--sendmail", cmd] + msg("a", ["a@example.com"], "s"), env=self.env, check=0)
        args, _ = self.recorded()[0]
        self.assertEqual(args, ["-oi", "-f", "bounce@example.com", "a;b $HOME", "`x`"])

    def test_command_errors(self):
        p = driver(["--sendmail", "no-such-sendmail-kblint -t"] + msg("a", ["a@example.com"], "s"),
                   check=1)
        self.assertEqual(p.stdout, b"a: error: cannot run 'no-such-sendmail-kblint': "
                                   b"No such file or directory\n")
        p = driver(["--sendmail", "sendmail 'unclosed"] + msg("a", ["a@example.com"], "s"),
                   check=1)
        self.assertEqual(p.stdout, b"a: error: unclosed ' in the command\n")
        p = driver(["--sendmail", "false"] + msg("a", ["a@example.com"], "s"), check=1)
        self.assertEqual(p.stdout, b"a: error: 'false' exited with status 1\n")
        # a command that reads nothing and exits 0 still counts as delivered (sendmail's word)
        driver(["--sendmail", "true"] + msg("a", ["a@example.com"], "s" * 10, "x" * 100000),
               check=0)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Handler:
    """Accepts every message except: RCPT of bad@example.com (550), DATA of a message whose
    subject says reject-me (554)."""

    def __init__(self):
        self.received = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("bad@"):
            return "550 5.1.1 <%s>: Recipient address rejected: no such mailbox" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if b"reject-me" in envelope.content:
            return "554 5.7.1 Message rejected as spam"
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 Ok: queued"


@needs_smtp
class Smtp(Checks):
    def setUp(self):
        self.handler = Handler()
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        self.url = "smtp://127.0.0.1:%d" % self.port
        self.env = {"KBLINT_SMTP_USER": "", "KBLINT_SMTP_PASSWORD": ""}

    def tearDown(self):
        self.controller.stop()

    def test_round_trip(self):
        owners = [("billing-team", ["Billing <billing@example.com>"], "Équipe facturation"),
                  ("logistics", ["log@example.com", "log2@example.com"], "logistics"),
                  ("support-ops", ["ops@example.com"], "support-ops")]
        args = ["--from", "kblint <kblint@example.org>", "--date", str(DATE), "--smtp", self.url]
        for name, to, label in owners:
            args += msg(name, to, "[kblint] 3 overdue articles for " + label,
                        "Overdue for %s:\n- refunds.md\n" % label,
                        "<ul><li>refunds.md for %s</li></ul>\n" % label)
        p = driver(args, env=self.env, check=0)
        self.assertEqual(p.stdout.decode().splitlines(),
                         ["billing-team: ok", "logistics: ok", "support-ops: ok"])
        self.assertEqual(len(self.handler.received), 3)
        for (name, to, label), (mail_from, rcpts, raw) in zip(owners, self.handler.received):
            self.assertEqual(mail_from, "kblint@example.org")
            self.assertEqual(rcpts, [email.utils.parseaddr(a)[1] for a in to])
            m = self.assert_well_formed(raw)
            self.assertEqual(str(m["subject"]), "[kblint] 3 overdue articles for " + label)
            self.assertEqual([a.addr_spec for a in m["To"].addresses], rcpts)
            self.assertEqual(m.get_body(("plain",)).get_content().replace("\r\n", "\n"),
                             "Overdue for %s:\n- refunds.md\n" % label)
            self.assertIn("<li>refunds.md for %s</li>" % label, m.get_body(("html",)).get_content())

    def test_failures_do_not_stop_the_others(self):
        refused = "smtp://127.0.0.1:%d" % free_port()  # nothing listens there
        p = driver(["--smtp", self.url] + msg("first", ["first@example.com"], "s")
                   + msg("rcpt-550", ["bad@example.com"], "s")
                   + msg("data-554", ["spam@example.com"], "reject-me")
                   + ["--smtp", refused] + msg("refused", ["r@example.com"], "s")
                   + ["--smtp", self.url] + msg("last", ["last@example.com"], "s"),
                   env=self.env, check=1)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(len(lines), 5, lines)
        self.assertEqual(lines[0], "first: ok")
        self.assertEqual(lines[1], "rcpt-550: error: the server replied 550 5.1.1 "
                                   "<bad@example.com>: Recipient address rejected: no such "
                                   "mailbox (RCPT failed: 550)")
        self.assertRegex(lines[2], r"^data-554: error: the server replied 554 5\.7\.1 "
                                   r"Message rejected as spam \(.+\)$")
        self.assertRegex(lines[3], r"^refused: error: .*(Couldn't connect|Failed to connect)")
        self.assertEqual(lines[4], "last: ok")
        self.assertEqual([r[1] for r in self.handler.received],
                         [["first@example.com"], ["last@example.com"]])

    def test_credentials_need_tls(self):
        env = {"KBLINT_SMTP_USER": "kblint", "KBLINT_SMTP_PASSWORD": "s3cret-pw"}
        p = driver(["--smtp", self.url] + msg("a", ["a@example.com"], "s"), env=env, check=1)
        out = p.stdout.decode()
        self.assertRegex(out, r"^a: error: .*(STARTTLS|SSL|TLS)", out)
        self.assertNotIn("s3cret", out + p.stderr.decode())
        self.assertEqual(self.handler.received, [])
        p = driver(["--smtp", self.url] + msg("a", ["a@example.com"], "s"),
                   env={"KBLINT_SMTP_USER": "kblint"}, check=1)
        self.assertEqual(out.split(":")[0], "a")
        self.assertIn(b"KBLINT_SMTP_USER is set but KBLINT_SMTP_PASSWORD is not", p.stdout)

    @unittest.skipIf(shutil.which("openssl") is None, "no openssl command to make a certificate")
    def test_tls_is_verified(self):
        """A server that offers STARTTLS with a certificate nobody trusts: kblint upgrades
        (CURLUSESSL_TRY), refuses the certificate and sends nothing."""
        import ssl
        tmp = tempfile.mkdtemp()
        try:
            key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-keyout", key, "-out", cert, "-days", "2", "-subj",
                            "/CN=127.0.0.1"], check=True, capture_output=True, timeout=60)
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(cert, key)
            handler = Handler()
            port = free_port()
            tls = Controller(handler, hostname="127.0.0.1", port=port, tls_context=ctx,
                             require_starttls=True)
            tls.start()
            try:
                p = driver(["--smtp", "smtp://127.0.0.1:%d" % port]
                           + msg("a", ["a@example.com"], "s"), env=self.env, check=1)
            finally:
                tls.stop()
            self.assertRegex(p.stdout.decode(), r"^a: error: SSL certificate problem: self-signed")
            self.assertEqual(handler.received, [])
        finally:
            shutil.rmtree(tmp)
        # smtps:// to a server that does not speak TLS
        p = driver(["--smtp", "smtps://127.0.0.1:%d" % self.port]
                   + msg("a", ["a@example.com"], "s"), env=self.env, check=1)
        self.assertTrue(p.stdout.startswith(b"a: error: "), p.stdout)
        self.assertEqual(self.handler.received, [])

    def test_bad_urls(self):
        for url in ["http://127.0.0.1:%d" % self.port, "127.0.0.1", "smtp://host name"]:
            p = driver(["--smtp", url] + msg("a", ["a@example.com"], "s"), env=self.env, check=1)
            self.assertRegex(p.stdout.decode(), r"^a: error: the SMTP URL must")


AUDIT_KB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "audit", "kb")
ROSTER = """owners:
  - name: billing-team
    email: billing@example.com
  - name: logistics
    email: %s
  - name: legal
    email: legal@example.com
"""
# tests/audit/kb/.kblint.yaml's settings, and the e-mail ones
AUDIT = """freshness:
  default_interval: 6 months
audit:
  base_url: https://kb.example.com/help/
  from: "Knowledge Base <kb@example.com>"
  owner_emails:
    legal: counsel@example.org
    support-ops: support@example.com
%s"""
# the fixture on 2026-11-25: the owners with something to review, and what they get
SUBJECTS = {
    "billing-team": "[kblint] 4 overdue articles and 1 due soon for billing-team",
    "legal": "[kblint] 1 overdue article for legal",
    "logistics": "[kblint] 1 overdue article and 1 due soon for logistics",
    "support-ops": "[kblint] 1 overdue article for support-ops",
}


class AuditEmail(Checks):
    """kblint audit --email on a copy of tests/audit/kb with an owners roster."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp()
        self.kb = os.path.join(self.tmp, "kb")
        shutil.copytree(AUDIT_KB, self.kb)
        self.configure()

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def configure(self, logistics="logistics@example.com", extra="  default_recipient: "
                  "kb-team@example.com\n"):
        with open(os.path.join(self.kb, "owners.yaml"), "w") as f:
            f.write(ROSTER % logistics)
        with open(os.path.join(self.kb, ".kblint.yaml"), "w") as f:
            f.write(AUDIT % extra + "owners: owners.yaml\n")

    def audit(self, *args, env=None):
        return kbtest.run(["audit", "--today", "2026-11-25", *args, "kb"], cwd=self.tmp,
                          env=env, timeout=120)

    def eml(self, folder):
        res = {}
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as f:
                res[name] = self.assert_well_formed(f.read())
        return res

    def test_default_writes_eml_files(self):
        p = self.audit("--email")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stderr, "")
        self.assertEqual(p.stdout.splitlines(), [
            "mail for billing-team to billing@example.com: written to "
            "kblint-mail/billing-team.eml",
            "mail for legal to legal@example.com: written to kblint-mail/legal.eml",
            "mail for logistics to logistics@example.com: written to kblint-mail/logistics.eml",
            "mail for support-ops to support@example.com: written to "
            "kblint-mail/support-ops.eml",
            "mail for owners without an address: unowned to kb-team@example.com: written to "
            "kblint-mail/digest.eml"])
        msgs = self.eml(os.path.join(self.tmp, "kblint-mail"))
        self.assertEqual(sorted(msgs), ["billing-team.eml", "digest.eml", "legal.eml",
                                        "logistics.eml", "support-ops.eml"])
        for owner, subject in SUBJECTS.items():
            m = msgs[owner + ".eml"]
            self.assertEqual(str(m["subject"]), subject)
            self.assertEqual(m["From"].addresses[0].addr_spec, "kb@example.com")
            self.assertEqual(m["To"].addresses[0].display_name, owner)
            text = m.get_body(("plain",)).get_content()
            html = m.get_body(("html",)).get_content()
            self.assertIn("Knowledge-base audit for %s, 2026-11-25" % owner, text)
            self.assertIn("<title>Knowledge-base audit for %s, 2026-11-25</title>" % owner, html)
        # the roster's address wins over audit.owner_emails; owner_emails fills the gaps
        self.assertEqual(msgs["legal.eml"]["To"].addresses[0].addr_spec, "legal@example.com")
        self.assertEqual(msgs["support-ops.eml"]["To"].addresses[0].addr_spec,
                         "support@example.com")
        self.assertIn("Refunds", msgs["billing-team.eml"].get_body(("plain",)).get_content())
        digest = msgs["digest.eml"]
        self.assertEqual(digest["To"].addresses[0].addr_spec, "kb-team@example.com")
        self.assertEqual(str(digest["subject"]), "[kblint] 1 overdue article for unowned")
        self.assertIn("no-owner.md", digest.get_body(("plain",)).get_content())
        self.assertIn("no-owner.md", digest.get_body(("html",)).get_content())

    def test_out_dir_owner_and_no_default_recipient(self):
        out = os.path.join(self.tmp, "mail out")
        p = self.audit("--email", "--out-dir", out, "--owner", "legal")
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(sorted(os.listdir(out)), ["legal.eml"])
        # an owner with nothing to review gets nothing
        p = self.audit("--email", "--out-dir", out, "--owner", "docs-team")
        self.assertEqual((p.returncode, p.stdout, p.stderr),
                         (0, "no mail: no owner has overdue or due-soon articles\n", ""))
        self.assertEqual(sorted(os.listdir(out)), ["legal.eml"])
        # no default recipient: the owners without an address are a failure; the rest go out
        with open(os.path.join(self.kb, ".kblint.yaml")) as f:
            cfg = f.read().replace("  default_recipient: kb-team@example.com\n", "")
        with open(os.path.join(self.kb, ".kblint.yaml"), "w") as f:
            f.write(cfg)
        shutil.rmtree(out)
        p = self.audit("--email", "--out-dir", out)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr, "kblint: mail for owners without an address: unowned: not "
                                   "delivered: no e-mail address for unowned (add one to the "
                                   "owners roster or audit.owner_emails, or set "
                                   "audit.default_recipient)\n")
        self.assertEqual(len(os.listdir(out)), 4)

    def test_hostile_owner_names(self):
        """An owner's name from front matter with line breaks cannot add a header."""
        with open(os.path.join(self.kb, "notes", "evil.md"), "w") as f:
            f.write('---\ntitle: "Evil\\r\\nBcc: evil@example.com"\n'
                    'owner: "ops\\r\\nBcc: evil@example.com\\nX-Injected: 1"\n'
                    "last_reviewed_on: 2020-01-01\n---\n# Evil\n\nText.\n")
        p = self.audit("--email")
        self.assertEqual(p.returncode, 0, p.stderr)
        # the output stays one line per message
        self.assertEqual(len(p.stdout.splitlines()), 5)
        self.assertIn("mail for owners without an address: ops  Bcc: evil@example.com "
                      "X-Injected: 1, unowned to kb-team@example.com", p.stdout)
        folder = os.path.join(self.tmp, "kblint-mail")
        for name in os.listdir(folder):
            with open(os.path.join(folder, name), "rb") as f:
                raw = f.read()
            m = self.assert_well_formed(raw)
            self.assertIsNone(m["Bcc"])
            self.assertIsNone(m["X-Injected"])
            self.assertNotIn(b"\nBcc:", raw.split(b"\r\n\r\n")[0])
        subject = str(self.eml(folder)["digest.eml"]["subject"])
        self.assertIn("ops Bcc: evil@example.com X-Injected: 1", subject)

    @unittest.skipUnless(HAS_SMTP, "this build has no SMTP support (KBLINT_SMTP=no)")
    def test_libcurl_loaded_when_used(self):
        # libcurl is not linked: a run that sends nothing by SMTP never loads it
        readelf = shutil.which("readelf")
        if readelf:
            needed = subprocess.run([readelf, "-d", kbtest.KBLINT], capture_output=True,
                                    text=True, check=True).stdout
            self.assertIn("(NEEDED)", needed)
            self.assertNotIn("libcurl", needed)
        # one that cannot load it says so before reading anything, names what it tried, and
        # writes nothing; without --send the .eml files need no libcurl
        missing = os.path.join(self.tmp, "no-such-dir", "libcurl.so.4")
        p = self.audit("--email", "--send", "smtp", "--smtp-url", "smtp://127.0.0.1:9",
                       env={"KBLINT_LIBCURL": missing})
        self.assertEqual(p.returncode, 2)
        self.assertEqual(p.stdout, "")
        self.assertTrue(p.stderr.startswith("kblint: cannot load libcurl, which SMTP needs (%s: "
                                            % missing), p.stderr)
        self.assertTrue(p.stderr.endswith("); use --send sendmail, or leave out --send to write "
                                          ".eml files\n"), p.stderr)
        self.assertEqual(p.stderr.count("\n"), 1)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "kblint-mail")))
        p = self.audit("--email", env={"KBLINT_LIBCURL": missing})
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(len(os.listdir(os.path.join(self.tmp, "kblint-mail"))), 5)

    def test_usage_errors(self):
        for args, msg in [
            (["--send", "smtp"], "--send needs --email"),
            (["--smtp-url", "smtp://127.0.0.1"], "--smtp-url needs --email"),
            (["--out-dir", "x"], "--out-dir needs --email"),
            (["--email", "--send", "carrier-pigeon"],
             "--send must be sendmail or smtp, not 'carrier-pigeon'"),
            (["--email", "--smtp-url", "smtp://127.0.0.1"], "--smtp-url needs --send smtp"),
            (["--email", "--send", "sendmail", "--out-dir", "x"],
             "--out-dir writes files instead of sending: it cannot be used with --send"),
            (["--email", "-o", "r.txt"],
             "--output cannot be used with --email: the reports go to the owners"),
        ]:
            p = self.audit(*args)
            self.assertEqual(p.returncode, 2, args)
            self.assertTrue(p.stderr.startswith("kblint: %s\nusage: kblint" % msg), p.stderr)
        for args, msg in [
            (["--email", "--send", "smtp"], "--send smtp needs --smtp-url smtp://HOST:PORT"),
            (["--email", "--send", "smtp", "--smtp-url", "http://x"],
             "--smtp-url must start with smtp:// or smtps://, not 'http://x'"),
        ]:
            p = self.audit(*args)
            self.assertEqual(p.returncode, 2, args)
            if HAS_SMTP:
                self.assertTrue(p.stderr.startswith("kblint: %s\nusage: kblint" % msg), p.stderr)
            else:  # no SMTP comes first: a URL would not help
                self.assertEqual(p.stderr, NO_SMTP)
        p = kbtest.run(["check", "--email", "kb"], cwd=self.tmp)
        self.assertEqual(p.returncode, 2)
        self.assertIn("option '--email' does not apply to this command", p.stderr)
        # no sender
        with open(os.path.join(self.kb, ".kblint.yaml")) as f:
            cfg = f.read().replace('  from: "Knowledge Base <kb@example.com>"\n', "")
        with open(os.path.join(self.kb, ".kblint.yaml"), "w") as f:
            f.write(cfg)
        p = self.audit("--email")
        self.assertEqual(p.returncode, 2)
        self.assertTrue(p.stderr.startswith("kblint: audit.from is not set"), p.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "kblint-mail")))

    def test_sendmail(self):
        bindir = os.path.join(self.tmp, "bin")
        out = os.path.join(self.tmp, "sent")
        os.makedirs(bindir)
        os.makedirs(out)
        for name in ("sendmail", "my-mailer"):
            with open(os.path.join(bindir, name), "w") as f:
                f.write(FAKE_SENDMAIL)
            os.chmod(os.path.join(bindir, name), 0o755)
        env = {"PATH": bindir + ":" + os.environ["PATH"], "FAKE_DIR": out}
        p = self.audit("--email", "--send", "sendmail", env=env)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertIn("mail for billing-team: sent to billing@example.com", p.stdout)
        self.assertEqual(len([f for f in os.listdir(out) if f.startswith("msg.")]), 5)
        with open(os.path.join(out, "args.0")) as f:
            self.assertEqual(f.read(), "-t\n-i\n")
        # audit.sendmail names the command; a refused recipient fails that owner only
        shutil.rmtree(out)
        os.makedirs(out)
        self.configure(logistics="refuse@example.com",
                       extra="  sendmail: my-mailer -oi -t\n  default_recipient: "
                             "kb-team@example.com\n")
        p = self.audit("--email", "--send", "sendmail", env=env)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stderr, "kblint: mail for logistics to refuse@example.com: not "
                                   "delivered: 'my-mailer' exited with status 67: sendmail: "
                                   "fatal: refuse@example.com: 550 5.1.1 mailbox unavailable\n")
        self.assertEqual(len(p.stdout.splitlines()), 4)
        with open(os.path.join(out, "args.0")) as f:
            self.assertEqual(f.read(), "-oi\n-t\n")

    @unittest.skipIf(HAS_SMTP, "this build has SMTP support")
    def test_no_smtp_support(self):
        """Built without libcurl: --send smtp is refused before anything is read or sent."""
        p = self.audit("--email", "--send", "smtp", "--smtp-url", "smtp://127.0.0.1:25")
        self.assertEqual((p.returncode, p.stdout, p.stderr), (2, "", NO_SMTP))
        self.assertEqual(sorted(os.listdir(self.tmp)), ["kb"])

    @needs_smtp
    def test_smtp(self):
        handler = Handler()
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            env = {"KBLINT_SMTP_USER": "", "KBLINT_SMTP_PASSWORD": ""}
            url = "smtp://127.0.0.1:%d" % port
            p = self.audit("--email", "--send", "smtp", "--smtp-url", url, env=env)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertEqual(len(handler.received), 5)
            got = {}
            for mail_from, rcpts, raw in handler.received:
                self.assertEqual(mail_from, "kb@example.com")
                m = self.assert_well_formed(raw)
                got[rcpts[0]] = str(m["subject"])
                self.assertEqual(len(list(m.iter_parts())), 2)
            self.assertEqual(got, {
                "billing@example.com": SUBJECTS["billing-team"],
                "legal@example.com": SUBJECTS["legal"],
                "logistics@example.com": SUBJECTS["logistics"],
                "support@example.com": SUBJECTS["support-ops"],
                "kb-team@example.com": "[kblint] 1 overdue article for unowned"})
            # one owner's address is refused by the server: the others still go
            handler.received.clear()
            self.configure(logistics="bad@example.com")
            p = self.audit("--email", "--send", "smtp", "--smtp-url", url, env=env)
            self.assertEqual(p.returncode, 1)
            self.assertEqual(p.stderr, "kblint: mail for logistics to bad@example.com: not "
                                       "delivered: the server replied 550 5.1.1 "
                                       "<bad@example.com>: Recipient address rejected: no "
                                       "such mailbox (RCPT failed: 550)\n")
            self.assertEqual(len(handler.received), 4)
            self.assertNotIn("logistics", p.stdout)
        finally:
            controller.stop()
        # nobody listening: every owner fails, each with the reason
        p = self.audit("--email", "--send", "smtp", "--smtp-url",
                       "smtp://127.0.0.1:%d" % free_port(), env=env)
        self.assertEqual(p.returncode, 1)
        self.assertEqual(p.stdout, "")
        lines = p.stderr.splitlines()
        self.assertEqual(len(lines), 5)
        for line in lines:
            self.assertRegex(line, r"^kblint: mail for .*: not delivered: Failed to connect "
                                   r"to 127\.0\.0\.1 port \d+")


if __name__ == "__main__":
    if SMTP_SKIP is not None:
        print("SKIP: the SMTP tests: " + SMTP_SKIP, file=sys.stderr)
    unittest.main(verbosity=2)
