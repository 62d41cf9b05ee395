"""`python -m bot prod …`: the production topology on one machine.

    up              start everything (below) in the background, return when healthy
    down            stop everything
    status          one line per process: running or not, and healthy or not
    stop NAME       stop one process (fault tests, maintenance)
    start NAME      start one stopped process again and wait until it is healthy
    env             print `export` lines for running `python -m bot …` against it

What runs (ports from the environment, defaults in brackets):

    PostgreSQL  [PROD_PG_PORT 5433]      app tables and Rasa's tracker store
    Redis       [PROD_REDIS_PORT 6380]   Rasa's lock store
    rasa-1, rasa-2 [PROD_RASA_PORTS "5006 5007"]
    actions     [PROD_ACTION_PORT 5056]
    web         [PROD_WEB_PORT 8001]
    nginx       [PROD_HTTP_PORT 8080] public; [PROD_API_PORT 8081] Rasa's API
                for the web app, 127.0.0.1 only (deploy/nginx.conf.template)

PostgreSQL, Redis and nginx are this project's own instances with their data,
logs and generated passwords under PROD_VAR_DIR (default var/prod/), never the
machine's system services. scripts/setup-prod.sh installs the Debian packages.
"""
from __future__ import annotations

import json
import os
import pwd
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import requests

from bot.config import PROJECT_ROOT, load_settings, var_dir
from bot.training import MODEL_PATH

ORDER = ("postgres", "redis", "actions", "rasa-1", "rasa-2", "nginx", "web")
RESTARTABLE = ("actions", "rasa-1", "rasa-2", "web", "nginx")
START_TIMEOUT = 300.0


def _env(name: str, default: str) -> str:
    return os.environ.get(name, "").strip() or default


@dataclass(frozen=True)
class ProdConfig:
    dir: Path
    http_host: str
    http_port: int
    api_port: int
    rasa_ports: tuple[int, ...]
    action_port: int
    web_port: int
    pg_port: int
    redis_port: int
    chat_rate: str
    chat_burst: int

    @property
    def public_url(self) -> str:
        host = "localhost" if self.http_host in ("127.0.0.1", "0.0.0.0") else self.http_host
        return f"http://{host}:{self.http_port}"

    @property
    def local_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.api_port}"

    @property
    def rasa_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}" for port in self.rasa_ports]

    @property
    def state_file(self) -> Path:
        return self.dir / "state.json"

    def log(self, name: str) -> Path:
        return self.dir / "logs" / f"{name}.log"


def load_config() -> ProdConfig:
    rasa_ports = tuple(int(p) for p in _env("PROD_RASA_PORTS", "5006 5007").split())
    return ProdConfig(
        dir=Path(_env("PROD_VAR_DIR", str(var_dir() / "prod"))).resolve(),
        http_host=_env("PROD_HTTP_HOST", "127.0.0.1"),
        http_port=int(_env("PROD_HTTP_PORT", "8080")),
        api_port=int(_env("PROD_API_PORT", "8081")),
        rasa_ports=rasa_ports,
        action_port=int(_env("PROD_ACTION_PORT", "5056")),
        web_port=int(_env("PROD_WEB_PORT", "8001")),
        pg_port=int(_env("PROD_PG_PORT", "5433")),
        redis_port=int(_env("PROD_REDIS_PORT", "6380")),
        # nginx's per-address limit on the public REST webhook: high enough for
        # a load test from one address, low enough to stop a runaway client.
        chat_rate=_env("PROD_CHAT_RATE", "100r/s"),
        chat_burst=int(_env("PROD_CHAT_BURST", "200")),
    )


# --- secrets and environment -------------------------------------------------

def _secret(config: ProdConfig, name: str, env_name: str) -> str:
    """From the environment, else generated once into PROD_VAR_DIR/secrets (0600)."""
    value = os.environ.get(env_name, "").strip()
    if value:
        return value
    path = config.dir / "secrets" / name
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.exists() and path.read_text(encoding="utf-8").strip():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_hex(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value)
    return value


def database_url(config: ProdConfig, database: str) -> str:
    password = _secret(config, "postgres_password", "PROD_DB_PASSWORD")
    return f"postgresql://rinnalla:{password}@127.0.0.1:{config.pg_port}/{database}"


