#!/usr/bin/env python3
"""Temporal worker for cancelbench's real-target runs (started by scripts/real-targets/temporal).

Workflow type ``SleepWorkflow`` on task queue ``cancelbench`` (``--task-queue``) runs one activity,
``sleep_activity``, that sleeps in small steps and heartbeats after every step.

Input: ONE argument, sent through the HTTP API as a JSON payload. Either a bare number of seconds,
or a small JSON object (all keys optional):

    {"seconds": 1.5,          # how long the activity sleeps (default 1); a number, a decimal string
                              # ("0.8"), or a range string "0.3..1.5" (see below)
     "vary": "17",            # with a range: the text the duration is drawn from (default: the workflow id)
     "fail": 0.1,             # fraction of runs that end FAILED (drawn with workflow.random(), default 0)
     "cancel": "wait"}        # "wait" (default) or "try": how the workflow cancels its activity

A range "LO..HI" (also as the bare string payload) picks a duration in [LO, HI] from a 64-bit hash (FNV-1a, fmix64) of
"vary" (or of the workflow id when "vary" is absent). A profile template can only place strings, so this is
how cancelbench varies run times: {"seconds": "0.3..1.5", "vary": "{seq}"} gives job N the same duration in
every run (replayable), and workflow replays on the worker see the same value (deterministic, no clock).

Over the HTTP API the easiest form is grpc-gateway's payload shorthand (a plain JSON value, sent as
json/plain), e.g.  "input": {"payloads": [1.5]}  or  "input": {"payloads": [{"seconds": 1.5}]}.
The long form {"metadata": {"encoding": "anNvbi9wbGFpbg=="}, "data": "<base64 of the JSON>"} also works.

Cancellation, as the Python SDK behaves:
  1. a RequestCancelWorkflowExecution (HTTP: POST .../workflows/{id}/cancel) records
     WorkflowExecutionCancelRequested and hands the workflow a new workflow task;
  2. the SDK cancels the workflow's main asyncio task: the ``await`` on the activity raises
     asyncio.CancelledError inside the workflow, and the SDK sends RequestCancelActivityTask;
  3. the server marks the activity cancel-requested; the worker learns it from the answer to the
     activity's next heartbeat (heartbeats are throttled to min(0.8 * heartbeat timeout,
     --max-heartbeat-throttle)), and raises asyncio.CancelledError inside the async activity;
  4. with cancel "wait" (ActivityCancellationType.WAIT_CANCELLATION_COMPLETED, the default here) the
     workflow's CancelledError is raised only once the activity reported itself cancelled, so a
     CANCELED workflow means the sleeping work has stopped; with "try" (TRY_CANCEL, the SDK default)
     it is raised at once and the activity is stopped in the background;
  5. the workflow lets CancelledError propagate, so the SDK completes it with
     CancelWorkflowExecution: the execution status becomes CANCELED.
A workflow that catches CancelledError could ignore the request and complete anyway: cancellation
in Temporal is a request, not a kill (TerminateWorkflowExecution is the forceful one).

Results: COMPLETED with {"slept": seconds, "steps": n}; FAILED (ApplicationError "injected failure",
non-retryable) for the "fail" fraction; CANCELED when cancelled while running.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import sys
from datetime import timedelta
from typing import Any

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.common import RetryPolicy
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

STEP_SECONDS = 0.1  # the activity sleeps in steps this long, heartbeating after each
HEARTBEAT_TIMEOUT = timedelta(seconds=float(os.environ.get("CANCELBENCH_TEMPORAL_HEARTBEAT_TIMEOUT", "2")))


@activity.defn(name="sleep_activity")
async def sleep_activity(seconds: float) -> dict:
    steps = 0
    remaining = max(0.0, float(seconds))
    activity.heartbeat(steps)
    while remaining > 0:
        # asyncio.CancelledError is raised here once the server has told the worker (in the answer to a
        # heartbeat) that the activity is cancel-requested; letting it propagate reports it cancelled.
        await asyncio.sleep(min(STEP_SECONDS, remaining))
        remaining -= STEP_SECONDS
        steps += 1
        activity.heartbeat(steps)
    return {"slept": float(seconds), "steps": steps}


MAX_SECONDS = 3600.0  # a bound on any requested sleep, so a typo cannot park a workflow for days


def _hash64(text: str) -> int:
    """FNV-1a 64 of the text, then MurmurHash3's fmix64 so short keys ("1", "2", ...) spread over all bits."""
    m = 0xFFFFFFFFFFFFFFFF
    h = 0xCBF29CE484222325
    for b in text.encode("utf-8"):
        h = ((h ^ b) * 0x100000001B3) & m
    h ^= h >> 33
    h = (h * 0xFF51AFD7ED558CCD) & m
    h ^= h >> 33
    h = (h * 0xC4CEB9FE1A85EC53) & m
    h ^= h >> 33
    return h


