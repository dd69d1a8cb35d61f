"""Kernel launcher that confines one student's kernel (used as a kernelspec argv).

The grader writes a kernelspec whose argv is
``python -m casekit.grading.sandbox {connection_file}``; the limits and the
private folder come from the ``CASEKIT_BAC_A_SABLE`` environment variable (JSON,
removed before the kernel starts). This module never imports nbgrader.

Stage 1 (this process, as the grader):
  - copies the non-notebook files of the submission (its cwd) and the
    connection file into the private folder (``private``);
  - when root: ``chown`` them to the sandbox uid, then execs
    ``unshare --net --mount --pid --fork --kill-child`` running stage 2;
  - otherwise: applies the resource limits and execs the kernel directly.
Stage 2 (root, inside the new namespaces): mounts an empty tmpfs over every
folder in ``hide`` (course root, gradebook folder), applies the resource
limits, and execs ``setpriv`` to drop to the sandbox uid/gid with no extra
groups and ``no_new_privs`` before starting ``ipykernel``.

The kernel talks to the grader over ZeroMQ ``ipc`` sockets in the private
folder, so it needs no network at all.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import sys

ENV = "CASEKIT_BAC_A_SABLE"


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except OSError:  # pragma: no cover - non-glibc platforms
        pass


def _limits(spec: dict) -> None:
    def setl(which, value):
        if value:
            try:
                resource.setrlimit(which, (int(value), int(value)))
            except (ValueError, OSError):  # pragma: no cover - hard limit lower already
                pass

    setl(resource.RLIMIT_AS, spec.get("memoire"))
    setl(resource.RLIMIT_NPROC, spec.get("processus"))
    setl(resource.RLIMIT_FSIZE, spec.get("fichier"))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _kernel_argv(conn: str, extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "ipykernel_launcher", "-f", conn,
            "--HistoryManager.hist_file=:memory:", *extra]


def _copy_tree(src: str, dst: str, uid: int | None, gid: int | None) -> None:
    for name in os.listdir(src):
        if name.endswith(".ipynb") or name.startswith("."):
            continue
        s, d = os.path.join(src, name), os.path.join(dst, name)
        if os.path.isdir(s):
            shutil.copytree(s, d, dirs_exist_ok=True)
        elif os.path.isfile(s):
            shutil.copy2(s, d)
    if uid is not None:
        for base, _dirs, files in os.walk(dst):
            os.chown(base, uid, gid)
            for f in files:
                os.chown(os.path.join(base, f), uid, gid)


def prepare_private_copy(src: str, private: str, sockets: str, uid: int | None, gid: int | None) -> None:
    """Make the kernel's private folders, copy the submission in, and hand it the secret.

    The course folder is hidden from the kernel, so it gets its own read-only copy
    of the course secret (``CASEKIT_SECRET_FILE`` then points at that copy).
    """
    os.makedirs(os.path.dirname(private), mode=0o711, exist_ok=True)
    for d in (private, sockets):
        os.makedirs(d, mode=0o700, exist_ok=True)
        if uid is not None:
            os.chown(d, uid, gid)
    _copy_tree(src, private, uid, gid)
    secret = os.environ.get("CASEKIT_SECRET_FILE")
    if secret and os.path.isfile(secret):
        copy = os.path.join(private, ".secret_cours")
        shutil.copy(secret, copy)
        os.chmod(copy, 0o400)
        if uid is not None:
            os.chown(copy, uid, gid)
        os.environ["CASEKIT_SECRET_FILE"] = copy


def stage1(conn_file: str, extra: list[str]) -> None:
    spec = json.loads(os.environ.pop(ENV))
    spec["extra"] = extra  # e.g. nbgrader's Execute.extra_arguments
    private, sockets = spec["private"], spec["sockets"]
    isolate = spec.get("isoler", False)
    uid, gid = (spec["uid"], spec["gid"]) if isolate else (None, None)
    # the private copy keeps nbgrader's ".../autograded/<student>/<assignment>" shape
    # (casekit.examen reads the student id from the kernel's cwd)
    prepare_private_copy(os.getcwd(), private, sockets, uid, gid)
    conn_copy = os.path.join(private, ".noyau.json")
    shutil.copy(conn_file, conn_copy)
    os.chmod(conn_copy, 0o600)
    if uid is not None:
        os.chown(private, uid, gid)
        os.chown(conn_copy, uid, gid)
    os.chdir(private)
    os.environ["HOME"] = private
    os.environ["MPLCONFIGDIR"] = private
    os.environ["IPYTHONDIR"] = os.path.join(private, ".ipython")
    _die_with_parent()
    if not isolate:
        _limits(spec)
        argv = _kernel_argv(conn_copy, extra)
        os.execv(argv[0], argv)
    spec["conn"] = conn_copy
    os.environ[ENV] = json.dumps(spec)
    unshare = shutil.which("unshare") or "/usr/bin/unshare"
    argv = [unshare, "--net", "--mount", "--pid", "--fork", "--kill-child",
            "--propagation", "private", "--", sys.executable, "-m", "casekit.grading.sandbox",
            "--etape2"]
    os.execv(unshare, argv)


MS_BIND, MS_REC = 4096, 16384


def _a_exposer() -> dict[str, set[str]]:
    """{first private ancestor: its children to keep} for the interpreter, the venv and casekit.

    A folder the sandbox user cannot traverse (no "other" execute bit: ``/root``,
    a ``mktemp -d`` checkout...) hides what is under it; only the first such
    ancestor of each path counts.
    """
    import casekit

    targets = {os.path.realpath(p) for p in (
        sys.base_prefix, sys.prefix, os.path.dirname(os.path.dirname(os.path.abspath(casekit.__file__))))}
    plan: dict[str, set[str]] = {}
    for target in sorted(targets):
        parts = target.split(os.sep)[1:]
        path = ""
        for i, part in enumerate(parts[:-1]):
            path += os.sep + part
            if os.stat(path).st_mode & 0o001:
                continue
            plan.setdefault(path, set()).add(path + os.sep + parts[i + 1])
            break
    return plan


def expose_python(scratch: str) -> None:
    """Make Python, the venv and casekit readable by the sandbox user (new mount namespace only).

    When one of them lives under a private folder (``/root/.pyenv``, a checkout in a
    ``mktemp -d`` folder...), put a traversable tmpfs over the first private ancestor
    and bind what is needed back at its own path; the rest of that folder stays hidden.
    """
    import tempfile

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    for path, keeps in sorted(_a_exposer().items()):
        held = []
        for keep in sorted(keeps):
            hold = tempfile.mkdtemp(prefix="py-", dir=scratch)  # removed with the submission's folder
            if libc.mount(keep.encode(), hold.encode(), None, MS_BIND | MS_REC, None) == 0:
                held.append((keep, hold))
        if not held:
            continue
        libc.mount(b"casekit-exposer", path.encode(), b"tmpfs", 0, b"size=64k,mode=0755")
        for keep, hold in held:
            os.makedirs(keep, exist_ok=True)
            libc.mount(hold.encode(), keep.encode(), None, MS_BIND | MS_REC, None)


def stage2() -> None:
    spec = json.loads(os.environ.pop(ENV))
    import subprocess

    # /proc of the new pid namespace, so the kernel cannot see the grader's processes
    subprocess.run(["mount", "-t", "proc", "proc", "/proc"], check=False,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    expose_python(os.path.dirname(spec["sockets"]))
    for path in spec.get("masquer", []):
        if os.path.isdir(path):
            subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=000", "casekit-vide", path],
                           check=True)
    _limits(spec)
    setpriv = shutil.which("setpriv") or "/usr/bin/setpriv"
    argv = [setpriv, f"--reuid={spec['uid']}", f"--regid={spec['gid']}", "--clear-groups",
            "--no-new-privs", "--", *_kernel_argv(spec["conn"], spec.get("extra", []))]
    os.execv(setpriv, argv)


if __name__ == "__main__":  # pragma: no cover - exercised through the kernelspec
    if sys.argv[1:] == ["--etape2"]:
        stage2()
    else:
        stage1(sys.argv[1], sys.argv[2:])
