"""dialoog.testing: the pytest plugin that runs tests against real PostgreSQL, NATS, Temporal and
Keycloak processes, with per-worker databases and real tokens."""