def _seconds(value: Any, vary: str) -> float:
    """A number, a decimal string, or a range "LO..HI" resolved from a hash of `vary` (deterministic)."""
    if isinstance(value, str) and ".." in value:
        lo_text, hi_text = value.split("..", 1)
        lo, hi = float(lo_text), float(hi_text)
        if not (0 <= lo <= hi):
            raise ValueError(f"range {value!r}: expected 0 <= LO <= HI")
        fraction = (_hash64(vary) >> 11) / float(1 << 53)
        seconds = lo + (hi - lo) * fraction
    elif isinstance(value, bool):
        raise ValueError(f"seconds must be a number or a string, not {value!r}")
    else:
        seconds = float(value)
    if not (0 <= seconds <= MAX_SECONDS):
        raise ValueError(f"seconds {seconds} outside 0..{MAX_SECONDS:g}")
    return seconds


def _parse(arg: Any, workflow_id: str) -> tuple[float, float, str]:
    if isinstance(arg, (int, float)) and not isinstance(arg, bool):
        return _seconds(arg, workflow_id), 0.0, "wait"
    if isinstance(arg, str):
        return _seconds(arg, workflow_id), 0.0, "wait"
    if isinstance(arg, dict):
        cancel = str(arg.get("cancel", "wait"))
        if cancel not in ("wait", "try"):
            raise ApplicationError(f"bad input: cancel must be wait or try, not {cancel!r}", non_retryable=True)
        vary = str(arg.get("vary", workflow_id))
        return _seconds(arg.get("seconds", 1), vary), float(arg.get("fail", 0)), cancel
    if arg is None:
        return 1.0, 0.0, "wait"
    raise ApplicationError(f"bad input: {arg!r}", non_retryable=True)


@workflow.defn(name="SleepWorkflow")
class SleepWorkflow:
    @workflow.run
    async def run(self, arg: Any = None) -> dict:
        try:
            seconds, fail, cancel = _parse(arg, workflow.info().workflow_id)
        except (TypeError, ValueError) as e:
            raise ApplicationError(f"bad input: {arg!r}: {e}", non_retryable=True)
        fails = fail > 0 and workflow.random().random() < fail
        # A failing run sleeps part of the time first, so failures land mid-run.
        sleep_for = seconds * workflow.random().random() if fails else seconds
        result = await workflow.execute_activity(
            sleep_activity,
            sleep_for,
            start_to_close_timeout=timedelta(seconds=sleep_for + 60),
            heartbeat_timeout=HEARTBEAT_TIMEOUT,
            retry_policy=RetryPolicy(maximum_attempts=1),
            cancellation_type=(
                workflow.ActivityCancellationType.WAIT_CANCELLATION_COMPLETED
                if cancel == "wait"
                else workflow.ActivityCancellationType.TRY_CANCEL
            ),
        )
        if fails:
            raise ApplicationError("injected failure", non_retryable=True)
        return result


async def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--address", default="127.0.0.1:17233", help="frontend gRPC address (loopback only)")
    p.add_argument("--namespace", default="default")
    p.add_argument("--task-queue", default="cancelbench")
    p.add_argument("--max-concurrent", type=int, default=200, help="max concurrent activities / workflow tasks")
    p.add_argument("--max-heartbeat-throttle", type=float, default=0.5,
                   help="seconds; bounds how late an activity learns it was cancelled")
    p.add_argument("--heartbeat-timeout", type=float, default=None,
                   help="seconds (default 2, or $CANCELBENCH_TEMPORAL_HEARTBEAT_TIMEOUT)")
    p.add_argument("--identity", default=None, help="worker identity (default cancelbench-worker-PID)")
    a = p.parse_args()
    if a.heartbeat_timeout is not None:
        # The workflow sandbox re-imports this module and reads HEARTBEAT_TIMEOUT from the environment.
        os.environ["CANCELBENCH_TEMPORAL_HEARTBEAT_TIMEOUT"] = str(a.heartbeat_timeout)
    heartbeat_timeout = float(os.environ.get("CANCELBENCH_TEMPORAL_HEARTBEAT_TIMEOUT", "2"))
    host = a.address.rsplit(":", 1)[0].strip("[]")
    if host not in ("127.0.0.1", "localhost", "::1") and not host.startswith("127."):
        print(f"refusing non-loopback address {a.address}", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    identity = a.identity or f"cancelbench-worker-{os.getpid()}"
    client = await Client.connect(a.address, namespace=a.namespace, identity=identity)
    worker = Worker(
        client,
        task_queue=a.task_queue,
        workflows=[SleepWorkflow],
        activities=[sleep_activity],
        max_concurrent_activities=a.max_concurrent,
        max_concurrent_workflow_tasks=a.max_concurrent,
        max_heartbeat_throttle_interval=timedelta(seconds=a.max_heartbeat_throttle),
        graceful_shutdown_timeout=timedelta(seconds=2),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    logging.info("worker %s polling %s namespace=%s task_queue=%s heartbeat_timeout=%ss throttle<=%ss",
                 identity, a.address, a.namespace, a.task_queue, heartbeat_timeout, a.max_heartbeat_throttle)
    async with worker:
        await stop.wait()
        logging.info("stopping worker")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
