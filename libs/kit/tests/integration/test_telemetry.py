"""A request produces spans for the HTTP call and its SQL, under one trace."""

from opentelemetry import trace
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter


async def test_http_and_sql_spans_share_a_trace(service_client, keycloak_token):
    exporter = InMemorySpanExporter()
    async with service_client("organisatie") as client:
        trace.get_tracer_provider().add_span_processor(SimpleSpanProcessor(exporter))
        response = await client.get(
            "/v1/org-units", headers={"Authorization": f"Bearer {keycloak_token('bel.hr')}"}
        )
        assert response.status_code == 200
    spans = exporter.get_finished_spans()
    server = [s for s in spans if s.kind == trace.SpanKind.SERVER and "/v1/org-units" in s.name]
    sql = [s for s in spans if s.attributes.get("db.system") == "postgresql"]
    assert server, [s.name for s in spans]
    assert sql, [s.name for s in spans]
    assert {s.context.trace_id for s in sql} & {s.context.trace_id for s in server}
