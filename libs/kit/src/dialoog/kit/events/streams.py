"""JetStream streams: one per service (`hr.*.<service>.>`, file storage) and one for dead letters.
Created or updated idempotently at start, with the replicas of `ServiceSettings.stream_replicas`
(1 on one nats-server, 3 on a cluster of 3: ADR 0028)."""

from __future__ import annotations

from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

DEAD_LETTER_STREAM = "DEAD_LETTERS"


def stream_name(service: str) -> str:
    return service.upper()


def service_stream(service: str, duplicate_window: float = 120.0, replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=stream_name(service),
        description=f"Dialoog events of {service}",
        subjects=[f"hr.*.{service}.>"],
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        discard=DiscardPolicy.OLD,
        max_age=365 * 24 * 3600.0,
        duplicate_window=duplicate_window,
        num_replicas=replicas,
    )


def dead_letter_stream(replicas: int = 1) -> StreamConfig:
    return StreamConfig(
        name=DEAD_LETTER_STREAM,
        description="Events a consumer could not process, with the reason",
        subjects=["dlq.>"],
        storage=StorageType.FILE,
        retention=RetentionPolicy.LIMITS,
        max_age=90 * 24 * 3600.0,
        num_replicas=replicas,
    )


async def ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
        return
    await js.update_stream(config)


async def ensure_service_streams(
    js: JetStreamContext, service: str, duplicate_window: float = 120.0, replicas: int = 1
) -> None:
    await ensure_stream(js, service_stream(service, duplicate_window, replicas))
    await ensure_stream(js, dead_letter_stream(replicas))
