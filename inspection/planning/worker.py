"""Solver processes: ``python -m inspection.planning.worker`` reads pickled jobs on stdin, one at a
time, and writes one pickled result per job until stdin closes.

Used by ``decompose`` to run OR-Tools on both cores (the solver holds the GIL, so threads would
take turns, and a solve in the service's own process would stall its event loop). A plain
subprocess, not multiprocessing: it never re-imports the caller's ``__main__`` and is safe to
start from a threaded, event-loop process. ``WorkerPool`` keeps the processes for the whole plan
(first plan, then improvement rounds) and hands each job to whichever is free.
"""

from __future__ import annotations

import pickle
import queue
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import IO, Any

from inspection.planning.model import RoutingProblem, RoutingResult
from inspection.planning.routing import solve


@dataclass(frozen=True)
class Job:
    problem: RoutingProblem
    time_limit_s: float
    solution_limit: int | None = None
    initial: list[list[int]] | None = None  # per vehicle, indexes into problem.stops
    metaheuristic: str = "gls"
    deadline: float | None = None  # wall clock (time.time()): a job queued behind others gets what is left


MIN_JOB_S = 0.3  # enough for a first solution of a part
MIN_SEARCH_S = 0.01  # a job started from given routes needs no first solution: past its deadline it returns them
EXIT_WAIT_S = 10.0

_exiting: list[threading.Thread] = []


def run_job(job: Job) -> RoutingResult:
    limit = job.time_limit_s
    if job.deadline is not None:
        floor = MIN_JOB_S if job.initial is None else MIN_SEARCH_S
        limit = min(limit, max(floor, job.deadline - time.time()))
    return solve(job.problem, limit, solution_limit=job.solution_limit, initial=job.initial,
                 metaheuristic=job.metaheuristic)


class WorkerPool:
    """``size`` solver processes; ``size`` <= 1 solves in this process instead."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._procs: list[subprocess.Popen[bytes]] = []
        self._idle: queue.Queue[subprocess.Popen[bytes]] = queue.Queue()
        self._threads: ThreadPoolExecutor | None = None
        if size > 1:
            for _ in range(size):
                proc = subprocess.Popen([sys.executable, "-m", "inspection.planning.worker"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE)
                self._procs.append(proc)
                self._idle.put(proc)
            self._threads = ThreadPoolExecutor(size, thread_name_prefix="planning-worker")

    def _run_remote(self, job: Job) -> RoutingResult:
        proc = self._idle.get()
        try:
            stdin, stdout = proc.stdin, proc.stdout
            assert stdin is not None and stdout is not None
            pickle.dump(job, stdin)
            stdin.flush()
            result: RoutingResult = pickle.load(stdout)
            return result
        except (EOFError, BrokenPipeError, OSError) as exc:
            raise RuntimeError(f"planning worker failed (exit code {proc.poll()})") from exc
        finally:
            self._idle.put(proc)

    def submit(self, job: Job) -> Future[RoutingResult]:
        if self._threads is None:
            done: Future[RoutingResult] = Future()
            done.set_result(run_job(job))
            return done
        return self._threads.submit(self._run_remote, job)

    def close(self, *, wait: bool = True) -> None:
        """Stop the workers; ``wait=False`` returns at once and lets a thread see them exit
        (a worker takes about 0.2 s to unload OR-Tools: time a plan need not wait for)."""
        if self._threads is not None:
            self._threads.shutdown(wait=True)
        for proc in self._procs:
            if proc.stdin is not None:
                proc.stdin.close()
        if wait:
            _reap(self._procs)
        elif self._procs:
            thread = threading.Thread(target=_reap, args=(self._procs,), name="planning-worker-exit", daemon=True)
            thread.start()
            _exiting.append(thread)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def _reap(procs: list[subprocess.Popen[bytes]]) -> None:
    for proc in procs:
        try:
            proc.wait(timeout=EXIT_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def wait_for_exits() -> None:
    """Wait until the workers of every pool closed with ``wait=False`` have exited."""
    while _exiting:
        _exiting.pop().join()


def serve(stdin: IO[bytes], stdout: IO[bytes]) -> None:
    while True:
        try:
            job = pickle.load(stdin)
        except EOFError:
            return
        pickle.dump(run_job(job), stdout)
        stdout.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
