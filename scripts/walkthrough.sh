#!/usr/bin/env bash
# Runs the README's walkthrough on a fresh store and writes docs/operations.md with its output.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -f /tmp/walkthrough.db /tmp/walkthrough.db-wal /tmp/walkthrough.db-shm
export AKASA_DB=/tmp/walkthrough.db AKASA_NOW=2026-12-01T12:00:00Z NO_COLOR=1 COLUMNS=100
out=docs/operations.md
step() { # title, explanation, command...
  local title=$1 text=$2; shift 2
  { printf '\n## %s\n\n%s\n\n```console\n$ akasa %s\n' "$title" "$text" "$*"; ./bin/akasa "$@" 2>&1 | sed 's/[[:space:]]*$//'; printf '```\n'; } >> "$out"
}
cat > "$out" <<'MD'
# A disruption, start to finish

The README's walkthrough with what each step prints, for the operations desk. It runs on the
fixtures' day, 1 December 2026, at 17:30 IST: `AKASA_NOW` sets akasa's clock, and `--date today`
means that day in IST. Regenerate this file with `bash scripts/walkthrough.sh` after changing
what these commands print.

```sh
export AKASA_DB=/tmp/walkthrough.db AKASA_NOW=2026-12-01T12:00:00Z
```
MD
step 'A store with the fixtures' 'One command creates the store and loads the schedule, customers and bookings (running it again adds nothing).' db seed
step 'The evening flights to Delhi' 'Six flights a day on the trunk route; QP2001 leaves at 18:30 with 11 seats sold.' flight list --from BOM --to DEL --date today
step 'One more passenger' 'A booking made an hour before departure, still inside check-in. `--quiet` prints only the locator, for scripts.' booking create --customer CUST007 --flight QP2001 --date today --quiet
step 'The feed reports a delay, then a cancellation' 'Four events from the operations feed. The delay opens a medium alert; the cancellation opens a critical one and supersedes the delay. Every passenger on board at each change is told.' event ingest fixtures/events/qp2001-disruption.jsonl
step 'The alert queue' 'Open alerts, most severe first.' alert list
step 'Who is affected' 'Everyone holding a seat on the flight-date now (pending and confirmed), their channel, and what happens next.' alert show 2
step 'The re-protection plan' 'Passengers by priority (special assistance, loyalty tier, fare, booking time), each with the flight and seat akasa would give them. Nothing changes yet.' reaccommodate QP2001 --date today --dry-run
step 'Apply it' 'All moves in one transaction against live inventory: nobody is oversold, each passenger gets a history entry and a message with the new itinerary.' reaccommodate QP2001 --date today
step 'What each passenger was told' 'Every message recorded for this alert, newest first.' notification list --alert 2 --limit 5
step 'What the disruption costs' 'Entitlements under the DGCA rules: these passengers were moved more than two hours from their booked time after a late cancellation, so compensation is owed, capped at the fare.' entitlements --flight QP2001 --date today
