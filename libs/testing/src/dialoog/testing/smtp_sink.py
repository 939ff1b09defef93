"""A private SMTP sink for tests that stop and start it (an outage), need one that refuses some
recipients, or one that requires STARTTLS and a login like a production relay: the dev stack's
sink (`dialoog.devstack.smtpsink`) on a port and folder of its own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from dialoog.devstack import smtpsink
from dialoog.devstack.config import StackConfig
from dialoog.devstack.procs import stop, wait_until
from dialoog.testing.mailbox import Mailbox
from dialoog.testing.nats_server import free_port


class SmtpSink:
    def __init__(
        self,
        directory: Path,
        refuse_domains: tuple[str, ...] = (),
        *,
        tls: tuple[Path, Path] | None = None,
        login: tuple[str, str] | None = None,
    ) -> None:
        """`tls`: (certificate, key) PEM files, STARTTLS required; `login`: (user, password) required."""
        base = StackConfig.from_env(directory)
        self.cfg = replace(base, ports={**base.ports, "smtp": free_port()})
        self.refuse_domains = refuse_domains
        self.extra_args: tuple[str, ...] = ()
        if tls:
            self.extra_args += ("--tls-cert", str(tls[0]), "--tls-key", str(tls[1]))
        if login:
            self.extra_args += ("--auth", f"{login[0]}:{login[1]}")
        self.pid: int | None = None
        self.mailbox = Mailbox(self.cfg.mail_dir)

    @property
    def host(self) -> str:
        return self.cfg.host

    @property
    def port(self) -> int:
        return self.cfg.port("smtp")

    def _healthy(self) -> bool:
        try:
            return smtpsink.healthy(self.cfg)
        except OSError:
            return False

    def start(self) -> SmtpSink:
        """On the same port every time, so a sender configured once finds it back."""
        self.pid = smtpsink.start(self.cfg, self.refuse_domains, self.extra_args)
        wait_until(self._healthy, 20, what="private SMTP sink")
        return self

    def stop(self) -> None:
        stop(self.pid, timeout=5)
        self.pid = None
