"""Forms built in forked worker processes (``reviewgen forms --jobs N``) and written here, in their order.

The parent loads and checks the workbook, names every form and opens the atomic output folder; forked workers
inherit the loaded workbook and each builds a chunk of forms (reviewgen.forms.write.build_form) and sends their
bytes back. The parent writes them in the order of the forms: the folder, its manifest and the progress are the
same as when this process builds every form, and each form is the same bytes. An error in a worker (a
ReviewgenError comes back whole), an interrupt or a worker killed by the system stops the run once every worker
has stopped (reviewgen.workers); the output folder is then removed whole, as on any error.
"""

from __future__ import annotations

from collections.abc import Callable

from reviewgen.workers import default_jobs, each_in_workers, fork_context

#: Fewer forms than this are built in this process whatever ``--jobs`` says: starting workers (forks of a process
#: holding the loaded workbook) costs more than they save on a few dozen forms of about 5 ms each.
POOL_FROM_FORMS = 200
#: Forms per chunk at most: a chunk's forms (about 30 KB each) come back together, and progress moves by chunks.
MAX_CHUNK = 32
WORKER_DIED = (
    "a worker process of forms stopped before its forms were done (killed by the system, perhaps for lack of "
    "memory); nothing was written: run forms again, with fewer --jobs if memory is short"
)


def build_each(
    build: Callable[[int], bytes], count: int, processes: int | None, take: Callable[[int, bytes], None]
) -> None:
    """``take(i, build(i))`` for each form ``i`` from 0 to ``count`` - 1, in that order: ``build`` runs in
    ``processes`` forked workers (None: one per core) when there are forms enough (:data:`POOL_FROM_FORMS`), else
    here."""
    ctx = fork_context()
    processes = default_jobs() if processes is None else processes
    if processes <= 1 or ctx is None or count < POOL_FROM_FORMS:
        for i in range(count):
            take(i, build(i))
        return
    size = max(1, min(MAX_CHUNK, count // (processes * 8)))
    each_in_workers(ctx, processes, build, range(count), take, died=WORKER_DIED, chunk=size)
