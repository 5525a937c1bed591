"""The scheduler: APScheduler 3.11 on the service's event loop; jobs are thin calls into services.

``JobScheduler(uow, settings, clock)`` (``scheduler.runner``) plans its jobs from the database
(``services.schedule.planned_jobs``), re-plans every ``scheduler.resync_s`` seconds and runs each
job body from ``scheduler.jobs``. ``bootstrap.serve`` starts it in the replica that holds the
scheduler lock.
"""

from inspection.scheduler.runner import JobScheduler

__all__ = ["JobScheduler"]
