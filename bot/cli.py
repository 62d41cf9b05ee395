"""`python -m bot`: the project's command-line entry point."""
from __future__ import annotations

import argparse
import logging
import os

from bot.config import PROJECT_ROOT, load_settings, run_rasa


def _cmd_run(_args: argparse.Namespace) -> int:
    from bot.launcher import run

    return run()


def _serve_web() -> int:
    from waitress import serve

    from bot.web import create_app

    settings = load_settings()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s web %(levelname)s %(message)s")
    serve(
        create_app(),
        host=settings.web_host,
        port=settings.web_port,
        threads=8,
        ident="rinnalla",
    )
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    """Run one of the three processes in the foreground (containers, systemd)."""
    from bot import db
    from bot.launcher import action_server_command, child_environment, rasa_server_command

    settings = load_settings()
    if args.process == "web":
        db.upgrade(settings.database_url)
        return _serve_web()
    command = (
        rasa_server_command(settings) if args.process == "rasa" else action_server_command(settings)
    )
    os.chdir(PROJECT_ROOT)
    os.execve(command[0], command, child_environment(settings))
    return 0  # not reached


def _cmd_rasa(args: argparse.Namespace) -> int:
    """Run a Rasa CLI command with the environment endpoints.yml expects."""
    return run_rasa(args.rasa_args).returncode


def _cmd_train(args: argparse.Namespace) -> int:
    from bot.training import train

    train(force=args.force)
    return 0


def _cmd_db(args: argparse.Namespace) -> int:
    from bot import db

    if args.db_command == "upgrade":
        db.upgrade()
        print(f"Database at revision {db.current_revision()}")
    else:
        print(db.current_revision() or "no migrations applied")
    return 0


def _cmd_doctor(_args: argparse.Namespace) -> int:
    from bot.doctor import doctor

    return doctor()


def _cmd_nlu_eval(args: argparse.Namespace) -> int:
    from bot.nlu_eval import main as nlu_eval

    return nlu_eval(args)


def _cmd_validate(_args: argparse.Namespace) -> int:
    from bot.validation import main as validate

    return validate()