def environment(config: ProdConfig) -> dict[str, str]:
    """What every Rinnalla process of the stack gets (on top of os.environ)."""
    return {
        "DATABASE_URL": database_url(config, "rinnalla"),
        "TRACKER_DB_URL": database_url(config, "tracker"),
        "RASA_ENDPOINTS": "endpoints.prod.yml",
        "REDIS_HOST": "127.0.0.1",
        "REDIS_PORT": str(config.redis_port),
        "REDIS_PASSWORD": _secret(config, "redis_password", "PROD_REDIS_PASSWORD"),
        # The web app reaches Rasa's API through nginx, so a stopped instance
        # does not stop worker replies; publishing loads a model into each one.
        "RASA_URL": config.api_url,
        "RASA_INSTANCE_URLS": " ".join(config.rasa_urls),
        "ACTION_SERVER_PORT": str(config.action_port),
        "ACTION_SERVER_URL": f"http://127.0.0.1:{config.action_port}",
        "WEB_PORT": str(config.web_port),
        "PUBLIC_URL": _env("PUBLIC_URL", config.public_url),
        "WIDGET_SERVER_URL": _env("WIDGET_SERVER_URL", _env("PUBLIC_URL", config.public_url)),
        "CORS_ORIGINS": _env(
            "CORS_ORIGINS",
            f"http://localhost:{config.http_port} http://127.0.0.1:{config.http_port}",
        ),
    }


def _apply_environment(config: ProdConfig) -> None:
    os.environ.update(environment(config))


# --- programs ------------------------------------------------------------------

def _postgres_bin(name: str) -> str:
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / name).exists()),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    ) if root.exists() else []
    if versions:
        return str(versions[-1] / name)
    raise SystemExit(f"PostgreSQL's {name} is missing: run `bash scripts/setup-prod.sh`.")


def _which(name: str) -> str:
    for folder in ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"):
        if (Path(folder) / name).exists():
            return str(Path(folder) / name)
    raise SystemExit(f"{name} is missing: run `bash scripts/setup-prod.sh`.")


def _as_postgres() -> dict:
    """PostgreSQL refuses to run as root; as root, its processes run as `postgres`."""
    if os.geteuid() != 0:
        return {}
    return {"user": "postgres", "group": "postgres", "extra_groups": []}


def _chown_postgres(path: Path) -> None:
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(path, user.pw_uid, user.pw_gid)


