"""`stuurwiel`: generate a demo region, load deliveries through the pipeline, serve the dashboard, write reports."""

from __future__ import annotations

import argparse
import getpass
import json
import re
import subprocess
import sys
import time
from pathlib import Path

from pipelines.config import PROJECT_ROOT, Settings

DASHBOARD_PORT = 8501
DEMO_REGIO_NAAM = "Demoregio Oost-Nederland"  # seven gemeenten of Twente, Salland and the Stedendriehoek


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    return args.func(args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="stuurwiel", description=__doc__)
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    gen = sub.add_parser("generate", help="write the synthetic source files of a demo region")
    _generate_args(gen)
    gen.add_argument("--out", type=Path, required=True, help="folder to write the source files to")
    gen.set_defaults(func=cmd_generate)

    load = sub.add_parser("load", help="ingest files or folders: quality gate, dbt build, publish")
    load.add_argument("paths", nargs="+", type=Path)
    load.add_argument("--source", help="force the source instead of detecting it by content")
    load.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
    load.set_defaults(func=cmd_load)

    accept = sub.add_parser("accept", help="release deliveries the quality gate blocked, with a reason")
    accept.add_argument("load_ids", nargs="+", metavar="LOAD_ID", help="from meta.loads or the Datakwaliteit page")
    accept.add_argument("--reason", required=True, help="why the delivery may be used after all (recorded)")
    accept.set_defaults(func=cmd_accept)

    sub.add_parser(
        "migreer", help="bring a warehouse an earlier release filled to the current privacy rules, and rewrite it"
    ).set_defaults(func=cmd_migreer)

    serve = sub.add_parser("serve", help="serve the dashboard on the published snapshot")
    _serve_args(serve)
    serve.set_defaults(func=cmd_serve)

    users = sub.add_parser("gebruikers", help="dashboard accounts: demo accounts, add one, unlock one")
    users_sub = users.add_subparsers(required=True, metavar="ACTIE")
    users_sub.add_parser("demo", help="one demo account per role (see the README)").set_defaults(func=cmd_users_demo)
    add = users_sub.add_parser("toevoegen", help="add or replace an account; asks for the password")
    add.add_argument("gebruiker")
    add.add_argument("--rol", required=True, choices=("raad", "beleid", "controller", "beheer"))
    add.add_argument("--gemeente", required=True, help="CBS gemeentecode (GM0153) or REGIO")
    add.set_defaults(func=cmd_users_add)
    unlock = users_sub.add_parser("ontgrendel", help="allow an account again after too many failed logins")
    unlock.add_argument("gebruiker")
    unlock.set_defaults(func=cmd_users_unlock)

    report = sub.add_parser("report", help="the council report of a gemeente or the region, as PDF or HTML")
    gebied = report.add_mutually_exclusive_group(required=True)
    gebied.add_argument("--gemeente", help="CBS gemeentecode, e.g. GM0153")
    gebied.add_argument("--regio", action="store_true", help="the whole region")
    gebied.add_argument("--alle", action="store_true", help="every gemeente of the region and the region")
    gebied.add_argument(
        "--gepland",
        action="store_true",
        help="every report the schedule would make now (closed period, gate passed, not made yet); no --period",
    )
    report.add_argument("--period", help="2025-Q4 (kwartaal), 2025-H2 (halfjaar) or 2025 (jaar)")
    report.add_argument("--format", choices=("pdf", "html"), default="pdf")
    report.add_argument("--out", type=Path, help="write this file; without it: store PDF and HTML under data/reports/")
    report.set_defaults(func=cmd_report)

    sleutel = sub.add_parser("sleutel", help="the pseudonym key and the archive key (outside the warehouse)")
    sleutel_sub = sleutel.add_subparsers(required=True, metavar="ACTIE")
    sleutel_sub.add_parser(
        "maak", help="make the keys that do not exist yet (a new installation only); an existing key is kept"
    ).set_defaults(func=cmd_sleutel_maak)
    sleutel_sub.add_parser(
        "vingerafdruk", help="the keys' fingerprints, as meta.loads records them (never the keys)"
    ).set_defaults(func=cmd_sleutel_vingerafdruk)

    archief = sub.add_parser("archief", help="the encrypted archive of delivered originals (beheer)")
    archief_sub = archief.add_subparsers(required=True, metavar="ACTIE")
    lees = archief_sub.add_parser("lees", help="decrypt one archived original into a file of your choice")
    lees.add_argument("bestand", type=Path, help="a file under data/archive/ (ends in .versleuteld)")
    lees.add_argument("--out", type=Path, required=True, help="where to write the original (must not exist)")
    lees.set_defaults(func=cmd_archief_lees)
    opruimen = archief_sub.add_parser("opruimen", help="remove archived originals older than the retention period")
    opruimen.add_argument(
        "--bewaarjaren", type=int, help="retention in years (default: STUURWIEL_ARCHIEF_BEWAARJAREN, else 7)"
    )
    opruimen.set_defaults(func=cmd_archief_opruimen)
    archief_sub.add_parser(
        "versleutel-oude", help="encrypt the originals an earlier release archived unencrypted"
    ).set_defaults(func=cmd_archief_versleutel_oude)

    demo = sub.add_parser("demo", help="generate + load + serve the demo region")
    _generate_args(demo)
    demo.add_argument("--no-serve", action="store_true", help="stop after publishing")
    _serve_args(demo)
    demo.set_defaults(func=cmd_demo)
    return parser


