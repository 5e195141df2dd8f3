#!/bin/sh
# Validates SARIF files with Microsoft's SARIF Multitool and GitHub's rules
# (--rule-kind "Sarif;Ghas"). Fails when the validator reports anything at all:
# an error, a warning or a note.
#
#   scripts/sarif-validate.sh FILE...
#
# The Multitool is installed from npm (@microsoft/sarif-multitool) on first
# use into $PGSAFE_SARIF_CACHE (default: $HOME/.cache/pgsafe-sarif).
# $PGSAFE_SARIF_ALLOW may name validator rules to tolerate (space separated),
# e.g. SARIF2005 when pgsafe was built where no repository URL is known, so
# its output has no tool.driver.informationUri.
set -eu

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

cache=${PGSAFE_SARIF_CACHE:-${HOME:-/tmp}/.cache/pgsafe-sarif}
tool="$cache/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -e "$tool" ]; then
  mkdir -p "$cache"
  # Serialize concurrent first installs (tests may run in parallel).
  (
    if command -v flock >/dev/null 2>&1; then flock 9; fi
    if [ ! -e "$tool" ]; then
      (cd "$cache" && npm install --no-audit --no-fund --loglevel=error @microsoft/sarif-multitool >&2)
    fi
  ) 9>"$cache/.lock"
fi
# npm may skip the package's install script that makes the binary executable.
chmod u+x "$tool"

status=0
for f in "$@"; do
  out=$(mktemp "${TMPDIR:-/tmp}/pgsafe-sarif-validate.XXXXXX")
  # The .NET runtime inside the Multitool needs no ICU for this.
  if ! DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$tool" validate "$f" --rule-kind "Sarif;Ghas" \
      --log ForceOverwrite --max-file-size-in-kb 1000000 -o "$out" >"$out.log" 2>&1; then
    echo "sarif-validate: $f: the validator failed:" >&2
    cat "$out.log" >&2
    status=1
  elif ! python3 - "$f" "$out" <<'PY'
import json, sys
src, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8-sig") as fh:
    log = json.load(fh)
found = []
texts = {}
for run in log.get("runs", []):
    for rule in (run.get("tool", {}).get("driver", {}).get("rules") or []):
        for mid, m in (rule.get("messageStrings") or {}).items():
            texts[(rule.get("id"), mid)] = m.get("text", "")
    found += run.get("results") or []
for run in log.get("runs", []):
    for inv in run.get("invocations") or []:
        for n in (inv.get("toolExecutionNotifications") or []) + (inv.get("toolConfigurationNotifications") or []):
            if n.get("level", "warning") in ("error", "warning"):
                found.append(n)
import os
allow = set(os.environ.get("PGSAFE_SARIF_ALLOW", "").split())
for r in found:
    if (r.get("ruleId") or "") in allow:
        print(f"{src}: tolerated (PGSAFE_SARIF_ALLOW): {r.get('ruleId')}", file=sys.stderr)
found = [r for r in found if (r.get("ruleId") or "") not in allow]
for r in found:
    rid = r.get("ruleId") or (r.get("descriptor") or {}).get("id", "?")
    m = r.get("message", {})
    msg = m.get("text") or texts.get((rid, m.get("id")), m.get("id", ""))
    for i, a in enumerate(m.get("arguments") or []):
        msg = msg.replace("{%d}" % i, str(a))
    print(f"{src}: {r.get('level', 'warning')} {rid}: {msg}", file=sys.stderr)
sys.exit(1 if found else 0)
PY
  then
    status=1
  fi
  rm -f "$out" "$out.log"
done
exit $status
