"""Grading workers: ``nbgrader autograde ASSIGNMENT --student S --force`` in-process.

``python -m casekit.grading._worker --serveur`` is a persistent worker (nbgrader is
imported once): it reads one spec path per line on stdin, grades that
submission and answers ``fini <code>`` on stdout. The parent runs N of them in
parallel against one gradebook (:mod:`casekit.grading.runner`) and kills one
that overruns its wall-clock cap. Each spec holds the course root, the
assignment, the student, environment variables for the kernel and the config
overrides; the worker writes ``SPEC.json.out`` (findings of the casekit
preprocessors, nbgrader's exit code) and sends all its output, kernels
included, to ``SPEC.log``.
"""

from __future__ import annotations

import glob
import json
import os
import sys


def run(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    from nbgrader.apps.autogradeapp import AutogradeApp
    from traitlets.config import Config

    from casekit.grading import preprocessors as pp

    pp.CONSTATS.clear()
    os.environ.update(spec.get("env", {}))
    log = os.open(spec_path[: -len(".json")] + ".log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    saved = os.dup(2)
    os.dup2(log, 2)
    code = 0
    try:
        app = AutogradeApp()
        app.initialize([spec["assignment"], "--force"])
        cfg = Config(spec["config"])
        cfg.CourseDirectory.student_id = glob.escape(spec["student"])
        app.update_config(cfg)
        try:
            app.start()
        except SystemExit as exc:
            code = int(exc.code or 0)
        except BaseException as exc:
            code = 3
            print(f"casekit: {type(exc).__name__}: {exc}", file=sys.stderr)
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(log)
    with open(spec_path + ".out", "w", encoding="utf-8") as fh:
        json.dump({"code": code, "constats": pp.CONSTATS}, fh, default=str)
    return code


def _gradebooks_once() -> None:
    """Build each gradebook's engine and check its schema once per worker, not ~8 times a notebook.

    nbgrader opens a ``Gradebook`` in most of its preprocessors and in the
    converter (a new SQLAlchemy engine, a table inspection and ``create_all``
    each time). In a persistent worker the first opening per database does all
    of that; later ones reuse the engine (``close()`` only empties its pool)
    and still check the course row.
    """
    from nbgrader import api
    from sqlalchemy.orm import scoped_session, sessionmaker

    init = api.Gradebook.__init__
    engines: dict[str, object] = {}

    def reuse(self, db_url, course_id="default_course", authenticator=None):
        engine = engines.get(db_url)
        if engine is None:
            init(self, db_url, course_id, authenticator)
            engines[db_url] = self.engine
            return
        self.engine = engine
        self.db = scoped_session(sessionmaker(autoflush=True, bind=engine, future=True))
        self.check_course(course_id=course_id)
        self.course_id = course_id
        self.authenticator = authenticator

    api.Gradebook.__init__ = reuse


def _ready_without_idle_wait() -> None:
    """Kernel readiness without jupyter_client's fixed 0.2 s waits (≥ 0.2 s per notebook).

    ``wait_for_ready`` sends ``kernel_info``, waits for the reply and for one IOPub
    message (IOPub is then known to be connected), then drains IOPub until it has
    been silent for 0.2 s. Here the drain stops as soon as the kernel reports
    ``idle`` for that request, the last message it sends for it; anything late is
    ignored by nbclient anyway (it keeps only messages whose parent is the cell).
    Same checks otherwise: the reply, IOPub connected, the kernel alive, the deadline.
    """
    import time
    from queue import Empty

    from jupyter_client.asynchronous.client import AsyncKernelClient
    from jupyter_core.utils import ensure_async

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()
            try:
                reply = await ensure_async(self.shell_channel.get_msg(timeout=1))
            except Empty:
                reply = None
            if reply is not None and reply["msg_type"] == "kernel_info_reply":
                idle, seen, until = False, False, time.monotonic() + 0.2
                while not idle and time.monotonic() < until:
                    try:
                        msg = await ensure_async(self.iopub_channel.get_msg(timeout=until - time.monotonic()))
                    except Empty:
                        break
                    seen = True
                    idle = (msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id
                            and msg["content"].get("execution_state") == "idle")
                if seen:  # IOPub is connected
                    self._handle_kernel_info_reply(reply)
                    return
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout} seconds")

    AsyncKernelClient.wait_for_ready = wait_for_ready

    # after a kill, jupyter_client checks every 0.1 s whether the kernel is gone (same 5 s cap)
    from jupyter_client.manager import KernelManager

    poll = KernelManager._async_wait

    async def _async_wait(self, pollinterval: float = 0.01) -> None:
        await poll(self, min(pollinterval, 0.01))

    KernelManager._async_wait = _async_wait

    # ZeroMQ retries a connection that found no listener after RECONNECT_IVL (100 ms by
    # default); the kernel binds its ipc sockets a few ms after the client connects, so
    # every notebook waited ~0.1 s for that retry. Same sockets, a 10 ms retry.
    import zmq
    from jupyter_client.connect import ConnectionFileMixin

    create = ConnectionFileMixin._create_connected_socket

    def _create_connected_socket(self, channel: str, identity: bytes | None = None):
        self.context.setsockopt(zmq.RECONNECT_IVL, 10)  # default of the sockets it creates next
        return create(self, channel, identity)

    ConnectionFileMixin._create_connected_socket = _create_connected_socket


def preparer() -> None:
    """Import what every submission needs (the runner does it once before forking its workers)."""
    import nbclient  # noqa: F401
    import nbgrader.apps.autogradeapp
    import nbgrader.preprocessors  # noqa: F401

    from casekit.grading import preprocessors  # noqa: F401


def vers_le_neant(fd: int) -> None:
    """Point file descriptor ``fd`` at the null device."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def servir_fourche(r_in: int, w_out: int, cwd: str, env: dict[str, str]) -> None:
    """A worker forked from the runner: its own session, the pipes as stdin/stdout, then :func:`serve`."""
    import warnings

    os.setsid()
    os.dup2(r_in, 0)
    os.dup2(w_out, 1)
    vers_le_neant(2)
    for fd in (r_in, w_out):
        os.close(fd)
    os.chdir(cwd)
    os.environ.clear()
    os.environ.update(env)
    warnings.resetwarnings()  # PYTHONWARNINGS is only read at interpreter start-up
    warnings._processoptions([w for w in env.get("PYTHONWARNINGS", "").split(",") if w])
    sys.stdin = open(0, encoding="utf-8", closefd=False)
    sys.stdout = open(1, "w", encoding="utf-8", closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", closefd=False)
    serve()


def serve() -> None:
    # the answers get a descriptor of their own (not inherited); descriptor 1, which fresh kernels
    # inherit, leads nowhere: a kernel's os.write(1, ...) can neither forge a "fini" line nor fill the pipe
    out = os.fdopen(os.dup(1), "w", encoding="utf-8")
    sys.stdout.flush()
    vers_le_neant(1)
    sys.stdout = sys.stderr  # nbgrader's own output never mixes with the answers either
    preparer()  # now, while the parent prepares the batch (a no-op in a forked worker)
    _gradebooks_once()
    _ready_without_idle_wait()
    for line in sys.stdin:
        path = line.strip()
        if not path:
            continue
        code = run(path)
        out.write(f"fini {code}\n")
        out.flush()


if __name__ == "__main__":  # pragma: no cover - run by the runner
    if sys.argv[1:] == ["--serveur"]:
        serve()
    else:
        sys.exit(run(sys.argv[1]))
