#!/usr/bin/env bash
# Dependency audit: known vulnerabilities in the packages installed in .venv.
#
#   bash scripts/audit.sh            print the findings; fail only if the audit cannot run
#   bash scripts/audit.sh --strict   also fail when a finding is not in the accepted list,
#                                    or when no vulnerability data could be fetched at all
#
# Exit codes: 0 ran (findings printed), 1 --strict and new findings, 2 pip-audit
# could not run, 3 --strict and no vulnerability data (nothing was checked).
#
# pip-audit lives in its own virtualenv (.venv-audit/, git-ignored), so its
# dependencies never mix with Rasa's pins. It reads the installed packages of
# .venv (--path) and asks PyPI's vulnerability data (the default service; only
# pypi.org must be reachable). Findings that were judged and accepted are listed
# in security/pip-audit-accepted.txt (one ID per line and a short reason); new
# advisories are printed as NEW, so CI shows them without becoming flaky.
# The raw JSON report is written to var/audit/pip-audit.json.
set -euo pipefail
cd "$(dirname "$0")/.."

STRICT=0
for arg in "$@"; do
    case "$arg" in
        --strict) STRICT=1 ;;
        *) echo "usage: bash scripts/audit.sh [--strict]" >&2; exit 2 ;;
    esac
done

PIP_AUDIT_VERSION=2.10.1
AUDIT_VENV=.venv-audit
PROJECT_PY=.venv/bin/python
ACCEPTED=security/pip-audit-accepted.txt
REPORT=var/audit/pip-audit.json

if [ ! -x "$PROJECT_PY" ]; then
    echo "audit: no project virtualenv at .venv (run make setup first)" >&2
    exit 2
fi
SITE=$("$PROJECT_PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')

if ! "$AUDIT_VENV/bin/pip-audit" --version 2>/dev/null | grep -q " $PIP_AUDIT_VERSION\$"; then
    echo "audit: installing pip-audit $PIP_AUDIT_VERSION into $AUDIT_VENV/"
    rm -rf "$AUDIT_VENV"
    "$PROJECT_PY" -m venv "$AUDIT_VENV"
    "$AUDIT_VENV/bin/pip" install --quiet --disable-pip-version-check "pip-audit==$PIP_AUDIT_VERSION"
fi

mkdir -p "$(dirname "$REPORT")"
# PyPI's per-release JSON first (pip-audit's default), OSV when PyPI gave no data.
rm -f "$REPORT"
for service in pypi osv; do
    echo "audit: pip-audit $PIP_AUDIT_VERSION on $SITE (vulnerability data: $service)"
    # Exit code 1 also means "vulnerabilities found"; whether the audit ran is
    # decided by the report it must write.
    set +e
    "$AUDIT_VENV/bin/pip-audit" --path "$SITE" --vulnerability-service "$service" \
        --format json --output "$REPORT.$service" --progress-spinner off 2> "var/audit/pip-audit-$service.log"
    status=$?
    set -e
    if [ -s "$REPORT.$service" ]; then
        [ -s "$REPORT" ] || cp "$REPORT.$service" "$REPORT"
        if "$AUDIT_VENV/bin/python" -c '
import json, sys
deps = json.load(open(sys.argv[1]))["dependencies"]
sys.exit(0 if any(not d.get("skip_reason") for d in deps) else 1)' "$REPORT.$service"; then
            cp "$REPORT.$service" "$REPORT"
            break
        fi
        echo "audit: $service gave no vulnerability data for any package"
    else
        echo "audit: pip-audit with $service failed (exit $status): $(tail -1 "var/audit/pip-audit-$service.log")"
    fi
done
if [ ! -s "$REPORT" ]; then
    echo "audit: pip-audit could not run" >&2
    exit 2
fi

exec "$AUDIT_VENV/bin/python" - "$REPORT" "$ACCEPTED" "$STRICT" <<'PY'
import json
import sys
from pathlib import Path

report, accepted_file, strict = sys.argv[1], Path(sys.argv[2]), sys.argv[3] == "1"
data = json.loads(Path(report).read_text(encoding="utf-8"))
accepted = {}
if accepted_file.exists():
    for line in accepted_file.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
        if line:
            vuln_id, _, reason = line.partition(" ")
            accepted[vuln_id] = reason.strip()

rows, new = [], []
packages = data.get("dependencies", [])
for dep in packages:
    for vuln in dep.get("vulns", []):
        ids = [vuln["id"], *vuln.get("aliases", [])]
        ok = next((i for i in ids if i in accepted), None)
        row = (dep["name"], dep["version"], vuln["id"],
               ", ".join(vuln.get("fix_versions") or []) or "-",
               "accepted" if ok else "NEW")
        rows.append(row)
        if not ok:
            new.append(row)
skipped = [d for d in packages if d.get("skip_reason")]
if packages and len(skipped) == len(packages):
    print("\n" + "!" * 72)
    print(f"NOT AUDITED: pip-audit ran, but got no vulnerability data for any of the")
    print(f"{len(packages)} packages (the service answered 'not found' for every release or")
    print("could not be reached). Nothing was checked; run it where pypi.org's JSON")
    print("API or api.osv.dev is reachable.")
    print("!" * 72)
    sys.exit(3 if strict else 0)

header = ("package", "installed", "id", "fixed in", "status")
widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
print(f"\n{len(packages) - len(skipped)} packages audited, {len(skipped)} skipped (no data), "
      f"{len(rows)} known vulnerabilities in {len({r[0] for r in rows})} packages, "
      f"{len(rows) - len(new)} accepted, {len(new)} new.")
if rows:
    print()
    for r in [header, *sorted(rows)]:
        print("  ".join(str(v).ljust(w) for v, w in zip(r, widths)).rstrip())
found = {i for d in packages for v in d.get("vulns", []) for i in [v["id"], *v.get("aliases", [])]}
stale = sorted(set(accepted) - found)
if stale:
    print(f"\nNo longer reported (remove from {accepted_file}): " + ", ".join(stale))
if new:
    print("\n" + "!" * 72)
    print(f"NEW: {len(new)} finding(s) not in {accepted_file}:")
    for r in new:
        print(f"  {r[0]} {r[1]}: {r[2]} (fixed in {r[3]})")
    print("Judge each one: upgrade, or add it to the accepted list with a reason,")
    print("and update the table in docs/operations.md.")
    print("!" * 72)
    sys.exit(1 if strict else 0)
PY