def _init_postgres(config: ProdConfig) -> Path:
    data = config.dir / "pg"
    if (data / "PG_VERSION").exists():
        return data
    data.mkdir(parents=True, exist_ok=True, mode=0o700)
    _chown_postgres(data)
    password = _secret(config, "postgres_password", "PROD_DB_PASSWORD")
    pwfile = config.dir / "pg.pw"
    fd = os.open(pwfile, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(password + "\n")
    _chown_postgres(pwfile)
    try:
        with open(config.log("initdb"), "w", encoding="utf-8") as log:
            subprocess.run(
                [_postgres_bin("initdb"), "-D", str(data), "-U", "rinnalla",
                 f"--pwfile={pwfile}", "--auth=scram-sha-256", "--encoding=UTF8",
                 "--locale=C.UTF-8"],
                check=True, stdout=log, stderr=subprocess.STDOUT, **_as_postgres(),
            )
    finally:
        pwfile.unlink(missing_ok=True)
    return data


def _redis_config(config: ProdConfig) -> Path:
    folder = config.dir / "redis"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / "redis.conf"
    text = (
        f"port {config.redis_port}\nbind 127.0.0.1\nprotected-mode yes\n"
        f"dir {folder}\nsave \"\"\nappendonly no\ndaemonize no\n"
        f"requirepass {_secret(config, 'redis_password', 'PROD_REDIS_PASSWORD')}\n"
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return path


def render_nginx(config: ProdConfig) -> str:
    template = (PROJECT_ROOT / "deploy" / "nginx.conf.template").read_text(encoding="utf-8")
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=10s;"
        for port in config.rasa_ports
    )
    values = {
        # As root, nginx's workers run as `nobody`; their temp folders are chowned.
        "USER_LINE": "user nobody nogroup;" if os.geteuid() == 0 else "",
        "PROD_DIR": str(config.dir),
        "RASA_SERVERS": servers,
        "WEB_PORT": str(config.web_port),
        "HTTP_HOST": config.http_host,
        "HTTP_PORT": str(config.http_port),
        "API_PORT": str(config.api_port),
        "CHAT_RATE": config.chat_rate,
        "CHAT_BURST": str(config.chat_burst),
    }
    for key, value in values.items():
        template = template.replace("{{" + key + "}}", value)
    return template


def _nginx_config(config: ProdConfig) -> Path:
    folder = config.dir / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(folder / sub, nobody.pw_uid, nobody.pw_gid)
    path = folder / "nginx.conf"
    path.write_text(render_nginx(config), encoding="utf-8")
    return path


def command(config: ProdConfig, name: str) -> tuple[list[str], dict]:
    """The command line of one process and extra Popen arguments."""
    from bot.launcher import action_server_command, rasa_server_command, web_command

    settings = load_settings()
    if name == "postgres":
        data = config.dir / "pg"
        return [
            _postgres_bin("postgres"), "-D", str(data), "-p", str(config.pg_port),
            "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={data}",
            "-c", "max_connections=200", "-c", "log_min_messages=warning",
        ], _as_postgres()
    if name == "redis":
        return [_which("redis-server"), str(_redis_config(config))], {}
    if name == "actions":
        return action_server_command(settings), {}
    if name.startswith("rasa-"):
        port = config.rasa_ports[int(name.split("-")[1]) - 1]
        return rasa_server_command(replace(settings, rasa_port=port)), {}
    if name == "web":
        return web_command(), {}
    if name == "nginx":
        conf = _nginx_config(config)
        return [_which("nginx"), "-c", str(conf), "-p", str(config.dir / "nginx"),
                "-g", "daemon off;"], {}
    raise SystemExit(f"unknown process {name!r}; one of: {', '.join(ORDER)}")


# --- health ----------------------------------------------------------------------

def healthy(config: ProdConfig, name: str) -> bool:
    try:
        if name == "postgres":
            import psycopg2

            psycopg2.connect(database_url(config, "postgres"), connect_timeout=2).close()
            return True
        if name == "redis":
            import redis

            return bool(redis.Redis(
                host="127.0.0.1", port=config.redis_port, socket_timeout=2,
                password=_secret(config, "redis_password", "PROD_REDIS_PASSWORD"),
            ).ping())
        if name == "actions":
            url = f"http://127.0.0.1:{config.action_port}/health"
            return requests.get(url, timeout=2).status_code == 200
        if name.startswith("rasa-"):
            url = config.rasa_urls[int(name.split("-")[1]) - 1]
            answer = requests.get(f"{url}/status", timeout=2,
                                  params={"token": load_settings().rasa_api_token})
            return answer.status_code == 200 and bool(answer.json().get("model_file"))
        if name == "web":
            # through nginx: the public address answers only when both are up
            return requests.get(f"{config.local_url}/healthz", timeout=5).status_code == 200
        if name == "nginx":
            answer = requests.get(f"{config.api_url}/status", timeout=5,
                                  params={"token": load_settings().rasa_api_token})
            return answer.status_code == 200
    except Exception:  # noqa: BLE001 - anything but a good answer is "not yet"
        return False
    return False


# --- state -----------------------------------------------------------------------

def read_state(config: ProdConfig) -> dict:
    try:
        return json.loads(config.state_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"processes": {}, "model_load_seconds": {}}


def _write_state(config: ProdConfig, state: dict) -> None:
    state.update({
        "url": config.local_url, "public_url": config.public_url, "api_url": config.api_url,
        "rasa_urls": config.rasa_urls,
    })
    tmp = config.state_file.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2), encoding="utf-8")
    tmp.replace(config.state_file)


def alive(pid: int | None) -> bool:
    """Whether the process still runs (or is still dying).

    A killed multi-threaded process shows its main thread as a zombie while
    the other threads are still exiting and its sockets are still open: it
    counts as alive until only the zombie is left.
    """
    if not pid:
        return False
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
        if state not in ("Z", "X"):
            return True
        return len(os.listdir(f"/proc/{pid}/task")) > 1
    except (OSError, IndexError):
        return False


def _start(config: ProdConfig, name: str, state: dict) -> None:
    argv, extra = command(config, name)
    log = open(config.log(name), "a", encoding="utf-8")  # noqa: SIM115 - the child keeps it
    env = {**os.environ}
    if name not in ("postgres", "redis", "nginx"):
        from bot.launcher import child_environment

        env = child_environment(load_settings())
    started = time.monotonic()
    process = subprocess.Popen(
        argv, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL, start_new_session=True, **extra,
    )
    log.close()
    state["processes"][name] = process.pid
    _write_state(config, state)
    deadline = started + START_TIMEOUT
    while not healthy(config, name):
        if process.poll() is not None:
            raise RuntimeError(f"{name} stopped (exit code {process.returncode})")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{name} did not become healthy in {START_TIMEOUT:.0f} s")
        time.sleep(0.3)
    if name.startswith("rasa-"):
        state.setdefault("model_load_seconds", {})[name] = round(time.monotonic() - started, 1)
        _write_state(config, state)
    print(f"  {name:8} running (pid {process.pid}, {time.monotonic() - started:.1f} s)", flush=True)


