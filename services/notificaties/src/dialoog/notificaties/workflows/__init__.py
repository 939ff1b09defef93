"""The notificaties Temporal worker: the Schedule that sends the due digests (ADR 0025)."""
