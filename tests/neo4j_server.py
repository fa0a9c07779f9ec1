"""Start and stop a real Neo4j Community 5.26 server for tests.

The server is the embedded DBMS from Maven Central (``org.neo4j:neo4j`` + ``org.neo4j:neo4j-bolt``)
with its Bolt connector on, run by the tiny launcher in ``tests/neo4j`` (see DESIGN.md, "Real Neo4j
in tests"). This module is plain Python: no pytest import, usable from scripts and benchmarks.

    from tests.neo4j_server import build_launcher, start_server
    handle = start_server(tmp_path, auth=("neo4j", "s3cret-pass"))
    ...  # handle.uri, handle.auth, handle.driver()
    handle.stop()

Environment knobs (all optional):

``GRAPHKIT_NEO4J_JVM_OPTS``       extra JVM options, appended after the defaults (so ``-Xmx2g`` wins);
                                  ``-Dgraphkit.pagecache=1g`` sets the page cache (default 64 MiB).
``GRAPHKIT_NEO4J_START_TIMEOUT``  seconds to wait for the server (default 120).
``GRAPHKIT_NEO4J_MVN_OPTS``       extra arguments for the ``mvn`` build (e.g. ``-o`` for offline).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "LAUNCHER_DIR",
    "JVM_FLAGS",
    "Neo4jServerError",
    "ServerHandle",
    "build_launcher",
    "java_available",
    "start_server",
    "external_server",
    "free_port",
    "neo4j_admin",
]

LAUNCHER_DIR = Path(__file__).resolve().parent / "neo4j"
LAUNCHER_CLASS = "graphkit.testserver.Launcher"
READY_PREFIX = "GRAPHKIT-NEO4J READY "

# Neo4j's recommended flags for Java 17 (DESIGN.md), plus small-machine settings: a bounded heap,
# the serial collector and C1-only JIT, which cut start-up time on 2 cores noticeably (the test
# workloads are small, so peak JIT throughput does not matter).
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Xms256m",
    "-Xmx1g",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-XX:+ExitOnOutOfMemoryError",
    "-Dfile.encoding=UTF-8",
)

DEFAULT_START_TIMEOUT = 120.0
_BUILD_STAMP = ".graphkit-build-stamp"
_build_lock = threading.Lock()


class Neo4jServerError(RuntimeError):
    """The test server could not be built, started or reached. The message carries the log tail."""


# --------------------------------------------------------------------------------------------------
# Availability and build
# --------------------------------------------------------------------------------------------------


def java_available() -> tuple[bool, str]:
    """Whether ``java`` (17+) and ``mvn`` are on PATH. Returns ``(ok, reason)``."""
    java = shutil.which("java")
    if java is None:
        return False, "java not found on PATH (Neo4j 5.26 test server needs a JDK 17+)"
    mvn = shutil.which("mvn")
    if mvn is None:
        return False, "mvn (Maven) not found on PATH (needed to build tests/neo4j)"
    try:
        out = subprocess.run(
            [java, "-version"], capture_output=True, text=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"`java -version` failed: {exc}"
    text = (out.stderr or "") + (out.stdout or "")
    major = _java_major(text)
    if out.returncode != 0 or major is None:
        return False, f"`java -version` failed (exit {out.returncode}): {text.strip()[:300]}"
    if major < 17:
        return False, f"java {major} found at {java}; Neo4j 5.26 needs Java 17+"
    return True, f"java {major} at {java}, mvn at {mvn}"


def _java_major(version_text: str) -> int | None:
    import re

    m = re.search(r'version "(\d+)(?:\.(\d+))?', version_text)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):  # "1.8.0_x"
        major = int(m.group(2))
    return major


def _sources_digest() -> str:
    h = hashlib.sha256()
    files = [LAUNCHER_DIR / "pom.xml", *sorted((LAUNCHER_DIR / "src").rglob("*.java"))]
    for f in files:
        h.update(str(f.relative_to(LAUNCHER_DIR)).encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _classpath() -> str:
    target = LAUNCHER_DIR / "target"
    return os.pathsep.join([str(target / "classes"), str(target / "dependency" / "*")])


def _is_built(digest: str) -> bool:
    target = LAUNCHER_DIR / "target"
    stamp = target / _BUILD_STAMP
    launcher = target / "classes" / Path(*LAUNCHER_CLASS.split(".")).with_suffix(".class")
    deps = target / "dependency"
    return (
        stamp.is_file()
        and stamp.read_text().strip() == digest
        and launcher.is_file()
        and deps.is_dir()
        and any(deps.glob("neo4j-bolt-*.jar"))
    )


def build_launcher(*, force: bool = False, timeout: float = 900.0) -> str:
    """Build ``tests/neo4j`` with Maven if ``target/`` is missing or stale; return the classpath.

    Staleness is judged by a digest of ``pom.xml`` and the Java sources stored in
    ``target/.graphkit-build-stamp`` (mtimes are useless after a fresh clone). Concurrent callers
    (threads, or processes such as pytest-xdist workers) serialise on a lock file.
    """
    digest = _sources_digest()
    if not force and _is_built(digest):
        return _classpath()
    ok, reason = java_available()
    if not ok:
        raise Neo4jServerError(f"cannot build the Neo4j test launcher: {reason}")
    target = LAUNCHER_DIR / "target"
    target.mkdir(exist_ok=True)
    with _build_lock, _file_lock(target / ".build.lock"):
        if not force and _is_built(digest):  # another process built it meanwhile
            return _classpath()
        cmd = [
            shutil.which("mvn") or "mvn",
            "-q",
            "-B",
            "-f",
            str(LAUNCHER_DIR / "pom.xml"),
            *shlex.split(os.environ.get("GRAPHKIT_NEO4J_MVN_OPTS", "")),
            "package",
            "dependency:copy-dependencies",
        ]
        # A stale dependency dir could keep jars of an older Neo4j version on the classpath.
        shutil.rmtree(target / "dependency", ignore_errors=True)
        try:
            out = subprocess.run(
                cmd,
                cwd=LAUNCHER_DIR,
                capture_output=True,
                text=True,
                timeout=timeout,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise Neo4jServerError(f"`{shlex.join(cmd)}` took longer than {timeout:.0f} s") from exc
        if out.returncode != 0:
            tail = _tail((out.stdout or "") + (out.stderr or ""), 60)
            raise Neo4jServerError(
                f"building the Neo4j test launcher failed (exit {out.returncode}): "
                f"`{shlex.join(cmd)}`\n{tail}"
            )
        (target / _BUILD_STAMP).write_text(digest + "\n")
    return _classpath()


@contextlib.contextmanager
def _file_lock(path: Path):
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on POSIX
        yield
        return
    with open(path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


# --------------------------------------------------------------------------------------------------
# Server handle
# --------------------------------------------------------------------------------------------------


@dataclass
class ServerHandle:
    """A running (or external) Neo4j server.

    ``uri`` is a ``bolt://`` address, ``auth`` a ``(user, password)`` tuple or ``None``.
    ``process`` is ``None`` for an external server (``stop``/``kill`` then do nothing).
    """

    uri: str
    auth: tuple[str, str] | None
    process: subprocess.Popen | None = None
    home: Path | None = None
    stdout_path: Path | None = None
    stderr_path: Path | None = None
    start_seconds: float | None = None
    _stopped: bool = field(default=False, repr=False)

    @property
    def external(self) -> bool:
        return self.process is None

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    @property
    def port(self) -> int:
        return int(self.uri.rsplit(":", 1)[1])

    def driver(self, **kwargs):
        """A new ``neo4j`` driver for this server (the caller closes it)."""
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=self.auth, **kwargs)

    def is_running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def rss_bytes(self) -> int | None:
        """Resident set size of the java process (Linux), or None."""
        if not self.is_running():
            return None
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            return None
        return None

    def stderr_tail(self, lines: int = 40) -> str:
        return _read_tail(self.stderr_path, lines)

    def debug_log_tail(self, lines: int = 40) -> str:
        return _read_tail(self.home / "logs" / "debug.log" if self.home else None, lines)

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM (clean shutdown: checkpoint, close stores), wait, SIGKILL if it hangs.

        Returns the exit code (None for an external server). Safe to call twice.
        """
        proc = self.process
        if proc is None:
            return None
        _running.discard(self)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                proc.wait(timeout=30)
        self._close_stdin()
        self._stopped = True
        return proc.returncode

    def kill(self) -> int | None:
        """SIGKILL the server at once (for "server goes away mid-batch" tests)."""
        proc = self.process
        if proc is None:
            return None
        _running.discard(self)
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            proc.wait(timeout=30)
        self._close_stdin()
        self._stopped = True
        return proc.returncode

    def _close_stdin(self) -> None:
        if self.process is not None and self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()

    def __enter__(self) -> ServerHandle:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other


