"""Train several nets at once on a CPU: one worker process per core, each on one thread.

    >>> from resnet_lessons.experiments import parallel
    >>> results = parallel.run_jobs(train_one, [(config, 20), (config, 56)], workers=2)

``train_one(*job, report)`` is a module-level function (a worker imports it by name); ``report(payload)``
sends ``payload`` to the caller's ``on_report(index, payload)`` while the job runs (e.g. after every
epoch). A net trained in a worker on one thread is the same, bit for bit, as one trained in the
kernel with ``torch.set_num_threads(1)``, which is how the lessons run.

The workers are spawned once (starting one costs ~2-3 s: it imports torch) and kept for the next
call, so a second Run of a widget starts at once. Raising ``StopTraining`` in ``on_report`` ends
every worker at once (new ones are spawned when needed); an error in a job is raised in the caller
with the worker's traceback attached.
"""
import atexit
import multiprocessing
import os
import pickle
import queue as queues
import signal
import threading
import traceback

import torch

from resnet_lessons.i18n import error
from resnet_lessons.train import StopTraining
from resnet_lessons.validate import check_int

# The lessons' choice: one net per core of a two-core laptop (more processes than cores only slow each other down).
WORKERS = min(2, os.cpu_count() or 1)
_POOL = None  # the workers kept between calls (see _Pool)
_LOCK = threading.Lock()  # one call at a time uses the workers


class RemoteTraceback(Exception):
    """The traceback of an error raised in a worker process (attached as the ``__cause__``)."""


def _work(tasks, messages, parent):
    """A worker process: take jobs until told to stop (None), send reports and results back."""
    torch.set_num_threads(1)  # one net per core: the arithmetic of a one-thread run in the kernel
    # The caller ends its workers; an interrupt of the notebook's kernel (which reaches its whole process group)
    # stops the caller, and the caller then ends the workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    while True:
        try:
            task = tasks.get(timeout=1.0)
        except queues.Empty:
            if os.getppid() != parent:  # the kernel was killed (maybe before this worker started): end
                return
            continue
        if task is None:
            return
        call, index, function, job = task

        def report(payload, call=call, index=index):
            messages.put((call, "report", index, pickle.dumps(payload)))

        # Pickled here, not in the queue's feeder thread, so that a value that cannot be pickled is an error
        # the caller hears about instead of a message lost.
        try:
            messages.put((call, "done", index, pickle.dumps(function(*job, report=report))))
        except BaseException as err:  # noqa: BLE001 - sent back and raised in the caller
            text = traceback.format_exc()
            try:
                payload = pickle.dumps((err, text))
            except Exception:  # an exception that cannot be pickled: its text only
                payload = pickle.dumps((None, text))
            messages.put((call, "error", index, payload))


class _Pool:
    """Spawned worker processes (safe with threads and inside notebooks) and their two queues."""

    def __init__(self, size):
        context = multiprocessing.get_context("spawn")
        self.tasks, self.messages = context.Queue(), context.Queue()
        self.processes = [context.Process(target=_work, args=(self.tasks, self.messages, os.getpid()),
                                          daemon=True)
                          for _ in range(size)]
        for process in self.processes:
            process.start()
        self.calls = 0

    def alive(self, size):
        return len(self.processes) >= size and all(p.is_alive() for p in self.processes)

    def close(self, wait=True):
        if wait:
            for _ in self.processes:
                self.tasks.put(None)
            for process in self.processes:
                process.join(timeout=5)
        for process in self.processes:
            if process.is_alive():
                process.terminate()
                process.join()
        for q in (self.tasks, self.messages):
            q.cancel_join_thread()  # never block on a queue a terminated worker may have left half-read
            q.close()


def _pool(size):
    global _POOL
    if _POOL is None or not _POOL.alive(size):
        if _POOL is not None:
            _POOL.close(wait=False)
        _POOL = _Pool(size)
    return _POOL


def shutdown():
    """End the kept worker processes (they also end with the kernel)."""
    global _POOL
    with _LOCK:
        if _POOL is not None:
            _POOL.close()
            _POOL = None


atexit.register(shutdown)  # join the workers before the interpreter ends (no leaked semaphores)


def run_jobs(function, jobs, workers, on_report=None):
    """``[function(*job, report=...) for job in jobs]``, computed in up to ``workers`` processes.

    Returns the results in the order of ``jobs``. ``on_report(index, payload)`` runs in the caller
    for every ``report(payload)`` of job ``index``; if it raises :class:`StopTraining`, every worker
    is ended and StopTraining is raised here (jobs already finished are lost unless they stored
    their work, e.g. in a cache folder).
    """
    global _POOL
    check_int("workers", workers, 1, 64)
    jobs = [tuple(job) for job in jobs]
    if not jobs:
        return []
    with _LOCK:
        pool = _pool(min(workers, len(jobs)))
        pool.calls += 1
        call = pool.calls
        for index, job in enumerate(jobs):
            pool.tasks.put((call, index, function, job))
        results, finished = {}, False
        try:
            while len(results) < len(jobs):
                try:
                    message = pool.messages.get(timeout=0.5)
                except queues.Empty:
                    if not pool.alive(1):
                        raise RuntimeError(error("parallel_err_died")) from None
                    continue
                sender, kind, index, payload = message
                if sender != call:
                    continue
                payload = pickle.loads(payload)
                if kind == "report":
                    if on_report is not None:
                        on_report(index, payload)
                elif kind == "done":
                    results[index] = payload
                else:
                    err, text = payload
                    if err is None:
                        raise RuntimeError(text)
                    raise err from RemoteTraceback(text)
            finished = True
        finally:
            if not finished:  # stopped, or an error: end every worker, so no job goes on in the background
                _POOL.close(wait=False)
                _POOL = None
    return [results[index] for index in range(len(jobs))]


__all__ = ["WORKERS", "RemoteTraceback", "StopTraining", "run_jobs", "shutdown"]
