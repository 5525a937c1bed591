"""A solver process: reads pickled (problem, time limit, solution limit) jobs on stdin, writes results.

``python -m inspection.planning.worker`` — used by ``decompose`` to run OR-Tools on both cores
(the solver holds the GIL, so threads would take turns). A plain subprocess, not
multiprocessing: it never re-imports the caller's ``__main__`` and is safe to start from a
threaded, event-loop process.
"""

from __future__ import annotations

import pickle
import sys

from inspection.planning.model import RoutingProblem, RoutingResult
from inspection.planning.routing import solve

Job = tuple[RoutingProblem, float, int]


def run_jobs(jobs: list[Job]) -> list[RoutingResult]:
    return [solve(problem, limit, solution_limit=solutions) for problem, limit, solutions in jobs]


def main() -> None:
    jobs = pickle.load(sys.stdin.buffer)
    pickle.dump(run_jobs(jobs), sys.stdout.buffer)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
