"""Temporal for every service: the client with the interceptors that carry the trace and the
tenant. The tenant travels through Temporal headers, beside the trace (OpenTelemetry's
TracingInterceptor): the client puts the caller's tenant on the workflow start, the workflow puts
it on every activity, and the activity sets it as the current tenant for logs and events."""

from __future__ import annotations

from typing import Any

from temporalio import activity, client, converter, worker, workflow
from temporalio.contrib.opentelemetry import TracingInterceptor

from dialoog.kit.events.context import current_tenant

HEADER = "dialoog-tenant"
_convert = converter.default().payload_converter


def _with_tenant(headers: Any, tenant: str | None) -> Any:
    if not tenant:
        return headers
    return {**headers, HEADER: _convert.to_payload(tenant)}


def _tenant_of(headers: Any) -> str | None:
    payload = headers.get(HEADER) if headers else None
    return _convert.from_payload(payload, str) if payload is not None else None


async def connect(address: str, namespace: str = "default") -> client.Client:
    return await client.Client.connect(
        address, namespace=namespace, interceptors=[TracingInterceptor(), TenantInterceptor()]
    )


class TenantInterceptor(client.Interceptor, worker.Interceptor):
    def intercept_client(self, next: client.OutboundInterceptor) -> client.OutboundInterceptor:
        return _ClientOutbound(next)

    def intercept_activity(
        self, next: worker.ActivityInboundInterceptor
    ) -> worker.ActivityInboundInterceptor:
        return _ActivityInbound(next)

    def workflow_interceptor_class(
        self, input: worker.WorkflowInterceptorClassInput
    ) -> type[worker.WorkflowInboundInterceptor]:
        return _WorkflowInbound


class _ClientOutbound(client.OutboundInterceptor):
    async def start_workflow(self, input: client.StartWorkflowInput) -> client.WorkflowHandle[Any, Any]:
        input.headers = _with_tenant(input.headers, current_tenant.get())
        return await super().start_workflow(input)


class _WorkflowInbound(worker.WorkflowInboundInterceptor):
    tenant: str | None = None

    def init(self, outbound: worker.WorkflowOutboundInterceptor) -> None:
        super().init(_WorkflowOutbound(outbound, self))

    async def execute_workflow(self, input: worker.ExecuteWorkflowInput) -> Any:
        self.tenant = _tenant_of(input.headers)
        return await super().execute_workflow(input)


class _WorkflowOutbound(worker.WorkflowOutboundInterceptor):
    def __init__(self, next: worker.WorkflowOutboundInterceptor, inbound: _WorkflowInbound) -> None:
        super().__init__(next)
        self.inbound = inbound

    def start_activity(self, input: worker.StartActivityInput) -> workflow.ActivityHandle[Any]:
        input.headers = _with_tenant(input.headers, self.inbound.tenant)
        return super().start_activity(input)

    def continue_as_new(self, input: worker.ContinueAsNewInput) -> Any:
        input.headers = _with_tenant(input.headers, self.inbound.tenant)
        return super().continue_as_new(input)


class _ActivityInbound(worker.ActivityInboundInterceptor):
    async def execute_activity(self, input: worker.ExecuteActivityInput) -> Any:
        tenant = _tenant_of(input.headers)
        token = current_tenant.set(tenant)
        try:
            if tenant:
                activity.logger.debug("activity for tenant %s", tenant)
            return await super().execute_activity(input)
        finally:
            current_tenant.reset(token)
