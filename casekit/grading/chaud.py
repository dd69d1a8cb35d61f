"""Warm kernels: one pre-imported process forks a confined kernel per notebook.

Python start-up plus importing pandas, scikit-learn and casekit costs more than
most students' code. The fork server (:func:`serveur`, started by
``casekit grade --noyaux-chauds``) imports them once; the kernelspec argv is
``python -m casekit.grading.chaud {connection_file}``, a tiny client that asks
the server for a kernel and stands in for it (signals are forwarded; when the
client dies, the kernel exits). In the forked child, the confinement of
:mod:`casekit.grading.sandbox` is applied in-process (``unshare`` of the mount
and network namespaces through libc, tmpfs over the course, resource limits,
then ``setgid``/``setuid`` to the sandbox user) before ipykernel starts.
Threads must not exist in the server at fork time: BLAS pools are limited to
one thread and pyplot is not imported.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import socket
import sys

ENV_SOCKET = "CASEKIT_NOYAU_CHAUD"
PRELOAD = ("numpy", "pandas", "sklearn.cluster", "sklearn.preprocessing", "sklearn.metrics",
           "matplotlib", "scipy.stats", "casekit", "casekit.checks", "casekit.metrics",
           "IPython", "ipykernel.kernelapp", "ipykernel.ipkernel")

CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_REC, MS_PRIVATE = 16384, 1 << 18


def _recv_json(sock: socket.socket) -> dict:
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed")
        buf += chunk
    return json.loads(buf)


def _confine(spec: dict) -> None:
    from casekit.grading import sandbox

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    private = spec["private"]
    isolate = spec.get("isoler", False)
    uid, gid = (spec["uid"], spec["gid"]) if isolate else (None, None)
    sandbox.prepare_private_copy(spec["cwd"], private, spec["sockets"], uid, gid)
    conn = os.path.join(private, ".noyau.json")
    with open(spec["conn_src"], "rb") as src, open(conn, "wb") as dst:
        dst.write(src.read())
    os.chmod(conn, 0o600)
    if uid is not None:
        os.chown(conn, uid, gid)
        if libc.unshare(CLONE_NEWNS | CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "unshare")
        libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None)
        sandbox.expose_python(os.path.dirname(spec["sockets"]))
        for path in spec.get("masquer", []):
            if os.path.isdir(path) and libc.mount(b"casekit-vide", path.encode(), b"tmpfs", 0,
                                                  b"size=64k,mode=000") != 0:
                raise OSError(ctypes.get_errno(), f"mount {path}")
    sandbox._limits(spec)
    if uid is not None:
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)
        libc.prctl(38, 1, 0, 0, 0)  # PR_SET_NO_NEW_PRIVS
    os.chdir(private)
    os.environ.update(HOME=private, MPLCONFIGDIR=private, IPYTHONDIR=os.path.join(private, ".ipython"))
    spec["conn"] = conn


def _child(client: socket.socket, req: dict) -> None:
    import threading
    import warnings

    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    os.environ.clear()
    os.environ.update(req["env"])
    warnings.resetwarnings()  # PYTHONWARNINGS is only read at interpreter start-up
    warnings._processoptions([w for w in os.environ.get("PYTHONWARNINGS", "").split(",") if w])
    spec = req["spec"]
    spec["cwd"], spec["conn_src"] = req["cwd"], req["conn"]
    _confine(spec)

    def watch():  # the client stands in for us: when it goes, we go
        try:
            while client.recv(1024):
                pass
        finally:
            os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.initialize(["-f", spec["conn"], "--HistoryManager.hist_file=:memory:", *req.get("extra", [])])
    app.start()
    os._exit(0)


def serveur(path: str) -> None:
    """Import the heavy modules once, then fork one kernel per request on ``path``."""
    import importlib

    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    for mod in PRELOAD:
        try:
            importlib.import_module(mod)
        except ImportError:
            pass
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(path)
    os.chmod(path, 0o600)
    srv.listen(64)
    print("pret", flush=True)
    while True:
        client, _ = srv.accept()
        try:
            req = _recv_json(client)
        except (ConnectionError, ValueError):
            client.close()
            continue
        pid = os.fork()
        if pid == 0:
            srv.close()
            try:
                _child(client, req)
            except BaseException as exc:
                print(f"casekit noyau chaud : {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            os._exit(1)
        client.sendall(json.dumps({"pid": pid}).encode() + b"\n")
        client.close()


def client(conn_file: str, extra: list[str]) -> int:
    """Kernelspec entry point: ask the server for a kernel and stand in for it."""
    from casekit.grading.sandbox import ENV, _die_with_parent

    _die_with_parent()  # the worker that launched us is gone: so are we, and the kernel
    env = dict(os.environ)
    spec = json.loads(env.pop(ENV))
    path = env.pop(ENV_SOCKET)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(path)
    sock.sendall(json.dumps({"conn": os.path.abspath(conn_file), "spec": spec, "env": env,
                             "cwd": os.getcwd(), "extra": extra}).encode() + b"\n")
    pid = _recv_json(sock)["pid"]

    def forward(sig, _frame):
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass
        if sig == signal.SIGTERM:
            sys.exit(0)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, forward)
    while True:  # the kernel holds the other end of this socket until it exits
        try:
            if not os.path.exists(f"/proc/{pid}"):
                return 0
            sock.settimeout(1.0)
            if not sock.recv(1):
                return 0
        except TimeoutError:
            continue
        except OSError:
            return 0


if __name__ == "__main__":  # pragma: no cover - run by the runner / kernelspec
    if sys.argv[1:2] == ["--serveur"]:
        serveur(sys.argv[2])
    else:
        sys.exit(client(sys.argv[1], sys.argv[2:]))