_running: set[ServerHandle] = set()


@atexit.register
def _stop_leftovers() -> None:
    for handle in list(_running):
        with contextlib.suppress(Exception):
            handle.stop(timeout=15)


def external_server(uri: str, user: str | None = None, password: str | None = None) -> ServerHandle:
    """A handle for a server somebody else runs (``NEO4J_URI``); stop/kill are no-ops."""
    auth = (user or "neo4j", password) if password is not None else None
    return ServerHandle(uri=uri, auth=auth)


# --------------------------------------------------------------------------------------------------
# Start
# --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    tmpdir: str | os.PathLike,
    *,
    port: int | None = None,
    auth: tuple[str, str] | None = None,
    home: str | os.PathLike | None = None,
    timeout: float | None = None,
    jvm_opts: Sequence[str] = (),
) -> ServerHandle:
    """Start the launcher and wait until Bolt answers ``verify_connectivity()``.

    ``tmpdir`` holds the DBMS home (``tmpdir/neo4j-home`` unless ``home`` points at an existing one,
    e.g. one filled by the offline importer) and the java process's stdout/stderr logs.
    ``auth=(user, password)`` turns authentication on and sets that password (``neo4j`` is the
    built-in admin; any other name is created). ``port=None`` picks a free port (and retries with
    another if the port was taken meanwhile). Raises :class:`Neo4jServerError` with the server's
    stderr tail if it dies or is not reachable within ``timeout`` (default 120 s).
    """
    if timeout is None:
        timeout = float(os.environ.get("GRAPHKIT_NEO4J_START_TIMEOUT", DEFAULT_START_TIMEOUT))
    classpath = build_launcher()
    tmpdir = Path(tmpdir)
    tmpdir.mkdir(parents=True, exist_ok=True)
    home_path = Path(home) if home is not None else tmpdir / "neo4j-home"
    attempts = 3 if port is None else 1
    last_error: Neo4jServerError | None = None
    for attempt in range(attempts):
        try:
            return _start_once(
                tmpdir, classpath, port or free_port(), auth, home_path, timeout, jvm_opts, attempt
            )
        except _PortInUse as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


