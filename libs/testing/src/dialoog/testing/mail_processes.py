"""A mail sender process for crash tests: run as
`python -m dialoog.testing.mail_processes --db URL --smtp-port P ...`; with `--crash-at
before_send|after_send` it writes a marker file (the number of rows in its batch) at that point
and hangs there, so the test can SIGKILL it exactly there (as `event_processes` does for the relay)."""

from __future__ import annotations

import argparse
import asyncio
import logging
from pathlib import Path

from sqlalchemy.ext.asyncio import create_async_engine

from dialoog.kit.mail.sender import MailSender
from dialoog.kit.mail.smtp import MailConfig
from dialoog.testing.event_processes import _mark


class CrashingSender(MailSender):
    def __init__(self, *args, crash_at: str, marker: Path | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.crash_at = crash_at
        self.marker = marker

    async def before_send(self, rows: list) -> None:
        if self.crash_at == "before_send":
            _mark(self.marker, str(len(rows)))
            await asyncio.sleep(3600)

    async def after_send(self, rows: list) -> None:
        if self.crash_at == "after_send":
            _mark(self.marker, str(len(rows)))
            await asyncio.sleep(3600)


def config(smtp_host: str, smtp_port: int, **overrides) -> MailConfig:
    values = {
        "mail_from": "Dialoog test <no-reply@dialoog.test>",
        "batch_size": 50,
        "retry_base_seconds": 0.3,
        "retry_max_seconds": 1.0,
        "poll_interval": 0.2,
        "timeout_seconds": 5.0,
        **overrides,
    }
    return MailConfig(smtp_host=smtp_host, smtp_port=smtp_port, **values)


async def _main(args: argparse.Namespace) -> None:
    engine = create_async_engine(args.db, pool_size=2)
    sender = CrashingSender(
        engine,
        args.db,
        config(args.smtp_host, args.smtp_port, batch_size=args.batch),
        crash_at=args.crash_at,
        marker=Path(args.marker) if args.marker else None,
    )
    await sender.run()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--smtp-host", default="127.0.0.1")
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--crash-at", default="never", choices=["never", "before_send", "after_send"])
    parser.add_argument("--marker")
    parser.add_argument("--batch", type=int, default=50)
    logging.basicConfig(level=logging.INFO)
    asyncio.run(_main(parser.parse_args()))


if __name__ == "__main__":
    main()
