"""Worker processes shared by the steps that fan work out (build, collect, forms): a ``fork`` pool that stops
cleanly on an error, an interrupt or a worker killed by the system.

``run_in_workers`` runs chunks in forked workers and hands results back in chunk order; ``map_in_workers`` maps a
function (inherited, not pickled) over items and returns the results in order, ``each_in_workers`` hands each
result over as it comes, in order; ``given`` is what a worker's run handed it; ``stopping`` tells a worker
its run has stopped; ``fork_context`` is the ``fork`` start method, or None where the platform has none;
``default_jobs`` is the number of cores this process may use.
"""

from __future__ import annotations

from reviewgen.workers.pool import (
    default_jobs,
    each_in_workers,
    fork_context,
    given,
    map_in_workers,
    run_in_workers,
    stopping,
)

__all__ = [
    "default_jobs",
    "each_in_workers",
    "fork_context",
    "given",
    "map_in_workers",
    "run_in_workers",
    "stopping",
]
