#!/usr/bin/env bash
# The package people install: build the wheel, check that it pins no torch/torchvision/fastai and that it
# resolves beside older ones (as on Colab/Kaggle), install it into a clean virtualenv with nothing else,
# run every command's --help, and colorize_demo for real (small). Run from the repository root.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python -m build --wheel --outdir "$tmp/dist" . > "$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
wheel=$(ls "$tmp"/dist/*.whl); echo "built $(basename "$wheel")"
python3 -m venv "$tmp/venv"
pins=$(unzip -p "$wheel" '*.dist-info/METADATA' | grep -iE '^Requires-Dist: (torch|torchvision|fastai)[ <>=!~;]' | grep -v 'extra ==' || true)
echo "$pins" | sed 's/^/  /'
if echo "$pins" | grep -q '=='; then echo "FAILED: the wheel pins torch, torchvision or fastai exactly"; exit 1; fi
[ "$(echo "$pins" | grep -c .)" -eq 3 ] || { echo "FAILED: expected torch, torchvision and fastai in Requires-Dist"; exit 1; }
for c in .ci/constraints-*.txt; do  # resolve only (package metadata, no torch download)
  "$tmp/venv/bin/pip" install --dry-run -q --report "$tmp/report.json" -c "$c" "$wheel" > "$tmp/dry.log" 2>&1 \
    || { grep -v "^WARNING: Location" "$tmp/dry.log" | tail -20; echo "FAILED: the wheel does not resolve under $c"; exit 1; }
  "$tmp/venv/bin/python" - "$tmp/report.json" "$c" <<'PY'
import json, sys
got = {i['metadata']['name'].lower(): i['metadata']['version'] for i in json.load(open(sys.argv[1]))['install']}
want = dict(l.strip().split('==') for l in open(sys.argv[2]) if '==' in l and not l.startswith('#'))
bad = {k: (v, got.get(k)) for k, v in want.items() if got.get(k, '').split('+')[0] != v}
print(f"  resolves under {sys.argv[2]}: " + ', '.join(f'{k} {got.get(k)}' for k in want))
sys.exit(f"FAILED: resolved versions differ from the constraints: {bad}" if bad else 0)
PY
done
"$tmp/venv/bin/pip" install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
cd "$tmp"  # away from the source tree: the installed package must stand alone
for cmd in colorize colorize_train colorize_demo colorize_eval colorize_export; do
  "$tmp/venv/bin/$cmd" --help > /dev/null || { echo "FAILED: $cmd --help"; exit 1; }
done
echo "all five commands answer --help"
"$tmp/venv/bin/colorize_demo" --out "$tmp/demo" --size 32 --pre_epochs 1 --gan_epochs 1 --device cpu > "$tmp/demo.log" 2>&1 || { tail -30 "$tmp/demo.log"; exit 1; }
test -f "$tmp/demo/model/model.safetensors" && ls "$tmp/demo/before_after" | grep -q png
"$tmp/venv/bin/python" -c "import colorize_nbdev, sys; assert 'site-packages' in colorize_nbdev.__file__, colorize_nbdev.__file__; print('installed wheel', colorize_nbdev.__version__, 'runs colorize_demo')"
