"""Events: the transactional outbox, its relay to JetStream, streams, and idempotent consumers."""
