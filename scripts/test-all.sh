#!/usr/bin/env bash
# The whole test suite, as CI runs it: `npm test` (the developer's loop), `npm run test:long` (whole
# simulated years of every plan) and `npm run test:cluster` (the integration tests against the
# Temporal server on PostgreSQL, which is stopped again however the run ends).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
start=$SECONDS
took() { echo "test-all: $1 took $((SECONDS - start)) s"; start=$SECONDS; }
npm test
took "npm test"
npm run test:long
took "npm run test:long"
trap 'bash scripts/cluster.sh down >/dev/null 2>&1 || true' EXIT
npm run test:cluster
took "npm run test:cluster"