def _stop(config: ProdConfig, name: str, state: dict, timeout: float = 30.0) -> None:
    pid = state["processes"].get(name)
    if alive(pid):
        # PostgreSQL: SIGINT is its "fast" shutdown; the others stop on SIGTERM.
        sig = signal.SIGINT if name == "postgres" else signal.SIGTERM
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + timeout
        while alive(pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if alive(pid):
            try:
                os.killpg(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    state["processes"].pop(name, None)
    _write_state(config, state)


def _ensure_databases(config: ProdConfig) -> None:
    import psycopg2

    connection = psycopg2.connect(database_url(config, "postgres"), connect_timeout=5)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            for name in ("rinnalla", "tracker"):
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{name}"')
    finally:
        connection.close()


def _print_failure_logs(config: ProdConfig, state: dict) -> None:
    """The logs of the last process that started and of the one that did not."""
    started = [name for name in ORDER if name in state["processes"]]
    not_started = [name for name in ORDER if name not in state["processes"]]
    for name in started[-1:] + not_started[:1]:
        path = config.log(name)
        if path.exists():
            tail = path.read_text(encoding="utf-8", errors="replace")[-3000:]
            print(f"--- {path}\n{tail}")


def up(config: ProdConfig) -> int:
    from bot import db

    if not MODEL_PATH.exists():
        print(f"No trained model at {MODEL_PATH}: run `make train` first (make prod-up does).")
        return 2
    config.dir.mkdir(parents=True, exist_ok=True)
    os.chmod(config.dir, 0o755)  # PostgreSQL (another user) must reach pg/ inside
    (config.dir / "logs").mkdir(exist_ok=True)
    _apply_environment(config)
    state = read_state(config)
    running = [n for n in ORDER if alive(state["processes"].get(n))]
    if running:
        print(f"Already running: {', '.join(running)}. `python -m bot prod down` stops them.")
        return 0 if len(running) == len(ORDER) else 1
    state = {"processes": {}, "model_load_seconds": {}}
    print(f"Starting the production stack in {config.dir}", flush=True)
    try:
        _init_postgres(config)
        _start(config, "postgres", state)
        _ensure_databases(config)
        db.upgrade(os.environ["DATABASE_URL"])
        for name in ORDER[1:]:
            _start(config, name, state)
    except (RuntimeError, subprocess.CalledProcessError, OSError) as error:
        print(f"Could not start: {error}. Log tail:", flush=True)
        _print_failure_logs(config, state)
        down(config)
        return 1
    print(
        f"\nRinnalla (production topology) is running: {config.public_url}\n"
        f"Two Rasa servers {', '.join(config.rasa_urls)}, PostgreSQL :{config.pg_port}, "
        f"Redis :{config.redis_port}. Logs: {config.dir / 'logs'}\n"
        "Accounts: eval \"$(python -m bot prod env)\" and then python -m bot worker add …\n"
        "Stop: make prod-down",
        flush=True,
    )
    return 0


def down(config: ProdConfig) -> int:
    state = read_state(config)
    for name in reversed(ORDER):
        if name in state["processes"]:
            _stop(config, name, state)
            print(f"  {name:8} stopped", flush=True)
    return 0


def status(config: ProdConfig) -> int:
    _apply_environment(config)
    state = read_state(config)
    all_ok = True
    for name in ORDER:
        pid = state["processes"].get(name)
        ok = alive(pid) and healthy(config, name)
        all_ok &= ok
        print(f"{name:8} {'healthy' if ok else ('running, not healthy' if alive(pid) else 'stopped')}")
    return 0 if all_ok else 1


def main(argv: list[str]) -> int:
    config = load_config()
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if argv else 2
    verb, names = argv[0], argv[1:]
    if verb == "up":
        return up(config)
    if verb == "down":
        return down(config)
    if verb == "status":
        return status(config)
    if verb == "env":
        for key, value in environment(config).items():
            print(f"export {key}='{value}'")
        return 0
    if verb in ("start", "stop"):
        _apply_environment(config)
        state = read_state(config)
        for name in names:
            if name not in RESTARTABLE:
                print(f"{name}: one of {', '.join(RESTARTABLE)}")
                return 2
            if verb == "stop":
                _stop(config, name, state)
            elif not alive(state["processes"].get(name)):
                try:
                    _start(config, name, state)
                except RuntimeError as error:
                    print(f"{name}: {error}; see {config.log(name)}")
                    return 1
        return 0
    print(f"unknown command {verb!r}")
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
