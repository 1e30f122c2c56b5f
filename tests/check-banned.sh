#!/usr/bin/env bash
# Rejects C functions this project does not use (STYLE.md): unbounded string
# copies, sprintf, strtok, atoi. Prints each hit and fails.
set -u
cd "$(dirname "$0")/.."
pattern='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)[[:space:]]*\('
hits=$(grep -rnE "$pattern" src tests --include='*.c' --include='*.h' | grep -v 'check-banned' || true)
if [ -n "$hits" ]; then
  echo "banned functions used (see STYLE.md):"
  echo "$hits"
  exit 1
fi
echo "check-banned: no banned functions"
