#!/usr/bin/env bash
# The package people install: build the wheel, install it into a clean virtualenv with nothing else,
# run every command's --help, and colorize_demo for real (small). Run from the repository root.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python -m build --wheel --outdir "$tmp/dist" . > "$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
wheel=$(ls "$tmp"/dist/*.whl); echo "built $(basename "$wheel")"
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
cd "$tmp"  # away from the source tree: the installed package must stand alone
for cmd in colorize colorize_train colorize_demo colorize_eval colorize_export; do
  "$tmp/venv/bin/$cmd" --help > /dev/null || { echo "FAILED: $cmd --help"; exit 1; }
done
echo "all five commands answer --help"
"$tmp/venv/bin/colorize_demo" --out "$tmp/demo" --size 32 --pre_epochs 1 --gan_epochs 1 --device cpu > "$tmp/demo.log" 2>&1 || { tail -30 "$tmp/demo.log"; exit 1; }
test -f "$tmp/demo/model/model.safetensors" && ls "$tmp/demo/before_after" | grep -q png
"$tmp/venv/bin/python" -c "import colorize_nbdev, sys; assert 'site-packages' in colorize_nbdev.__file__, colorize_nbdev.__file__; print('installed wheel', colorize_nbdev.__version__, 'runs colorize_demo')"
