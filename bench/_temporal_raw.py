"""The raw Temporal figure: an empty workflow that runs one activity. A module of its own, because
Temporal's sandbox re-imports the module that defines a workflow."""

from datetime import timedelta

from temporalio import activity, workflow


@activity.defn(name="bench.noop")
async def noop(n: int) -> int:
    return n


@workflow.defn(name="BenchOne")
class BenchOne:
    @workflow.run
    async def run(self, n: int) -> int:
        return await workflow.execute_activity(
            "bench.noop", n, result_type=int, start_to_close_timeout=timedelta(seconds=30)
        )
