"""An SMTP sink (aiosmtpd) that keeps every message it receives as a .eml file in a folder, where
tests and people can read it. Run: python -m dialoog.devstack.smtpsink --port 2544 --dir .dialoog/mail

`--refuse-domain example.invalid` makes it answer 550 to recipients of that domain, as a real
relay refuses an address that does not exist (for tests of mail that is given up); `--tls-cert
CERT --tls-key KEY` makes it require STARTTLS and `--auth USER:PASSWORD` a login, as a
production relay does (for tests of those settings)."""

from __future__ import annotations

import argparse
import asyncio
import signal
import socket
import ssl
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import spawn


class MaildirHandler:
    def __init__(self, directory: Path, refuse_domains: tuple[str, ...] = ()) -> None:
        self.directory = directory
        self.refuse_domains = tuple(d.lower() for d in refuse_domains)
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_RCPT(self, server, session: Session, envelope: Envelope, address: str, rcpt_options):
        if address.rpartition("@")[2].lower() in self.refuse_domains:
            return "550 5.1.1 No such recipient here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session: Session, envelope: Envelope) -> str:
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode()
        tmp = self.directory / (name + ".tmp")
        tmp.write_bytes(content)
        tmp.rename(self.directory / name)  # readers never see half a message
        return "250 Message accepted"


def login_checker(user: str, password: str):
    def check(server, session, envelope, mechanism, auth_data) -> AuthResult:
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode() == user and auth_data.password.decode() == password
        )
        return AuthResult(success=ok, handled=False)

    return check


def server_options(args: argparse.Namespace) -> dict:
    options: dict = {}
    if args.tls_cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
        options.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, _, password = args.auth.partition(":")
        options.update(authenticator=login_checker(user, password), auth_required=True)
    return options


def main() -> None:
    parser = argparse.ArgumentParser(description="Dialoog SMTP sink")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=2544)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--refuse-domain", action="append", default=[])
    parser.add_argument("--tls-cert", help="require STARTTLS with this certificate (PEM)")
    parser.add_argument("--tls-key", help="the certificate's key (PEM)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require this login (after STARTTLS)")
    args = parser.parse_args()
    handler = MaildirHandler(args.dir, tuple(args.refuse_domain))
    controller = Controller(handler, hostname=args.host, port=args.port, **server_options(args))
    controller.start()
    print(f"smtp sink on {args.host}:{args.port}, mail in {args.dir}", flush=True)
    stop = asyncio.Event()

    async def wait() -> None:
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await stop.wait()

    try:
        asyncio.run(wait())
    finally:
        controller.stop()


def start(cfg: StackConfig, refuse_domains: tuple[str, ...] = (), extra_args: tuple[str, ...] = ()) -> int:
    import sys

    return spawn(
        [
            sys.executable,
            "-m",
            "dialoog.devstack.smtpsink",
            "--host",
            cfg.host,
            "--port",
            str(cfg.port("smtp")),
            "--dir",
            str(cfg.mail_dir),
            *(arg for domain in refuse_domains for arg in ("--refuse-domain", domain)),
            *extra_args,
        ],
        cfg.log_file("smtp"),
    )


def healthy(cfg: StackConfig) -> bool:
    with socket.create_connection((cfg.host, cfg.port("smtp")), timeout=2) as sock:
        banner = sock.recv(512)
        sock.sendall(b"QUIT\r\n")
    return banner.startswith(b"220")


if __name__ == "__main__":
    main()