class _PortInUse(Neo4jServerError):
    pass


def _start_once(
    tmpdir: Path,
    classpath: str,
    port: int,
    auth: tuple[str, str] | None,
    home: Path,
    timeout: float,
    jvm_opts: Sequence[str],
    attempt: int,
) -> ServerHandle:
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("java not found on PATH")
    suffix = "" if attempt == 0 else f"-{attempt}"
    stdout_path = tmpdir / f"neo4j-stdout{suffix}.log"
    stderr_path = tmpdir / f"neo4j-stderr{suffix}.log"
    cmd = [
        java,
        *JVM_FLAGS,
        *shlex.split(os.environ.get("GRAPHKIT_NEO4J_JVM_OPTS", "")),
        *jvm_opts,
        "-cp",
        classpath,
        LAUNCHER_CLASS,
        str(port),
        str(home),
        "--exit-on-stdin-eof",
    ]
    if auth is not None:
        user, password = auth
        cmd += ["--auth", f"{user}:{password}"]
    uri = f"bolt://127.0.0.1:{port}"
    t0 = time.monotonic()
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.PIPE,  # closed by us (or by our death) -> the launcher shuts down
            stdout=out,
            stderr=err,
            cwd=tmpdir,
            start_new_session=True,  # a Ctrl-C in the terminal must not kill it mid-checkpoint
        )
    handle = ServerHandle(
        uri=uri,
        auth=auth,
        process=proc,
        home=home,
        stdout_path=stdout_path,
        stderr_path=stderr_path,
    )
    _running.add(handle)
    deadline = t0 + timeout

    def fail(what: str, cls: type[Neo4jServerError] = Neo4jServerError) -> Neo4jServerError:
        handle.kill()
        return cls(
            f"Neo4j test server {what} (port {port}, home {home}, "
            f"after {time.monotonic() - t0:.1f} s).\n"
            f"command: {shlex.join(_redact(cmd))}\n"
            f"--- stdout tail ({stdout_path}) ---\n{_read_tail(stdout_path, 10)}\n"
            f"--- stderr tail ({stderr_path}) ---\n{handle.stderr_tail(40)}\n"
            f"--- debug.log tail ---\n{handle.debug_log_tail(15)}"
        )

    # 1. the READY line
    while True:
        text = stdout_path.read_text(errors="replace")
        if READY_PREFIX + uri in text:
            break
        if proc.poll() is not None:
            tail = handle.stderr_tail(80) + handle.debug_log_tail(20)
            if "Address already in use" in tail or "BindException" in tail:
                raise fail(f"could not bind port {port}", _PortInUse)
            raise fail(f"exited with code {proc.returncode} before it was ready")
        if time.monotonic() > deadline:
            raise fail(f"printed no READY line within {timeout:.0f} s")
        time.sleep(0.1)

    # 2. Bolt answers with these credentials
    import neo4j
    from neo4j.exceptions import AuthError

    last: Exception | None = None
    while True:
        try:
            with neo4j.GraphDatabase.driver(
                uri, auth=auth, connection_timeout=10, max_connection_pool_size=1
            ) as drv:
                drv.verify_connectivity()
            break
        except AuthError as exc:  # retrying will not help
            raise fail(f"rejected the credentials: {exc}") from exc
        except Exception as exc:  # noqa: BLE001 - ServiceUnavailable, OSError, ...
            last = exc
        if proc.poll() is not None:
            raise fail(f"exited with code {proc.returncode} while connecting: {last!r}")
        if time.monotonic() > deadline:
            raise fail(f"did not answer Bolt within {timeout:.0f} s: {last!r}")
        time.sleep(0.2)

    handle.start_seconds = time.monotonic() - t0
    return handle


