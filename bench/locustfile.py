"""Locust peer of `cancelbench run --profile pika` (its default scenario), against `cancelbench serve --profile pika`.

bench/run runs it as
    locust -f bench/locustfile.py --headless -u USERS -r RATE --run-time T --host http://127.0.0.1:PORT --csv PREFIX
pinned to the client cpu, one process, beside `cancelbench run --concurrency USERS --duration T`, and compares
the client CPU each spends per HTTP exchange.

Each user plays one job at a time, back to back (run's closed model plays --concurrency jobs at once), and each
job is what run's JobScript does with a job under the default cancel mix, fitted to the pika profile (no
progress field and no Idempotency-Key, so progress, duplicate-same-key, key-payload, retry-timeout and
replay-submit are left out, as run leaves them out):

  submit   POST /v1/pika/create {"promptText": ...}
  status   GET  /v1/pika/jobs/?jobid=ID, right after the submit answers, then every 20 ms until terminal
  cancel   GET  /v1/pika/jobs/cancel/?jobid=ID at the job's cancel point:
             none               never
             after-submit       as soon as the submit answers
             queued             after the first read
             claim              at submit + learned queue time + jitter (±5 ms)
             running            at first running read + learned run time × fraction (0.05..0.95)
             racing-completion  at submit + learned life time + jitter (±5 ms)
             after-terminal     after the first terminal read
             duplicate          as running, with 3 concurrent cancels
             unknown-id         a cancel of an id no job has (404), the job left to finish
             missing-id         a cancel without jobid (400), the job left to finish
             no-token           a cancel without a token (401), the job left to finish
             unpaid             a cancel with the unpaid account's token (402), the job left to finish
           a claim, running, racing-completion or duplicate cancel still pending when a read shows the job
           terminal is sent then; every job that got a cancel gets one more once it is terminal (a late duplicate)
  and once terminal: one verifying read, then 2 settle reads 20 and 40 ms apart.

The learned times are exponentially weighted over the jobs seen so far (weight 1/n, at least 0.05; starting at
30, 100 and 130 ms), as run's LifecycleLearner does. Expected refusals of the probes (404, 400, 401, 402) count
as successes. All requests are named by operation (submit, status, cancel) in Locust's statistics, as run's
summary.json names them.

Locust rounds each response time to a whole millisecond below 100 ms before it counts it, so its percentiles of
sub-millisecond exchanges read 0 or 1 ms. This file swaps in Locust's documented hook for that rounding
(locust.stats.bucket_response_time) with one that keeps 2 significant digits at every scale, and, when
CANCELBENCH_LOCUST_PERCENTILES names a file, writes each operation's count, p50 and p99 (ms) there as JSON at exit,
from Locust's own statistics (its CSV prints percentiles as whole milliseconds, and its last write can lag the final
counts), with the process's CPU seconds in all and from the test's start on (start-up left out), and from the
test's start on, the seconds its threads ran and waited runnable for a cpu (/proc/self/task/*/schedstat).

Environment: CANCELBENCH_TOKEN (cancelbench-local), CANCELBENCH_UNPAID_TOKEN (cancelbench-unpaid),
CANCELBENCH_LOCUST_PERCENTILES (unset: not written).
"""

import json
import math
import os
import random
import time

import gevent
import locust.stats
from locust import FastHttpUser, constant, events, task

TOKEN = os.environ.get("CANCELBENCH_TOKEN", "cancelbench-local")
UNPAID_TOKEN = os.environ.get("CANCELBENCH_UNPAID_TOKEN", "cancelbench-unpaid")
PERCENTILES_FILE = os.environ.get("CANCELBENCH_LOCUST_PERCENTILES")

# run's defaults (cancelbench run --help)
POLL = 0.020            # --poll-interval 20ms
RACE_JITTER = 0.005     # --race-jitter 5ms
DUPLICATES = 3          # --duplicates 3
SETTLE_READS = 2        # --settle 2
JOB_TIMEOUT = 30.0      # --job-timeout 30s
CANCEL_DEADLINE = 10.0  # --cancel-deadline 10s

# The standard mix (Sources/LoadModel/CancelMix.swift) without the points the pika profile cannot play.
MIX = [("none", 20), ("after-submit", 6), ("queued", 8), ("claim", 8), ("running", 10), ("racing-completion", 10),
       ("after-terminal", 8), ("duplicate", 6), ("unknown-id", 2), ("missing-id", 2), ("no-token", 1), ("unpaid", 1)]
