#!/usr/bin/env bash
# `make eval`: known-item search on ANT v2.1 (train+dev bodies, dev titles)
# for our analyzer and both baselines, all queries.
set -euo pipefail
khabar=$1; shared=$2
ant="$shared/data/ant-corpus-v2.1-multisource"
if [ ! -f "$ant/ant-corpus-v2.1-multisource.dev.jsonl" ]; then
  echo "eval: $ant not found; nothing to evaluate" >&2
  exit 0
fi
"$khabar" eval search \
  --corpus "$ant/ant-corpus-v2.1-multisource.train.jsonl" \
  --corpus "$ant/ant-corpus-v2.1-multisource.dev.jsonl" \
  --queries "$ant/ant-corpus-v2.1-multisource.dev.jsonl" \
  --field title --analyzer khabar --analyzer snowball --analyzer unicode61