def neo4j_admin(
    home: str | os.PathLike,
    args: Sequence[str],
    *,
    timeout: float = 600.0,
    heap: str = "512m",
) -> subprocess.CompletedProcess:
    """Run ``neo4j-admin`` (``org.neo4j.cli.AdminTool`` from the launcher's classpath) on ``home``.

    E.g. the offline bulk importer into the home that :func:`start_server` (``home=``) then opens::

        neo4j_admin(home, ["database", "import", "full", "neo4j",
                           "--nodes=nodes.csv", "--relationships=rels.csv",
                           "--threads=2", "--max-off-heap-memory=256m"])

    Put the database name right after ``full``: ``--nodes``/``--relationships`` take several files,
    so a trailing name is read as one more file. See tests/neo4j/IMPORT.md. Raises
    :class:`Neo4jServerError` with the output tail on a non-zero exit. The server must not be
    running on ``home``.
    """
    classpath = build_launcher()
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError("java not found on PATH")
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, NEO4J_HOME=str(home))
    env.pop("NEO4J_CONF", None)  # defaults, like the embedded launcher (no neo4j.conf)
    cmd = [java, *JVM_FLAGS[:4], f"-Xmx{heap}", "-cp", classpath, "org.neo4j.cli.AdminTool", *args]
    try:
        out = subprocess.run(
            cmd,
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(
            f"neo4j-admin took longer than {timeout:.0f} s: {shlex.join(args)}"
        ) from exc
    if out.returncode != 0:
        raise Neo4jServerError(
            f"neo4j-admin {shlex.join(args)} failed (exit {out.returncode}):\n"
            + _tail((out.stdout or "") + (out.stderr or ""), 40)
        )
    return out


def _redact(cmd: list[str]) -> list[str]:
    out = list(cmd)
    for i, arg in enumerate(out[:-1]):
        if arg == "--auth":
            user = out[i + 1].split(":", 1)[0]
            out[i + 1] = f"{user}:***"
    return out


def _read_tail(path: Path | None, lines: int) -> str:
    if path is None or not path.exists():
        return "(no file)"
    try:
        with open(path, "rb") as fh:
            fh.seek(0, os.SEEK_END)
            size = fh.tell()
            fh.seek(max(0, size - 64 * 1024))
            data = fh.read().decode("utf-8", errors="replace")
    except OSError as exc:
        return f"(unreadable: {exc})"
    return _tail(data, lines)


def _tail(text: str, lines: int) -> str:
    return "\n".join(text.splitlines()[-lines:])


if __name__ == "__main__":  # manual check: python tests/neo4j_server.py
    ok, why = java_available()
    print("java_available:", ok, why)
    with tempfile.TemporaryDirectory() as d:
        h = start_server(d, auth=("neo4j", "graphkit-test"))
        print(f"ready at {h.uri} in {h.start_seconds:.1f} s, rss {h.rss_bytes() / 2**20:.0f} MiB")
        with h.driver() as drv:
            print(drv.execute_query("RETURN 1 AS x").records)
        t = time.monotonic()
        print("exit code", h.stop(), f"stop took {time.monotonic() - t:.1f} s")