def _serve_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=DASHBOARD_PORT)
    # Only this machine by default; behind a reverse proxy see docs/deployment.md.
    parser.add_argument("--address", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")


def _generate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scale",
        choices=("gemeente", "regio", "land"),
        default="regio",
        help="land: all 342 gemeenten, one folder per jeugdregio (demo/land.py)",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--sample", type=float, default=1.0, help="fraction of the persons to generate (smaller is faster)"
    )


def cmd_generate(args: argparse.Namespace) -> int:
    import demo  # the generator is its own package; only the CLI (the top layer) reaches it

    started = time.perf_counter()
    _progress(f"Demoregio genereren ({args.scale}, seed {args.seed}) ...")
    if args.scale == "land":  # too big for one region: per jeugdregio, each in its own folder under --out
        counts = demo.generate_land(args.out, seed=args.seed, sample=args.sample, progress=_progress)
    else:
        region = demo.generate(demo.SCALES[args.scale], seed=args.seed, sample=args.sample)
        counts = demo.write_sources(region, args.out)
    _progress(
        f"Geschreven naar {args.out}: "
        + ", ".join(f"{k}: {v}" for k, v in counts.items())
        + f" ({time.perf_counter() - started:.1f} s)"
    )
    return 0


def cmd_load(args: argparse.Namespace) -> int:
    from pipelines import regio, run
    from pipelines.warehouse import DatamapFout

    if not _keys_present("load"):
        return 2
    if args.source and args.source not in run.SOURCE_NAMES:
        print(
            f"stuurwiel load: onbekende bron '{args.source}' (kies uit {', '.join(run.SOURCE_NAMES)})", file=sys.stderr
        )
        return 2
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        print(f"stuurwiel load: bestaat niet: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    try:
        report = run.load(args.paths, forced_source=args.source, progress=None if args.json else _progress)
    except DatamapFout as exc:  # the data folder is full, read-only, or another load holds it
        print(f"stuurwiel load: {exc}", file=sys.stderr)
        return 1
    except regio.RegioOngeldig as exc:  # nothing was read: the operator fixes the setting and loads again
        print(f"stuurwiel load: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_summary(report)
    return report.exit_code


def cmd_migreer(args: argparse.Namespace) -> int:
    """What a load does first anyway (pipelines/migratie.py), on purpose: after an upgrade, before the next load."""
    from pipelines import migratie
    from pipelines.warehouse import DatamapFout

    pad = Settings.from_env().warehouse_path
    if not pad.exists():
        _progress(f"Geen warehouse in {pad}: niets bij te werken")
        return 0
    try:
        gedaan = migratie.bijwerken(pad, _progress)
    except DatamapFout as exc:  # the data folder is full, read-only, or a load holds it
        print(f"stuurwiel migreer: {exc}", file=sys.stderr)
        return 1
    if gedaan is None:
        _progress(f"Warehouse {pad} is al bij (schemaversie {migratie.SCHEMAVERSIE})")
    else:
        _progress(
            f"Warehouse {pad} bijgewerkt van schemaversie {gedaan.van} naar {migratie.SCHEMAVERSIE} en herschreven "
            f"({gedaan.rijen} rijen): oude waarden staan niet meer in het bestand"
        )
    return 0


def cmd_accept(args: argparse.Namespace) -> int:
    from pipelines import run
    from pipelines.warehouse import DatamapFout

    try:
        report = run.accept(args.load_ids, args.reason, getpass.getuser(), progress=_progress)
    except run.AcceptError as exc:
        print(f"stuurwiel accept: {exc}", file=sys.stderr)
        return 2
    except DatamapFout as exc:
        print(f"stuurwiel accept: {exc}", file=sys.stderr)
        return 1
    _progress(f"Geaccepteerd: {', '.join(args.load_ids)} (reden: {args.reason})")
    _print_summary(report)
    return 0 if report.published else 1


def cmd_report(args: argparse.Namespace) -> int:
    from reports import inhoud, periode, planning

    if args.gepland:
        if args.period or args.out:
            print("stuurwiel report: --gepland kiest zelf perioden en bewaart onder data/reports/", file=sys.stderr)
            return 2
        plan = planning.plan()
        _progress(plan.samenvatting())
        return _maak_rapporten([(v.gebied, v.periode) for v in plan.te_maken], None, "pdf", "schema")
    try:
        tijdvak = periode.parse(args.period or "")
    except ValueError as exc:
        print(f"stuurwiel report: {exc}", file=sys.stderr)
        return 2
    if args.alle and args.out:
        print("stuurwiel report: --out geldt voor één rapport; --alle bewaart ze onder data/reports/", file=sys.stderr)
        return 2
    try:
        gebieden = inhoud.gebieden() if args.alle else ["REGIO" if args.regio else args.gemeente]
    except inhoud.GeenGegevens as exc:
        print(f"stuurwiel report: {exc}", file=sys.stderr)
        return 1
    return _maak_rapporten([(g, tijdvak) for g in gebieden], args.out, args.format, "handmatig")


def _maak_rapporten(verzoeken: list, out: Path | None, formaat: str, aanleiding: str) -> int:
    """Make each (gebied, periode) report: to `out`, or stored under data/reports/; times each one."""
    from reports import inhoud, maak

    begin = time.perf_counter()
    for gebied, tijdvak in verzoeken:
        start = time.perf_counter()
        try:
            if out:
                rapport = inhoud.bouw(gebied, tijdvak)
                out.parent.mkdir(parents=True, exist_ok=True)
                out.write_bytes(maak.maak_bestanden(rapport, (formaat,))[formaat])
                waar = out
            else:
                waar = maak.maak_en_bewaar(gebied, tijdvak, aanleiding=aanleiding)
        except (inhoud.GeenGegevens, ValueError) as exc:
            print(f"stuurwiel report: {gebied} {tijdvak.label}: {exc}", file=sys.stderr)
            return 1
        _progress(f"Rapport {gebied} {tijdvak.label}: {waar} ({time.perf_counter() - start:.1f} s)")
    if len(verzoeken) > 1:
        _progress(f"{len(verzoeken)} rapporten in {time.perf_counter() - begin:.1f} s")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not settings.serving_path.exists():
        _progress("Let op: nog geen gepubliceerde gegevens; draai eerst `stuurwiel load` of `stuurwiel demo`.")
    if not settings.users_path.exists():
        _progress(
            f"Let op: geen gebruikers in {settings.users_path}; maak ze met `stuurwiel gebruikers demo` "
            "of `stuurwiel gebruikers toevoegen`."
        )
    _progress(f"Dashboard: http://{args.address}:{args.port}  (stoppen met Ctrl+C)")
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(PROJECT_ROOT / "dashboards" / "app.py"),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",  # also when .streamlit/config.toml is not found
        "false",
    ]
    # From the project root, so Streamlit finds .streamlit/config.toml (telemetry off, theme).
    try:
        return subprocess.call(command, cwd=PROJECT_ROOT)
    except KeyboardInterrupt:
        return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from pipelines import run

    out = Settings.from_env().data_dir / "demo" / f"{args.scale}-seed{args.seed}"
    marker = out / ".compleet"
    if not marker.exists():
        args.out = out
        cmd_generate(args)
        marker.write_text(_demo_versie(), encoding="utf-8")
    elif marker.read_text(encoding="utf-8") != _demo_versie():
        # Files of an older generator miss what the readers now require, and loading the new files on top
        # of the old loads would count twice: only a fresh start is right, and that is the user's call.
        print(
            f"stuurwiel demo: de demoregio in {out} is gemaakt door een oudere versie van de demogenerator; "
            "begin opnieuw met `make clean && make demo`",
            file=sys.stderr,
        )
        return 2
    else:
        _progress(f"Demoregio staat al klaar in {out}")
    for message in sleutels_maken(Settings.from_env()):  # the demo is a new installation: it may make its keys
        _progress(message)
    _demo_regio(Settings.from_env(), args.scale)
    report = run.load([out], progress=_progress)
    _print_summary(report)
    if report.published:  # what the Dagster sensor would make now: the reports of the last closed periods
        cmd_report(argparse.Namespace(gepland=True, period=None, out=None))
    _demo_users()
    if args.no_serve or not report.published:
        return report.exit_code
    return cmd_serve(args)


def _demo_regio(settings: Settings, scale: str) -> None:
    """Configure the demo home's region as the gemeenten the demo generates, so the demo loads with the region
    rule on. A region already configured is the operator's and is kept. The land scale sets none: a national
    warehouse serves every gemeente, and a fixed list of this year's gemeenten would quarantine deliveries
    about gemeenten merged away since (its loads say that no region is set)."""
    import demo
    from pipelines import regio

    if scale == "land":
        return
    if settings.config_path.exists():
        _progress(f"Regio: zoals ingesteld in {settings.config_path}")
        return
    naam = DEMO_REGIO_NAAM if scale == "regio" else None  # the gemeente scale is one gemeente: no region's name
    regio.schrijf(
        settings.config_path, demo.SCALES[scale], f"Region of the demo (stuurwiel demo --scale {scale})", naam
    )
    _progress(f"Regio ingesteld in {settings.config_path}: {', '.join(demo.SCALES[scale])}")


def _demo_versie() -> str:
    """A fingerprint of the demo generator's code: a generated region is reused only by the generator that wrote it."""
    import hashlib

    import demo

    digest = hashlib.sha256()
    for module in sorted(Path(demo.__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + module.read_bytes())
    return digest.hexdigest()


def _demo_users() -> None:
    from dashboards import gebruikers

    path = Settings.from_env().users_path
    if path.exists():
        _progress(f"Gebruikers staan al in {path}")
        return
    _progress("Demogebruikers (rol, gebruiker, wachtwoord, gemeente):")
    for rol, gebruiker, wachtwoord, gemeente in gebruikers.maak_demo(path):
        _progress(f"  {rol:<10} {gebruiker:<10} {wachtwoord:<16} {gemeente}")


def cmd_users_demo(args: argparse.Namespace) -> int:
    _demo_users()
    return 0


def cmd_users_add(args: argparse.Namespace) -> int:
    import re

    from dashboards import gebruikers

    if not re.fullmatch(r"GM\d{4}|REGIO", args.gemeente):
        print("stuurwiel gebruikers: --gemeente is een CBS-gemeentecode (GM0153) of REGIO", file=sys.stderr)
        return 2
    wachtwoord = getpass.getpass("Wachtwoord: ")
    if len(wachtwoord) < 12 or wachtwoord != getpass.getpass("Nogmaals: "):
        print("stuurwiel gebruikers: wachtwoorden verschillen of zijn korter dan 12 tekens", file=sys.stderr)
        return 2
    gebruikers.voeg_toe(Settings.from_env().users_path, args.gebruiker, args.rol, args.gemeente, wachtwoord)
    _progress(f"Gebruiker {args.gebruiker} ({args.rol}, {args.gemeente}) opgeslagen.")
    return 0


def cmd_users_unlock(args: argparse.Namespace) -> int:
    from dashboards import gebruikers

    try:
        gebruikers.ontgrendel(Settings.from_env().users_path, args.gebruiker)
    except (KeyError, FileNotFoundError):
        print(f"stuurwiel gebruikers: onbekende gebruiker {args.gebruiker}", file=sys.stderr)
        return 2
    _progress(f"Gebruiker {args.gebruiker} kan weer inloggen.")
    return 0


def sleutels_maken(settings: Settings) -> list[str]:
    """Make the pseudonym key and the archive key where they do not exist; an existing key is never replaced.

    `stuurwiel sleutel maak`, the demo and the test set-up call this; a load never does (pipelines/privacy.py).
    Returns what was done, a line per key.
    """
    from pipelines import privacy

    messages = []
    for wat, path, _ in _keys(settings):
        try:
            privacy.maak_sleutel(path)
            messages.append(f"Sleutel voor {wat} gemaakt: {path} (maak er een reservekopie van, apart bewaard)")
        except FileExistsError:
            messages.append(f"Sleutel voor {wat} bestaat al: {path} (niet vervangen)")
    return messages


def _keys(settings: Settings) -> list[tuple[str, Path, str]]:
    """Each key: what it is for (in messages), its path, and the environment setting that points at it."""
    from pipelines.config import ARCHIVE_KEY_ENV

    return [
        ("pseudoniemen", settings.key_path, "STUURWIEL_KEY_FILE"),
        ("het archief", settings.archive_key_path, ARCHIVE_KEY_ENV),
    ]


def _keys_present(command: str) -> bool:
    """Whether both keys can be read; if not, says which is missing and what to do (Dutch, on stderr)."""
    from pipelines import privacy

    for wat, path, omgeving in _keys(Settings.from_env()):
        try:
            privacy.lees_sleutel(path, wat, omgeving)
        except (privacy.SleutelOntbreekt, ValueError) as exc:
            print(f"stuurwiel {command}: {exc}", file=sys.stderr)
            return False
    return True


def cmd_sleutel_maak(args: argparse.Namespace) -> int:
    for message in sleutels_maken(Settings.from_env()):
        _progress(message)
    return 0


def cmd_sleutel_vingerafdruk(args: argparse.Namespace) -> int:
    from pipelines import privacy

    if not _keys_present("sleutel"):
        return 2
    for wat, path, _ in _keys(Settings.from_env()):
        print(f"{wat}: {privacy.vingerafdruk(privacy.lees_sleutel(path))}  ({path})")
    return 0


def _archief():
    """The archive with its key, or None after saying the key is missing."""
    from pipelines import privacy
    from pipelines.archief import Archief

    try:
        return Archief.van(Settings.from_env())
    except (privacy.SleutelOntbreekt, ValueError) as exc:
        print(f"stuurwiel archief: {exc}", file=sys.stderr)
        return None


def cmd_archief_lees(args: argparse.Namespace) -> int:
    from pipelines.archief import ArchiefOnleesbaar, ontsleutel_bestand

    archief = _archief()
    if archief is None:
        return 2
    if args.out.exists():
        print(f"stuurwiel archief: {args.out} bestaat al; kies een nieuwe naam", file=sys.stderr)
        return 2
    try:
        ontsleutel_bestand(args.bestand, args.out, archief.sleutel)
    except (ArchiefOnleesbaar, OSError) as exc:
        print(f"stuurwiel archief: {args.bestand}: {exc}", file=sys.stderr)
        return 1
    _progress(f"Origineel geschreven naar {args.out} (alleen voor jou leesbaar; verwijder het na gebruik)")
    return 0


def cmd_archief_opruimen(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    jaren = settings.archive_retention_years if args.bewaarjaren is None else args.bewaarjaren
    if jaren < 1:
        print("stuurwiel archief: --bewaarjaren is minstens 1", file=sys.stderr)
        return 2
    from pipelines.archief import opruimen

    weg = opruimen(settings.archive_dir, jaren)
    for folder in weg:
        _progress(f"Verwijderd: {folder}")
    _progress(f"{len(weg)} dag(en) ouder dan {jaren} jaar verwijderd uit {settings.archive_dir}")
    return 0


def cmd_archief_versleutel_oude(args: argparse.Namespace) -> int:
    archief = _archief()
    if archief is None:
        return 2
    nieuw = archief.versleutel_oude()
    _progress(f"{len(nieuw)} onversleutelde originelen versleuteld in {archief.map}")
    return 0


def _print_summary(report) -> None:
    _progress("")
    _progress(f"{'bron':<10} {'bestanden':>9} {'rijen in':>10} {'geladen':>10} {'quarantaine':>11} {'afgewezen':>9}")
    for line in report.per_source():
        _progress(
            f"{line['bron']:<10} {line['bestanden']:>9} {line['rijen_in']:>10} {line['rijen_geladen']:>10} "
            f"{line['rijen_quarantaine']:>11} {line['afgewezen']:>9}"
        )
    for problem in report.problems():
        _progress(f"  ! {problem}")
    if report.published:
        _progress(
            f"Gepubliceerd: snapshot {report.snapshot_version} in {report.seconds:.0f} s. "
            f"Dashboard: `stuurwiel serve` -> http://localhost:{DASHBOARD_PORT}"
        )
    else:
        _progress(
            f"NIET gepubliceerd ({report.seconds:.0f} s): het dashboard toont de vorige gegevens. "
            f"Details: {Settings.from_env().data_dir / 'logs' / 'laatste-load.log'}"
        )


# Control characters but tab and line feed: a file name or a delivered value may carry terminal escapes (ANSI
# colours, cursor moves, a carriage return that overwrites the line); they are shown, never obeyed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _progress(message: str) -> None:
    print(_CONTROL.sub(lambda found: repr(found.group())[1:-1], message), file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
