#!/usr/bin/env bash
# Prints the call sites the engine finds in a fixture folder, one line each.
cd "$(dirname "$0")/../.."
node --import tsx scripts/dev/genexp.ts "$1" | python3 -c "
import json,sys
d=json.load(sys.stdin)
for c in d['calls']: print(c['id'], '|', c['sdk'], c['api'], '|', c['model']['resolved'], c['model']['source'], c['model'].get('note',''), '|', c.get('wrapper',''), '|', c['prompt'], '|', c['signals'])"
