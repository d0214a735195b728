"""experiments.parallel: jobs in worker processes, results in order, reports, errors, Stop."""
import pytest
from helpers import endless_job, failing_job, square_job

from resnet_lessons.experiments import parallel
from resnet_lessons.train import StopTraining


def test_results_come_in_the_order_of_the_jobs_and_reports_reach_the_caller():
    reports = []
    results = parallel.run_jobs(square_job, [(n,) for n in range(5)], workers=2,
                                on_report=lambda index, payload: reports.append((index, payload)))
    assert results == [0, 1, 4, 9, 16]
    assert sorted(reports) == [(n, n) for n in range(5)]
    assert parallel.run_jobs(square_job, [], workers=2) == []


def test_the_workers_are_kept_for_the_next_call():
    parallel.run_jobs(square_job, [(1,), (2,)], workers=2)
    first = parallel._POOL
    parallel.run_jobs(square_job, [(3,), (4,)], workers=2)
    assert parallel._POOL is first and all(p.is_alive() for p in first.processes)
    parallel.shutdown()
    assert parallel._POOL is None and not any(p.is_alive() for p in first.processes)


def test_an_error_in_a_job_is_raised_with_the_workers_traceback():
    with pytest.raises(KeyError, match="a bug inside the job") as caught:
        parallel.run_jobs(failing_job, [(), ()], workers=2)
    assert isinstance(caught.value.__cause__, parallel.RemoteTraceback)
    assert "failing_job" in str(caught.value.__cause__)
    assert parallel.run_jobs(square_job, [(3,)], workers=2) == [9]  # new workers after the error


def test_stop_ends_every_worker():
    pids = set()

    def stop_after_a_few(index, pid):
        pids.add(pid)
        if len(pids) == 2:
            raise StopTraining

    with pytest.raises(StopTraining):
        parallel.run_jobs(endless_job, [(), ()], workers=2, on_report=stop_after_a_few)
    assert parallel._POOL is None
    import os
    import time

    time.sleep(0.2)
    for pid in pids:  # terminated and reaped
        with pytest.raises(OSError):
            os.kill(pid, 0)


def test_bad_workers_is_refused():
    with pytest.raises(ValueError, match="workers"):
        parallel.run_jobs(square_job, [(1,)], workers=0)


def _running(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not __import__("os").path.exists("/proc"), reason="reads /proc")
def test_workers_end_when_their_kernel_is_killed():
    import subprocess
    import sys
    import time

    script = (
        "import os, signal, sys\n"
        "sys.path.insert(0, 'tests')\n"
        "from helpers import square_job\n"
        "from resnet_lessons.experiments import parallel\n"
        "if __name__ == '__main__':\n"
        "    parallel.run_jobs(square_job, [(1,), (2,)], workers=2)\n"
        "    print(*[p.pid for p in parallel._POOL.processes], flush=True)\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    pids = [int(p) for p in done.stdout.split()]
    assert len(pids) == 2
    deadline = time.time() + 10
    while any(_running(pid) for pid in pids) and time.time() < deadline:
        time.sleep(0.2)
    assert not any(_running(pid) for pid in pids)
