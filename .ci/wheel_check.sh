#!/usr/bin/env bash
# The package people install. Build the wheel; check that it pins no torch/torchvision/fastai; check with pip's
# resolver that installing it into Colab's and Kaggle's images, and beside the newest fastai/fastcore, changes no
# version those pin (.ci/constraints-*.txt, each for its image's Python); and on Python 3.10 (min_python) and 3.13
# (Colab's), install it into a clean virtualenv with nothing else and run every command's --help and colorize_demo
# (small). Run from the repository root.
#   WHEEL_PYTHONS="3.10 3.13" (default) chooses the other Pythons; an empty value skips them.
set -euo pipefail
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
python -m build --wheel --outdir "$tmp/dist" . > "$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
wheel=$(ls "$tmp"/dist/*.whl); echo "built $(basename "$wheel")"
pins=$(unzip -p "$wheel" '*.dist-info/METADATA' | grep -iE '^Requires-Dist: (torch|torchvision|fastai)[ <>=!~;]' | grep -v 'extra ==' || true)
echo "$pins" | sed 's/^/  /'
if echo "$pins" | grep -q '=='; then echo "FAILED: the wheel pins torch, torchvision or fastai exactly"; exit 1; fi
[ "$(echo "$pins" | grep -c .)" -eq 3 ] || { echo "FAILED: expected torch, torchvision and fastai in Requires-Dist"; exit 1; }

interpreter() {  # a python X.Y: pyenv's (this kind of machine), or one on PATH (GitHub's setup-python)
  ls -d ~/.pyenv/versions/"$1".*/bin/python 2>/dev/null | sort -V | tail -1 | grep . || command -v "python$1" || { echo "FAILED: no Python $1 here" >&2; return 1; }
}

for c in .ci/constraints-*.txt; do  # resolve only (package metadata, no torch download)
  py=$(interpreter "$(sed -n 's/^# python: //p' "$c")")
  "$py" -m pip install --dry-run --ignore-installed -q --report "$tmp/report.json" -c "$c" "$wheel" > "$tmp/dry.log" 2>&1 \
    || { grep -v "^WARNING: Location" "$tmp/dry.log" | grep -v '^ *Downloading\|━' | tail -20; echo "FAILED: installing the wheel under $c would change what it pins"; exit 1; }
  python - "$tmp/report.json" "$c" "$("$py" -V)" <<'PY'
import json, re, sys
got = {re.sub('[-_.]+', '-', i['metadata']['name'].lower()): i['metadata']['version'] for i in json.load(open(sys.argv[1]))['install']}
want = dict(l.strip().split('==') for l in open(sys.argv[2]) if '==' in l and not l.startswith('#'))
want = {re.sub('[-_.]+', '-', k.lower()): v for k, v in want.items()}
bad = {k: (v, got[k]) for k, v in want.items() if k in got and got[k].split('+')[0] != v}
key = [k for k in ('torch', 'fastai', 'fastcore', 'fastprogress', 'ipywidgets') if k in got]
new = sorted(k for k in got if k not in want and k != 'colorize-nbdev' and not k.startswith(('nvidia-', 'cuda-')) and k != 'triton')
print(f"  {sys.argv[2]} ({sys.argv[3]}): no pinned version changes; " + ', '.join(f'{k} {got[k]}' for k in key)
      + f"; {len(new)} packages it does not pin: {', '.join(new[:10])}{', ...' if len(new) > 10 else ''}")
sys.exit(f"FAILED: versions differ from the constraints: {bad}" if bad else 0)
PY
done

smoke() {  # $1: a virtualenv with the wheel installed. Every command answers --help; colorize_demo runs (small)
  (cd "$tmp" && for cmd in colorize colorize_train colorize_demo colorize_eval colorize_export; do
     "$1/bin/$cmd" --help > /dev/null || { echo "FAILED: $cmd --help"; exit 1; }
   done
   rm -rf "$tmp/demo"
   "$1/bin/colorize_demo" --out "$tmp/demo" --size 32 --pre_epochs 1 --gan_epochs 1 --device cpu > "$tmp/demo.log" 2>&1 || { tail -30 "$tmp/demo.log"; exit 1; }
   test -f "$tmp/demo/model/model.safetensors" && ls "$tmp/demo/before_after" | grep -q png
   "$1/bin/python" -c "import colorize_nbdev, sys; assert 'site-packages' in colorize_nbdev.__file__, colorize_nbdev.__file__; print('  installed wheel', colorize_nbdev.__version__, 'on Python', sys.version.split()[0], 'answers --help (5 commands) and runs colorize_demo')")
}

# A clean virtualenv per Python, the wheel and nothing else: on 3.10 (min_python) and 3.13 (Colab's). torch for them
# is a download from the package index (about 4 GB, 2 minutes here); the dev virtualenv's Python 3.11 is covered by
# every other check.
for v in ${WHEEL_PYTHONS-3.10 3.13}; do
  py=$(interpreter "$v"); t0=$(date +%s)
  "$py" -m venv "$tmp/venv$v"
  "$tmp/venv$v/bin/pip" install -q --upgrade pip > /dev/null 2>&1 || true
  "$tmp/venv$v/bin/pip" install -q "$wheel" 2>&1 | grep -v "^WARNING: Location" || true
  echo "  Python $v: installed in $(( $(date +%s) - t0 )) s, $(du -sh "$tmp/venv$v" | cut -f1) in the virtualenv"
  smoke "$tmp/venv$v"
  rm -rf "$tmp/venv$v"
done