MIX_TOTAL = sum(w for _, w in MIX)
# Points whose cancel names the job itself with valid credentials (CancelPoint.cancelsJob).
CANCELS_JOB = {"after-submit", "queued", "claim", "running", "racing-completion", "after-terminal", "duplicate"}

# pika's states (profiles/pika.json) on the canonical lifecycle
QUEUED = {"created"}
RUNNING = {"started", "progress"}
TERMINAL = {"completed", "failed", "moderated", "cancelled"}

SUBMIT_PATH = "/v1/pika/create"
STATUS_PATH = "/v1/pika/jobs/?jobid="
CANCEL_PATH = "/v1/pika/jobs/cancel/?jobid="
AUTH = {"Authorization": "Bearer " + TOKEN}
SUBMIT_HEADERS = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
UNPAID = {"Authorization": "Bearer " + UNPAID_TOKEN}


def _bucket(response_time):
    """Locust's response-time rounding, with 2 significant digits below 100 ms too (0.347 ms → 0.35 ms)."""
    if response_time <= 0:
        return 0
    return round(response_time, 1 - math.floor(math.log10(response_time)))


locust.stats.bucket_response_time = _bucket


class Estimate:
    """An online duration estimate, weighted 1/n, at least 0.05 (DurationEstimator)."""

    def __init__(self, initial):
        self.value = initial
        self.samples = 0

    def add(self, sample):
        if sample <= 0:
            return
        self.samples += 1
        w = max(0.05, 1.0 / self.samples)
        self.value = self.value * (1 - w) + sample * w


# Learned across all users of the process, as run learns across all its jobs.
QUEUE = Estimate(0.030)
RUN = Estimate(0.100)
LIFE = Estimate(0.130)


def draw_point(rng):
    x = rng.random() * MIX_TOTAL
    for point, w in MIX:
        if x < w:
            return point
        x -= w
    return MIX[-1][0]