def _cmd_eval(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bot.evaluation import main as evaluate
    from bot.training import MODEL_PATH

    return evaluate(
        Path(args.model) if args.model else MODEL_PATH,
        write_doc=not args.no_doc,
        min_accuracy=args.min_accuracy,
        min_recall=args.min_recall,
        min_crisis_recall=args.min_crisis_recall,
        min_crisis_precision=args.min_crisis_precision,
    )


def _read_password() -> str:
    """The password from stdin: typed (hidden) on a terminal, or piped."""
    import getpass
    import sys

    if sys.stdin.isatty():
        first = getpass.getpass("Salasana: ")
        if first != getpass.getpass("Salasana uudelleen: "):
            raise SystemExit("Salasanat eivät ole samat.")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _cmd_worker(args: argparse.Namespace) -> int:
    from bot import db
    from bot.services import workers

    db.upgrade()
    if args.worker_command == "add":
        try:
            created = workers.create_worker(args.email, args.name, _read_password(), args.role)
        except workers.AccountError as error:
            print(error)
            return 1
        print(f"Tunnus lisätty: {created.email} ({created.role})")
        return 0
    worker = workers.find_by_email(args.email)
    if worker is None or not worker.active:
        print(f"Tunnusta {args.email} ei löydy.")
        return 1
    if args.worker_command == "token":
        if worker.role != "worker":
            print("API-avain on vain työntekijöille (ylläpitäjä ei lue viestejä).")
            return 1
        print("Uusi API-avain (vanha lakkasi toimimasta). Näytetään vain kerran:")
        print(workers.issue_api_token(worker.id))
        return 0
    # password
    try:
        workers.set_password(worker.id, _read_password())
    except workers.AccountError as error:
        print(error)
        return 1
    print(f"Salasana vaihdettu: {worker.email}")
    return 0


def _cmd_youth(args: argparse.Namespace) -> int:
    from bot import db
    from bot.services import linking, workers

    db.upgrade()
    worker = workers.find_by_email(args.worker)
    if worker is None or not worker.active or worker.role != "worker":
        print(f"Työntekijää {args.worker} ei löydy.")
        return 1
    try:
        youth = linking.add_youth(worker.id, args.name)
    except workers.AccountError as error:
        print(error)
        return 1
    print(f"{youth.display_name} lisätty. Koodi toimii {linking.CODE_DAYS} päivää ja kerran. Koodi:")
    print(youth.invite_code)
    return 0


def _period(value: str):
    from bot.services.unanswered import parse_period

    try:
        return parse_period(value)
    except ValueError:
        raise argparse.ArgumentTypeError("anna aika muodossa 7d (päiviä) tai 12h (tunteja)")


def _cmd_report(args: argparse.Namespace) -> int:
    from bot.services.unanswered import describe_period, report

    # Only `report unanswered` so far. Texts are masked; sender ids are never shown.
    groups = report(args.since, limit=args.limit)
    if not groups:
        print("Ei vastaamattomia kysymyksiä.")
        return 0
    print(
        "Kysymyksiä, joihin botti ei osannut vastata "
        f"(aikaväli {describe_period(args.since)}; määrä ja yleisin muoto):"
    )
    for group in groups:
        print(f"{group.count:>4}  {group.text}")
    return 0


def _cmd_prod(args: argparse.Namespace) -> int:
    from bot import prod

    return prod.main(args.prod_args)


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("give the number of days, e.g. 90")
    if days < 1:
        raise argparse.ArgumentTypeError("at least 1 day")
    return days


def _cmd_retention(args: argparse.Namespace) -> int:
    from bot import db
    from bot.services import retention

    # Only `retention run` so far. Counts only: no sender ids, no text.
    db.upgrade()
    try:
        result = retention.run(days=args.days, dry_run=args.dry_run)
    except ValueError as error:  # RETENTION_DAYS is not a positive number
        print(f"Retention: {error}")
        return 2
    for line in retention.describe(result):
        print(line)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Rinnalla tools")
    commands = parser.add_subparsers(dest="command", required=True)

    commands.add_parser("run", help="start Rasa, the action server and the web app").set_defaults(
        func=_cmd_run
    )

    serve = commands.add_parser("serve", help="run one process in the foreground")
    serve.add_argument("process", choices=["rasa", "actions", "web"])
    serve.set_defaults(func=_cmd_serve)

    rasa = commands.add_parser("rasa", help="run a Rasa command with the project's environment")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER)
    rasa.set_defaults(func=_cmd_rasa)

    prod = commands.add_parser(
        "prod", help="the production-like stack: PostgreSQL, Redis, two Rasa servers, nginx"
    )
    prod.add_argument("prod_args", nargs=argparse.REMAINDER)
    prod.set_defaults(func=_cmd_prod)

    train = commands.add_parser("train", help="train a model when data or config changed")
    train.add_argument("--force", action="store_true", help="train even if nothing changed")
    train.set_defaults(func=_cmd_train)

    database = commands.add_parser("db", help="app database migrations")
    database.add_argument("db_command", choices=["upgrade", "current"])
    database.set_defaults(func=_cmd_db)

    commands.add_parser("doctor", help="check the setup and say which NLU path is active").set_defaults(
        func=_cmd_doctor
    )

    commands.add_parser("validate", help="rasa data validate; warnings fail").set_defaults(
        func=_cmd_validate
    )

    worker = commands.add_parser("worker", help="worker accounts (dashboard and API)")
    worker_commands = worker.add_subparsers(dest="worker_command", required=True)
    add = worker_commands.add_parser("add", help="add an account; the password is read from stdin")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=["worker", "admin", "editor"], default="worker")
    token = worker_commands.add_parser("token", help="print a new personal API token (last word)")
    token.add_argument("--email", required=True)
    password = worker_commands.add_parser("password", help="set a new password (read from stdin)")
    password.add_argument("--email", required=True)
    worker.set_defaults(func=_cmd_worker)

    youth = commands.add_parser("youth", help="young people")
    youth_commands = youth.add_subparsers(dest="youth_command", required=True)
    youth_add = youth_commands.add_parser("add", help="add a young person; prints the invite code (last word)")
    youth_add.add_argument("--worker", required=True, help="the worker's e-mail")
    youth_add.add_argument("--name", required=True, help="first name or nickname only")
    youth.set_defaults(func=_cmd_youth)

    report = commands.add_parser("report", help="reports for content editors")
    report_commands = report.add_subparsers(dest="report_command", required=True)
    unanswered = report_commands.add_parser(
        "unanswered", help="questions the bot could not answer, grouped (no sender ids)"
    )
    unanswered.add_argument(
        "--since", type=_period, default="7d", help="period: 7d (days) or 12h (hours); default 7d"
    )
    unanswered.add_argument("--limit", type=int, default=50, help="most groups to print")
    report.set_defaults(func=_cmd_report)

    retention = commands.add_parser("retention", help="delete old conversations (data retention)")
    retention_commands = retention.add_subparsers(dest="retention_command", required=True)
    retention_run = retention_commands.add_parser(
        "run", help="delete conversations and preparations older than the retention period"
    )
    retention_run.add_argument(
        "--days", type=_days, default=None,
        help="retention period in days (default: RETENTION_DAYS, else 90)",
    )
    retention_run.add_argument(
        "--dry-run", action="store_true", help="only count what would be deleted"
    )
    retention.set_defaults(func=_cmd_retention)

    heldout = commands.add_parser("eval", help="evaluate the trained model on held-out examples")
    heldout.add_argument("--model", help="model file (default: models/rinnalla.tar.gz)")
    heldout.add_argument("--no-doc", action="store_true", help="do not update docs/")
    heldout.add_argument(
        "--min-accuracy", type=float, default=0.95, help="FAQ topic accuracy to require"
    )
    heldout.add_argument(
        "--min-recall", type=float, default=0.85, help="lowest per-topic recall to require"
    )
    heldout.add_argument(
        "--min-crisis-recall", type=float, default=1.0, help="crisis recall to require on every set"
    )
    heldout.add_argument(
        "--min-crisis-precision", type=float, default=0.9,
        help="crisis precision to require on every set",
    )
    heldout.set_defaults(func=_cmd_eval)

    evaluation = commands.add_parser("nlu-eval", help="compare NLU pipelines on a held-out split")
    evaluation.add_argument("--configs", nargs="+", default=None)
    evaluation.add_argument("--test-fraction", type=float, default=0.2)
    evaluation.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    evaluation.add_argument("--out", default="docs/nlu-evaluation.md")
    evaluation.add_argument(
        "--reuse", action="store_true", help="keep models from an interrupted run"
    )
    evaluation.set_defaults(func=_cmd_nlu_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)
