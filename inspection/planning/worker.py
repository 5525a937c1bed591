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


def run_job(job: Job) -> RoutingResult:
    limit = job.time_limit_s
    if job.deadline is not None:
        limit = min(limit, max(MIN_JOB_S, job.deadline - time.time()))
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

    def close(self) -> None:
        if self._threads is not None:
            self._threads.shutdown(wait=True)
        for proc in self._procs:
            if proc.stdin is not None:
                proc.stdin.close()
        for proc in self._procs:
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


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