class CancelScenarioUser(FastHttpUser):
    wait_time = constant(0)
    # a duplicate point sends 3 cancels at once: room for them beside the user's read
    concurrency = DUPLICATES + 1

    def on_start(self):
        self.rng = random.Random()
        self.seq = 0

    # -- requests

    def read(self, jobid):
        """One status read; the job's status, or None when the read failed."""
        with self.client.get(STATUS_PATH + jobid, headers=AUTH, name="status", catch_response=True) as r:
            if r.status_code != 200:
                r.failure("status %s" % r.status_code)
                return None
            try:
                return json.loads(r.content)["status"]
            except (ValueError, KeyError, TypeError):
                r.failure("unreadable status body")
                return None

    def cancel(self, path, headers, expected=200):
        with self.client.get(path, headers=headers, name="cancel", catch_response=True) as r:
            if r.status_code == expected:
                r.success()
            else:
                r.failure("cancel %s, expected %s" % (r.status_code, expected))

    def cancels(self, jobid, copies):
        if copies == 1:
            self.cancel(CANCEL_PATH + jobid, AUTH)
        else:
            gevent.joinall([gevent.spawn(self.cancel, CANCEL_PATH + jobid, AUTH) for _ in range(copies)])

    # -- one job

    @task
    def job(self):
        rng = self.rng
        point = draw_point(rng)
        fraction = 0.05 + 0.9 * rng.random()
        jitter = RACE_JITTER * (2 * rng.random() - 1)
        copies = DUPLICATES if point == "duplicate" else 1
        self.seq += 1
        body = '{"promptText":"cancelbench job %d of locust user %x"}' % (self.seq, id(self))

        with self.client.post(SUBMIT_PATH, data=body, headers=SUBMIT_HEADERS, name="submit", catch_response=True) as r:
            try:
                jobid = json.loads(r.content)["jobid"] if r.status_code == 200 else None
            except (ValueError, KeyError, TypeError):
                jobid = None
            if not jobid:
                r.failure("submit %s" % r.status_code)
                return
        submitted = time.monotonic()
        deadline = submitted + JOB_TIMEOUT
        cancel_at = None
        cancel_sent = False

        if point == "after-submit":
            self.cancels(jobid, 1)
            cancel_sent = True
        elif point == "claim":
            cancel_at = submitted + QUEUE.value + jitter
        elif point == "racing-completion":
            cancel_at = submitted + LIFE.value + jitter
        elif point == "unknown-id":
            self.cancel(CANCEL_PATH + "unknown-%016x" % rng.getrandbits(64), AUTH, 404)
        elif point == "missing-id":
            self.cancel("/v1/pika/jobs/cancel/", AUTH, 400)
        elif point == "no-token":
            self.cancel(CANCEL_PATH + jobid, {}, 401)
        elif point == "unpaid":
            self.cancel(CANCEL_PATH + jobid, UNPAID, 402)

        last = None
        first_running = None
        queue_learned = False
        next_read = time.monotonic()
        while True:
            now = time.monotonic()
            if cancel_at is not None and cancel_at <= now:
                cancel_at = None
                cancel_sent = True
                self.cancels(jobid, copies)
                deadline = time.monotonic() + CANCEL_DEADLINE
            if next_read <= now:
                state = self.read(jobid)
                now = time.monotonic()
                next_read = now + POLL
                if state is not None:
                    was_queued = last is None or last in QUEUED
                    last = state
                    terminal = state in TERMINAL
                    if was_queued and state not in QUEUED and not queue_learned:
                        queue_learned = True
                        QUEUE.add(now - submitted - POLL / 2)
                    if state in RUNNING and first_running is None:
                        first_running = now
                    if terminal:
                        if first_running is not None:
                            RUN.add(now - first_running)
                        if point not in CANCELS_JOB:
                            LIFE.add(now - submitted - POLL / 2)
                        break
                    if not cancel_sent:
                        if point == "queued":
                            cancel_sent = True
                            self.cancels(jobid, 1)
                            deadline = time.monotonic() + CANCEL_DEADLINE
                        elif point in ("running", "duplicate") and state in RUNNING and cancel_at is None:
                            cancel_at = now + RUN.value * fraction
            if now >= deadline:
                return  # given up, as run gives a job up
            wake = next_read if cancel_at is None else min(next_read, cancel_at)
            gevent.sleep(max(0.0, wake - time.monotonic()))

        # terminal: a cancel still due goes now (the job finished first), as does an after-terminal one
        if not cancel_sent and point in CANCELS_JOB and point not in ("after-submit", "queued"):
            cancel_sent = True
            self.cancels(jobid, copies)
        elif not cancel_sent and point == "queued":
            cancel_sent = True
            self.cancels(jobid, 1)
        if cancel_sent:
            self.cancels(jobid, 1)  # the late duplicate
        self.read(jobid)  # the verifying read
        for i in range(SETTLE_READS):
            gevent.sleep(POLL * (1 << i))
            self.read(jobid)


def _schedstat():
    """Seconds this process's threads have run and waited runnable for a cpu (/proc/PID/task/*/schedstat), or None."""
    run = wait = 0
    try:
        for task in os.listdir("/proc/self/task"):
            with open("/proc/self/task/%s/schedstat" % task) as f:
                fields = f.read().split()
            run += int(fields[0])
            wait += int(fields[1])
    except (OSError, ValueError, IndexError):
        return None
    return run / 1e9, wait / 1e9


_at_test_start = None


@events.test_start.add_listener
def _note_test_start(environment, **_kwargs):
    global _at_test_start
    t = os.times()
    _at_test_start = (t.user + t.system, time.monotonic(), _schedstat())


@events.quitting.add_listener
def _write_percentiles(environment, **_kwargs):
    if not PERCENTILES_FILE:
        return
    operations = {}
    for (name, _method), entry in environment.stats.entries.items():
        operations[name] = {
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "p50_ms": entry.get_response_time_percentile(0.5),
            "p99_ms": entry.get_response_time_percentile(0.99),
        }
    t = os.times()
    cpu = t.user + t.system
    process = {"cpu_s": cpu}
    if _at_test_start is not None:
        cpu0, wall0, sched0 = _at_test_start
        process["cpu_in_test_s"] = cpu - cpu0
        process["wall_in_test_s"] = time.monotonic() - wall0
        sched1 = _schedstat()
        if sched0 is not None and sched1 is not None:
            # running + waiting for a cpu: how much cpu the process wanted; near the wall time, it was saturated
            # (by its own work, or by other load taking the cpu from it)
            process["ran_in_test_s"] = sched1[0] - sched0[0]
            process["waited_in_test_s"] = sched1[1] - sched0[1]
    with open(PERCENTILES_FILE, "w") as f:
        json.dump({"operations": operations, "process": process}, f)
